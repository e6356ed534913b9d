// Version lifecycle: deprecated operations, attributes and versions announce themselves on every
// response (Warning, Deprecation, Sunset, Link); a retired version answers 410 on every route.
import t from 'tap';
import { parse } from 'yaml';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DEFAULT_LIFECYCLES, parseLifecycles } from '../../src/api/versions.ts';

const somebody = '00000000-0000-4000-8000-000000000001';
const deferBody = JSON.stringify({ data: { type: 'participant-defer', attributes: { reason: 'career-break', course_identifier: 'ecf-induction' } } });
const json = { 'content-type': 'application/json' };

await t.test('parsing API_VERSION_LIFECYCLE', async (t) => {
  t.same(parseLifecycles(''), DEFAULT_LIFECYCLES, 'empty keeps v3 current, v1 and v2 supported');
  const parsed = parseLifecycles('v1=deprecated:2026-12-01:2027-06-30, v2=retired');
  t.equal(parsed.v1.state, 'deprecated');
  t.equal(parsed.v1.sunset?.toISOString(), '2027-06-30T00:00:00.000Z');
  t.equal(parsed.v2.state, 'retired');
  t.equal(parsed.v3.state, 'current', 'unnamed versions keep their default');
  for (const [text, message] of [
    ['v4=retired', /unknown version "v4"/],
    ['v1=gone', /must be vN=current/],
    ['v1=deprecated:2026-12-01', /sunset date must be a YYYY-MM-DD date/],
    ['v1=deprecated:2027-01-01:2026-01-01', /sunset must come after/],
    ['v1=retired,v2=retired,v3=retired', /at least one version must stay served/],
  ] as const) {
    t.throws(() => parseLifecycles(text), { message }, text);
    let thrown: unknown;
    try {
      loadConfig({ API_VERSION_LIFECYCLE: text });
    } catch (error) {
      thrown = error;
    }
    t.ok(thrown instanceof ConfigError, `${text} is a configuration error at start-up`);
  }
});

await t.test('by default: v1 legacy paths and deprecated attributes are announced, nothing else', async (t) => {
  const api = await buildTestApi(t);
  const token = await api.tokenFor('Ambition Institute');
  const legacy = await api.request({ method: 'PUT', url: `/api/v1/participants/${somebody}/defer`, token, headers: json, payload: deferBody });
  t.equal(legacy.statusCode, 422, 'an unknown participant is still the DfE 422');
  t.match(legacy.headers.warning, /^299 - "deferParticipantLegacy \(\/api\/v1\/participants\/\{id\}\/defer\) is deprecated/);
  t.equal(legacy.headers.deprecation, `@${Date.parse('2026-12-03T00:00:00Z') / 1000}`, 'RFC 9745: the announcement date as @epoch');
  t.equal(legacy.headers.sunset, 'Sat, 31 Jul 2027 00:00:00 GMT', 'RFC 8594: an HTTP date');
  t.equal(legacy.headers.link, '</api-reference/v1>; rel="deprecation"; type="text/html"');

  const current = await api.request({ method: 'PUT', url: `/api/v1/participants/ecf/${somebody}/defer`, token, headers: json, payload: deferBody });
  t.equal(current.statusCode, 422);
  t.notOk(current.headers.warning, 'the current path announces nothing');

  const declarations = await api.request({ method: 'GET', url: '/api/v1/participant-declarations', token });
  t.equal(declarations.statusCode, 200);
  t.match(declarations.headers.warning, /the attributes eligible_for_payment, voided are deprecated/);
  t.ok(declarations.headers.sunset);
  for (const url of ['/api/v2/participant-declarations', '/api/v3/participants/ecf']) {
    const response = await api.request({ method: 'GET', url, token });
    t.equal(response.statusCode, 200);
    t.notOk(response.headers.warning ?? response.headers.deprecation ?? response.headers.sunset, `${url} announces nothing`);
  }
  const unauthorised = await api.request({ method: 'GET', url: '/api/v1/participant-declarations', token: 'nope' });
  t.equal(unauthorised.statusCode, 401);
  t.ok(unauthorised.headers.warning, 'errors of a deprecated operation carry the notice too');
});

await t.test('a deprecated version: every response and the published spec say so', async (t) => {
  const api = await buildTestApi(t, { API_VERSION_LIFECYCLE: 'v2=deprecated:2026-12-01:2027-06-30' });
  const token = await api.tokenFor('Ambition Institute');
  const listed = await api.request({ method: 'GET', url: '/api/v2/participants/ecf', token });
  t.equal(listed.statusCode, 200);
  t.match(listed.headers.warning, /^299 - "API v2 is deprecated and will be retired on 2027-06-30; move to v1 or v3"/);
  t.equal(listed.headers.deprecation, `@${Date.parse('2026-12-01T00:00:00Z') / 1000}`);
  t.equal(listed.headers.sunset, 'Wed, 30 Jun 2027 00:00:00 GMT');
  const missing = await api.request({ method: 'GET', url: `/api/v2/participants/ecf/${somebody}`, token });
  t.equal(missing.statusCode, 404);
  t.ok(missing.headers.warning, 'a 404 of the deprecated version is announced too');
  const v3 = await api.request({ method: 'GET', url: '/api/v3/participants/ecf', token });
  t.notOk(v3.headers.warning, 'other versions are untouched');

  const spec = parse((await api.app.inject({ method: 'GET', url: '/lead-providers/api-docs/v2/api_spec.yml' })).body);
  const operations = Object.values(spec.paths as Record<string, Record<string, { deprecated?: boolean }>>).flatMap((item) => Object.values(item));
  t.ok(operations.length > 10 && operations.every((operation) => operation.deprecated === true), 'every v2 operation is marked deprecated');
  t.match(spec.info.description, /^\*\*Deprecated: this version will be retired on 2027-06-30\.\*\*/);
  const v3spec = parse((await api.app.inject({ method: 'GET', url: '/lead-providers/api-docs/v3/api_spec.yml' })).body);
  t.notOk(Object.values(v3spec.paths as Record<string, Record<string, { deprecated?: boolean }>>).some((item) => Object.values(item).some((op) => op.deprecated)), 'v3 marks nothing');
});

await t.test('a retired version answers 410 on every route, naming the versions still served', async (t) => {
  const database = await freshDatabase(t);
  const api = await buildTestApi(t, { API_VERSION_LIFECYCLE: 'v1=retired' }, database);
  const token = await api.tokenFor('Ambition Institute');
  // The retired version has no operations left to check a body against; its 410 is the DfE error shape.
  for (const [method, url] of [['GET', '/api/v1/participants/ecf'], ['POST', '/api/v1/participant-declarations'], ['GET', '/api/v1'], ['DELETE', '/api/v1/anything/at/all']] as const) {
    const response = await api.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
    t.equal(response.statusCode, 410, `${method} ${url}`);
    t.same(JSON.parse(response.body), { errors: [{ title: 'Gone', detail: 'API v1 has been retired. Use /api/v2 or /api/v3.' }] });
  }
  const v2 = await api.request({ method: 'GET', url: '/api/v2/participants/ecf', token });
  t.equal(v2.statusCode, 200, 'the others still serve');
});
