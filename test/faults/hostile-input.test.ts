// Hostile input against every operation of the three specs: generated wrong types, missing and extra
// fields, huge strings and numbers, unicode, NUL and invalid UTF-8, malformed JSON, wrong content
// types, deep and huge query strings, duplicated parameters, over-long URLs, odd methods and garbage
// Authorization / X-With-Server-Date headers. Every answer must be a DfE-shaped 4xx (or a success the
// spec documents), never a 5xx, never slower than 5 s; the server stays healthy afterwards.
// `FAULTS_SEED=<n>` replays a run; a failure prints fast-check's seed and path.
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { request } from 'undici';
import { buildTestApi } from '../helpers/app.ts';
import { SpecMismatch } from '../helpers/spec-validator.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { root } from './server-process.ts';

const TOTAL_RUNS = Number(process.env.FAULTS_RUNS ?? 10_000);
const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : Math.floor(Math.random() * 2 ** 31);
t.comment(`hostile input: FAULTS_SEED=${seed}, ${TOTAL_RUNS} cases`);

const REQUEST_DEADLINE_MS = 5000;
const ACCEPTED_ERRORS = new Set([400, 401, 404, 405, 413, 415, 422]);
const ACCEPTED_SUCCESSES = new Set([200, 201, 204]);

type Json = Record<string, unknown>;

// --- The operations, read from the specs -------------------------------------------------------

interface Operation {
  version: string;
  method: string;
  path: string;
  operationId: string;
  /** Query parameter names the spec lists, in their wire form (`filter[cohort]`, `page[per_page]`, `sort`). */
  queryNames: string[];
  /** Every property name and enum value under the request body schema. */
  bodyNames: string[];
  bodyValues: string[];
  hasBody: boolean;
}

function loadOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const version of ['v1', 'v2', 'v3']) {
    const spec = parse(readFileSync(`${root}/specs/${version}.yaml`, 'utf8')) as Json;
    const resolve = (node: unknown): unknown => {
      const ref = (node as { $ref?: string } | null)?.$ref;
      if (!ref) return node;
      return resolve(ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Json)[key], spec));
    };
    const collect = (node: unknown, names: Set<string>, values: Set<string>, seen = new Set<unknown>()) => {
      const resolved = resolve(node);
      if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return;
      seen.add(resolved);
      const schema = resolved as Json;
      for (const value of (schema.enum as unknown[] | undefined) ?? []) values.add(String(value));
      for (const [name, child] of Object.entries((schema.properties as Json | undefined) ?? {})) {
        names.add(name);
        collect(child, names, values, seen);
      }
      for (const key of ['items', 'oneOf', 'anyOf', 'allOf']) {
        const child = schema[key];
        for (const each of Array.isArray(child) ? child : child ? [child] : []) collect(each, names, values, seen);
      }
    };
    for (const [path, item] of Object.entries(spec.paths as Json)) {
      for (const [method, raw] of Object.entries(item as Json)) {
        if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
        const operation = raw as Json;
        const queryNames = new Set<string>();
        for (const parameter of ((operation.parameters as unknown[]) ?? []).map(resolve) as Json[]) {
          if (parameter.in !== 'query') continue;
          const names = new Set<string>();
          collect(parameter.schema, names, new Set());
          if (names.size === 0) queryNames.add(String(parameter.name));
          for (const name of names) queryNames.add(`${parameter.name}[${name}]`);
        }
        const bodyNames = new Set<string>();
        const bodyValues = new Set<string>();
        const requestBody = resolve(operation.requestBody) as Json | undefined;
        for (const media of Object.values((requestBody?.content as Json | undefined) ?? {})) collect((media as Json).schema, bodyNames, bodyValues);
        operations.push({
          version,
          method: method.toUpperCase(),
          path,
          operationId: String(operation.operationId),
          queryNames: [...queryNames],
          bodyNames: [...bodyNames],
          bodyValues: [...bodyValues],
          hasBody: requestBody !== undefined,
        });
      }
    }
  }
  return operations;
}

const operations = loadOperations();

// --- The server, with data behind the ids ------------------------------------------------------

// Thousands of requests on one token: far above the per-token limit, which has tests of its own.
const api = await buildTestApi(t, { RATE_LIMIT_MAX: 10_000_000 });
const providerName = 'Ambition Institute';
const token = await api.tokenFor(providerName);
const providerId = await api.providerId(providerName);
const run = scenarioRunner(api.database.prisma, new NameSource('fz'));
for (const scenario of ['ect-with-mentor', 'declaration-states', 'transfer-new-school', 'unfunded-mentor', 'delivery-partners', 'challenged-partnership']) {
  await run(scenario, providerId);
}

async function firstId(url: string): Promise<string> {
  const response = await api.request({ method: 'GET', url, token });
  const id = (JSON.parse(response.body) as { data?: { id: string }[] }).data?.[0]?.id;
  if (!id) throw new Error(`no id from ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return id;
}

/** A real id for each `{id}` resource, so some cases reach the handlers' domain checks. */
const realIds: Record<string, string> = {
  'participants': await firstId('/api/v3/participants/ecf'),
  'participant-declarations': await firstId('/api/v3/participant-declarations'),
  'partnerships': await firstId('/api/v3/partnerships/ecf'),
  'schools': await firstId('/api/v3/schools/ecf?filter[cohort]=2024'),
  'delivery-partners': await firstId('/api/v3/delivery-partners'),
  'unfunded-mentors': await firstId('/api/v3/unfunded-mentors/ecf'),
  'statements': await firstId('/api/v3/statements'),
};

function realIdFor(path: string): string {
  const resource = /^\/api\/v\d\/([a-z-]+)/.exec(path)?.[1] ?? '';
  return realIds[resource] ?? realIds.participants!;
}

// --- Generators ---------------------------------------------------------------------------------

const hugeString = fc.integer({ min: 1000, max: 64_000 }).chain((length) => fc.constantFrom('a', 'é', '😀', '\u0000', '%', '"').map((c) => c.repeat(length)));
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '\u0000', 'null', 'true', '-1', '0', '1e309', '9'.repeat(400), '2024-13-45T25:61:61Z', '../../etc/passwd', "' OR 1=1 --", '\uD800', '\uFFFE', '<script>', '%00', '${x}', 'NaN', 'Infinity'),
  hugeString,
);
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, 0, -0));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Percent-encoded UTF-8 (a lone surrogate becomes U+FFFD, where encodeURIComponent would throw). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
}

/** A URL component: percent-encoded text, or raw percent sequences that are not valid UTF-8 (or not valid at all). */
const urlComponent = fc.oneof(
  hostileString.map((text) => percentEncoded(text).slice(0, 25_000)),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%C3%28', '%FF%FE', '%00', '%ED%A0%80', '..', '%2e%2e%2f', '[', ']', '[]', '%5B%5D'),
);

function idArb(operation: Operation) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(realIdFor(operation.path)) },
    { weight: 1, arbitrary: fc.uuid().map(String) },
    // Not a dot segment: the URL parser would resolve it to another route before it is sent.
    { weight: 2, arbitrary: urlComponent.filter((s) => s.length > 0 && !/^(\.|%2e){1,2}$/i.test(s)) },
    { weight: 1, arbitrary: fc.integer({ min: 2049, max: 20_000 }).map((n) => 'a'.repeat(n)) },
  );
}

function queryArb(operation: Operation) {
  const knownKey = operation.queryNames.length ? fc.constantFrom(...operation.queryNames) : fc.constant('filter[cohort]');
  const key = fc.oneof(
    { weight: 4, arbitrary: knownKey },
    { weight: 1, arbitrary: urlComponent },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('filter', 'page', 'sort'), fc.integer({ min: 1, max: 60 })).map(([name, depth]) => `${name}${'[a]'.repeat(depth)}`) },
    { weight: 1, arbitrary: knownKey.map((name) => `${name}[]`) },
  );
  const value = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('2021', '2024', '1', '0', '-1', '100', '3000', 'created_at', '-updated_at', '2024-01-01T00:00:00Z', 'active', 'ecf-induction') },
    { weight: 3, arbitrary: urlComponent },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const pair = fc.tuple(key, value).map(([k, v]) => (v === null ? k : `${k}=${v}`));
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(pair, { maxLength: 8 }).map((pairs) => pairs.join('&')) },
    // Many, repeated parameters.
    { weight: 1, arbitrary: fc.tuple(pair.map((p) => p.slice(0, 60)), fc.integer({ min: 100, max: 1000 })).map(([p, n]) => Array(n).fill(p).join('&')) },
    { weight: 1, arbitrary: fc.tuple(pair.map((p) => p.slice(0, 60)), fc.integer({ min: 100, max: 1000 })).map(([p, n]) => Array.from({ length: n }, (_, i) => `${p}${i}`).join('&')) },
    // A 20,000-character query string.
    { weight: 1, arbitrary: fc.constantFrom('a', '%00', '[', '&', '=').map((c) => `filter[cohort]=${c.repeat(Math.ceil(20_000 / c.length))}`) },
  );
}

function attributesArb(operation: Operation) {
  const names = operation.bodyNames.length ? operation.bodyNames : ['course_identifier'];
  const known = fc.constantFrom(...names);
  const valueForKnown = fc.oneof(
    { weight: 2, arbitrary: operation.bodyValues.length ? fc.constantFrom(...operation.bodyValues) : fc.constant('x') },
    { weight: 1, arbitrary: fc.constant(realIdFor(operation.path)) },
    { weight: 3, arbitrary: hostileValue },
  );
  return fc.tuple(
    fc.dictionary(known, valueForKnown, { maxKeys: names.length }),
    fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 3 }),
  ).map(([spec, extra]) => ({ ...extra, ...spec }));
}

interface Body {
  payload?: string | Buffer;
  contentType?: string;
}

function bodyArb(operation: Operation): fc.Arbitrary<Body> {
  const json = fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom(...(operation.bodyValues.length ? operation.bodyValues : ['x'])), hostileValue), attributes: fc.oneof({ weight: 5, arbitrary: attributesArb(operation) }, { weight: 1, arbitrary: hostileValue }) }, { requiredKeys: [] }).map((data) => JSON.stringify({ data })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('data', 'errors', 'attributes', '__proto__', 'constructor'), hostileValue).map(([key, value]) => `{"${key}":${JSON.stringify(value) ?? 'null'}}`) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  );
  const payload = fc.oneof(
    { weight: 6, arbitrary: json },
    // Malformed JSON: truncated, trailing garbage, or plain text.
    { weight: 1, arbitrary: json.chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut))) },
    { weight: 1, arbitrary: fc.tuple(json, hostileString).map(([text, tail]) => `${text}${tail}`) },
    { weight: 1, arbitrary: hostileString },
    // Raw bytes: NUL, invalid UTF-8, a BOM.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: json.map((text) => Buffer.concat([Buffer.from(text.slice(0, -2)), Buffer.from([0xff, 0xc3, 0x28, 0x00]), Buffer.from(text.slice(-2))])) },
    { weight: 1, arbitrary: json.map((text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])) },
    // A body just over the 1 MB limit (the 2 MB and 20 MB bodies go through a real socket below).
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ data: { attributes: { x: 'y'.repeat(1024 * 1024) } } })) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/vnd.api+json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'text/csv', 'text/x-json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1', '*/*', 'application/', ';;;', '') },
    { weight: 1, arbitrary: hostileString.map((s) => headerSafe(s).slice(0, 300)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc.oneof(
    { weight: operation.hasBody ? 8 : 2, arbitrary: fc.record({ payload, contentType }, { requiredKeys: ['payload', 'contentType'] }) as fc.Arbitrary<Body> },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

/** Header values may carry only tab, visible ASCII and obs-text; anything else is dropped. */
function headerSafe(value: string): string {
  return [...Buffer.from(value, 'latin1')].filter((byte) => byte === 9 || (byte >= 0x20 && byte !== 0x7f)).map((byte) => String.fromCharCode(byte)).join('').trim();
}

const authorizationArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`Bearer ${token}`) },
  { weight: 1, arbitrary: fc.constant(`Token token="${token}"`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', `bearer  ${token} `, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, 'Token token=""', 'Token token="', `Bearer ${token}, Bearer ${token}`) },
  { weight: 1, arbitrary: hostileString.map((s) => headerSafe(`Bearer ${s}`).slice(0, 20_000)) },
  { weight: 1, arbitrary: fc.integer({ min: 8 * 1024, max: 60 * 1024 }).map((n) => `Bearer ${'x'.repeat(n)}`) },
);
const serverDateArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2024-02-30T00:00:00Z', '0000-00-00T00:00:00Z', '9999-12-31T23:59:59.999999999+99:99', '2024-01-01 00:00', 'now', '', 'x'.repeat(10_000), '2024-01-01T00:00:00Z\t') },
  { weight: 1, arbitrary: hostileString.map((s) => headerSafe(s).slice(0, 20_000)) },
);
const ODD_METHODS = ['PROPFIND', 'TRACE', 'PATCH', 'DELETE', 'OPTIONS', 'MKCOL', 'LOCK', 'PURGE', 'SEARCH', 'QUERY', 'COPY', 'MOVE', 'POST', 'PUT', 'GET'];

function caseArb(operation: Operation) {
  return fc.record({
    method: fc.oneof({ weight: 8, arbitrary: fc.constant(operation.method) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
    id: idArb(operation),
    query: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: queryArb(operation) }),
    body: bodyArb(operation),
    authorization: authorizationArb,
    serverDate: serverDateArb,
  });
}

type Case = ReturnType<typeof caseArb> extends fc.Arbitrary<infer C> ? C : never;

// --- Checks -------------------------------------------------------------------------------------

/** Why an answer is not acceptable, or null. */
function problemWith(status: number, contentType: string, body: string): string | null {
  if (status >= 500) return `a ${status}`;
  if (ACCEPTED_SUCCESSES.has(status)) return null;
  if (!ACCEPTED_ERRORS.has(status)) return `status ${status} is not a documented error status`;
  if (!contentType.startsWith('application/vnd.api+json') && !contentType.startsWith('application/json')) return `a ${status} as ${contentType || 'no content type'}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `a ${status} whose body is not JSON: ${body.slice(0, 200)}`;
  }
  if (status === 401) return body === '{"error":"HTTP Token: Access denied"}' ? null : `a 401 with ${body.slice(0, 200)}`;
  const shape = parsed as { error?: unknown; errors?: unknown };
  if (typeof shape.error === 'string' && Object.keys(shape).length === 1) return null;
  if (Array.isArray(shape.errors) && shape.errors.length > 0 && Object.keys(shape).length === 1
    && shape.errors.every((item: Json) => typeof item?.title === 'string' && typeof item?.detail === 'string' && Object.keys(item).length === 2)) return null;
  return `a ${status} that is not DfE-shaped: ${body.slice(0, 300)}`;
}

function withDeadline<T>(promise: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${label}: no answer within ${REQUEST_DEADLINE_MS} ms`)), REQUEST_DEADLINE_MS); }),
  ]).finally(() => clearTimeout(timer));
}

function describe(operation: Operation, c: Case): string {
  return `${c.method} ${operation.path} (${operation.operationId})`;
}

let casesSent = 0;
const slowest: [number, string][] = [];
/** Error statuses the product answers that the operation's spec does not list, with a count each. */
const undocumented = new Map<string, number>();

/**
 * api.request checks the answer against the operation's spec. The published specs list no 400 for
 * some operations (a lookup by id, a void) that still refuse a bad header or body with one; such an
 * answer is counted and held to the DfE error shape instead.
 */
async function specChecked(options: Parameters<typeof api.request>[0]) {
  try {
    return await api.request(options);
  } catch (error) {
    const status = /^(\w+): status (\d+) is not in the spec/.exec((error as Error).message);
    if (!(error instanceof SpecMismatch) || !status) throw error;
    const key = `${status[1]} ${status[2]}`;
    undocumented.set(key, (undocumented.get(key) ?? 0) + 1);
    return api.app.inject(options);
  }
}

async function send(operation: Operation, c: Case): Promise<void> {
  const path = operation.path.replace('{id}', c.id);
  const url = c.query ? `${path}?${c.query}` : path;
  const headers: Record<string, string> = {};
  if (c.authorization !== undefined) headers.authorization = c.authorization;
  if (c.serverDate !== undefined) headers['x-with-server-date'] = c.serverDate;
  if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType;
  casesSent += 1;
  const sendStarted = performance.now();
  const options = { method: c.method as 'GET', url, headers, ...(c.body.payload !== undefined ? { payload: c.body.payload } : {}) };
  // The operation's own verb is checked against its spec too (api.request); another verb is not an
  // operation, and an early refusal (a bad X-With-Server-Date, say) may come before its 404.
  const ownVerb = c.method === operation.method || (c.method === 'PATCH' && operation.method === 'PUT');
  const response = await withDeadline(ownVerb ? specChecked(options) : api.app.inject(options), describe(operation, c));
  slowest.push([performance.now() - sendStarted, `${describe(operation, c)} ${url.slice(0, 100)} ${String(c.body.payload ?? '').length}B`]);
  slowest.sort((a, b) => b[0] - a[0]).splice(8);
  const problem = problemWith(response.statusCode, String(response.headers['content-type'] ?? ''), response.body);
  if (problem) throw new Error(`${describe(operation, c)} answered ${problem}`);
}

async function healthy(t: Test) {
  const health = await api.app.inject({ method: 'GET', url: '/healthcheck' });
  t.equal(health.statusCode, 200, 'GET /healthcheck answers 200');
  const list = await api.request({ method: 'GET', url: '/api/v3/participants/ecf?page[per_page]=5', token });
  t.equal(list.statusCode, 200, 'an ordinary authenticated list answers 200');
}

// --- Fixed regressions and the generated cases --------------------------------------------------

await t.test('fixed hostile examples', async (t) => {
  const participant = realIds.participants!;
  const examples: [string, Case][] = [
    ['NUL in a path id', { method: 'GET', id: '%00', query: '', body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['invalid UTF-8 in a path id', { method: 'GET', id: '%C3%28%FF', query: '', body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['a 20,000-character id', { method: 'GET', id: 'a'.repeat(20_000), query: '', body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['PROPFIND on a list', { method: 'PROPFIND', id: participant, query: '', body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['TRACE on a list', { method: 'TRACE', id: participant, query: '', body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['deep filter nesting', { method: 'GET', id: participant, query: `filter${'[a]'.repeat(200)}=1`, body: {}, authorization: `Bearer ${token}`, serverDate: undefined }],
    ['a 64 KB Authorization header', { method: 'GET', id: participant, query: '', body: {}, authorization: `Bearer ${'x'.repeat(64 * 1024)}`, serverDate: undefined }],
    ['a garbage X-With-Server-Date', { method: 'GET', id: participant, query: '', body: {}, authorization: `Bearer ${token}`, serverDate: '\u00ff\u00fe' }],
  ];
  const list = operations.find((op) => op.operationId === 'listParticipantsEcf' && op.version === 'v3')!;
  const get = operations.find((op) => op.operationId === 'getParticipantEcf' && op.version === 'v3')!;
  const defer = operations.find((op) => op.operationId === 'deferParticipantEcf' && op.version === 'v3')!;
  for (const [label, c] of examples) {
    await t.resolves(send(c.method === 'GET' && c.id !== participant ? get : list, c), label);
  }
  for (const [label, payload] of [
    ['NUL inside JSON strings', '{"data":{"type":"participant-defer","attributes":{"reason":"\\u0000","course_identifier":"\\u0000"}}}'],
    ['invalid UTF-8 bytes in the body', Buffer.from([0x7b, 0x22, 0x64, 0x61, 0x74, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d])],
    ['a huge number', '{"data":{"type":"participant-defer","attributes":{"reason":1e400,"course_identifier":123456789012345678901234567890}}}'],
    ['__proto__ as attributes', '{"data":{"type":"participant-defer","attributes":{"__proto__":{"course_identifier":"ecf-induction"}}}}'],
  ] as const) {
    await t.resolves(send(defer, { method: 'PUT', id: participant, query: '', body: { payload, contentType: 'application/json' }, authorization: `Bearer ${token}`, serverDate: undefined }), label);
  }
  // Found by this file: a NUL in v2's free-text evidence_held reached the declaration attempt log
  // (PostgreSQL text cannot hold U+0000) and answered a 500.
  const create = operations.find((op) => op.operationId === 'createParticipantDeclaration' && op.version === 'v2')!;
  for (const evidence of ['\u0000', '\u0000'.repeat(1000), 'training-event-attended\u0000']) {
    const payload = JSON.stringify({ data: { type: 'participant-declaration', attributes: { participant_id: participant, declaration_type: 'started', declaration_date: '2024-10-01T00:00:00Z', course_identifier: 'ecf-induction', evidence_held: evidence } } });
    await t.resolves(send(create, { method: 'POST', id: participant, query: '', body: { payload, contentType: 'application/json' }, authorization: `Bearer ${token}`, serverDate: undefined }), `NUL in evidence_held (${evidence.length} characters)`);
  }
  await healthy(t);
});

await t.test(`${TOTAL_RUNS} generated cases over ${operations.length} operations`, async (t) => {
  const started = Date.now();
  const perOperation = Math.ceil(TOTAL_RUNS / operations.length);
  for (const [index, operation] of operations.entries()) {
    // One replayable stream per operation, derived from the run's seed.
    const operationSeed = (seed + index * 7919) | 0;
    const operationStarted = Date.now();
    const result = await fc.check(fc.asyncProperty(caseArb(operation), (c) => send(operation, c)), { numRuns: perOperation, seed: operationSeed, maxSkipsPerRun: 1000 });
    if (result.failed) {
      const error = (result.errorInstance as Error | undefined)?.message ?? '';
      t.fail(`${operation.version} ${operation.method} ${operation.path}: ${error.slice(0, 1000)}\n${fc.defaultReportMessage(result) ?? ''}`.slice(0, 4000));
    } else {
      t.pass(`${operation.version} ${operation.method} ${operation.path}: ${result.numRuns} cases in ${Date.now() - operationStarted} ms`);
    }
  }
  t.ok(casesSent >= TOTAL_RUNS, `${casesSent} requests sent (at least ${TOTAL_RUNS})`);
  for (const [key, count] of undocumented) t.comment(`answered although the spec lists no such status: ${key} (${count}×)`);
  for (const [ms, what] of slowest) t.comment(`slow: ${ms.toFixed(0)} ms ${what}`);
  t.comment(`generated cases took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await healthy(t);
});

await t.test('2 MB and 20 MB bodies through a real socket', async (t) => {
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `${address}/api/v3/participant-declarations`;
  for (const megabytes of [2, 20]) {
    const payload = JSON.stringify({ data: { type: 'participant-declaration', attributes: { participant_id: 'y'.repeat(megabytes * 1024 * 1024) } } });
    for (const framing of ['content-length', 'chunked'] as const) {
      const label = `${megabytes} MB, ${framing}`;
      // Chunked: a stream body, so no Content-Length is announced and the limit is met mid-stream.
      const body = framing === 'chunked'
        ? Readable.from((function* () { for (let at = 0; at < payload.length; at += 64 * 1024) yield payload.slice(at, at + 64 * 1024); })())
        : payload;
      const started = Date.now();
      let response;
      try {
        response = await withDeadline(request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          headersTimeout: REQUEST_DEADLINE_MS,
          bodyTimeout: REQUEST_DEADLINE_MS,
        }), label);
      } catch (error) {
        // Having answered the 400, the server may close the socket while the client is still
        // uploading; the client then sees the write fail rather than the answer. Still a refusal.
        const code = (error as { code?: string }).code;
        t.ok(code === 'EPIPE' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET', `${label}: refused mid-upload (${code})`);
        t.ok(Date.now() - started < REQUEST_DEADLINE_MS, `${label}: refused in ${Date.now() - started} ms`);
        continue;
      }
      const text = await response.body.text();
      t.equal(problemWith(response.statusCode, String(response.headers['content-type'] ?? ''), text), null, `${label}: a DfE-shaped ${response.statusCode} (${text.slice(0, 120)})`);
      t.ok(ACCEPTED_ERRORS.has(response.statusCode), `${label}: refused`);
      t.ok(Date.now() - started < REQUEST_DEADLINE_MS, `${label}: answered in ${Date.now() - started} ms`);
    }
  }
  const health = await request(`${address}/healthcheck`);
  await health.body.text();
  t.equal(health.statusCode, 200, 'healthy over the socket afterwards');
  await healthy(t);
});
