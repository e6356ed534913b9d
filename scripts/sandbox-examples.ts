// Points the examples of every operation that names a record (path ids, write bodies) at records of
// the sandbox data set, so a collection imported from a spec with its examples succeeds on a fresh
// sandbox. Per version: a fresh sandbox is loaded, and each operation's example is chosen by trying
// candidate records through the API itself, in the spec's order, each write on a record no earlier
// write used: the first candidate answered with the documented success status is written into the
// spec. Requests run the way the collection will run them, so what is chosen is what succeeds.
// `--check` compares instead of writing. Run by `npm run generate` after the snapshot.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { parseDocument, type Document } from 'yaml';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { API_VERSIONS, specDocument, specPath, type ApiVersion } from '../src/api/specs.ts';
import { EXAMPLE_PROVIDER, SANDBOX_CLOCK, loadSandbox, sandboxToken } from '../prisma/seed/snapshot.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface Operation {
  path: string;
  method: (typeof METHODS)[number];
  op: JsonObject;
  /** The path below the version prefix, e.g. `/participants/ecf/{id}/withdraw`. */
  key: string;
  success: number;
}

interface Choice {
  params: Record<string, string>;
  body?: JsonObject;
}

/** A schema's example: its own `example`, else its first enum value, else one built from its properties. */
function exampleOf(doc: JsonObject, schema: Json | undefined, depth = 0): Json | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > 12) return undefined;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.slice(2).split('/').reduce<Json | undefined>((node, part) => (node && typeof node === 'object' && !Array.isArray(node) ? node[part] : undefined), doc);
    return exampleOf(doc, target, depth + 1);
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const combined of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[combined])) return exampleOf(doc, schema[combined][0], depth + 1);
  }
  if (schema.type === 'array') {
    const item = exampleOf(doc, schema.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (schema.type === 'object' || schema.properties) {
    const out: JsonObject = {};
    for (const [name, child] of Object.entries((schema.properties ?? {}) as JsonObject)) {
      const value = exampleOf(doc, child, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  return undefined;
}

function bodySchema(op: JsonObject): Json | undefined {
  const content = (op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  return content ? (Object.values(content)[0] as JsonObject).schema : undefined;
}

/** The schema's example body with the given attributes (under `data.attributes`) set. */
function bodyWith(doc: JsonObject, op: JsonObject, attributes: JsonObject): JsonObject {
  const base = (exampleOf(doc, bodySchema(op)) ?? {}) as JsonObject;
  const data = (base.data ?? {}) as JsonObject;
  return { ...base, data: { ...data, attributes: { ...((data.attributes ?? {}) as JsonObject), ...attributes } } };
}

function operationsOf(version: ApiVersion, doc: JsonObject): Operation[] {
  const prefix = `/api/${version}`;
  return Object.entries(doc.paths as JsonObject).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as JsonObject)[method]).map((method) => {
      const op = (item as JsonObject)[method] as JsonObject;
      const success = Number(Object.keys(op.responses as JsonObject).find((code) => code.startsWith('2')));
      return { path, method, op, key: path.slice(prefix.length), success };
    }),
  );
}

/** The records a sandbox offers, in a fixed order, as candidates for examples. */
async function candidates(database: Database, leadProviderId: string) {
  const q = async <Row>(text: string, values: unknown[] = []) => (await database.pglite!.query<Row>(text, values)).rows;
  return {
    ecfParticipants: await q<{ user_id: string; profile_type: string; training_status: string; cohort_start_year: number; schedule_identifier: string }>(
      `SELECT user_id, profile_type, training_status, cohort_start_year, schedule_identifier FROM participant_list_rows
        WHERE lead_provider_id = $1 ORDER BY person_ordinal, record_ordinal`, [leadProviderId]),
    ecfSchedules: await q<{ schedule_identifier: string; start_year: number }>(
      `SELECT s.schedule_identifier, c.start_year FROM schedules s JOIN cohorts c ON c.id = s.cohort_id ORDER BY c.start_year, s.schedule_identifier`),
    startedMilestones: await q<{ schedule_identifier: string; start_year: number; start_date: string }>(
      `SELECT s.schedule_identifier, c.start_year, to_char(m.start_date, 'YYYY-MM-DD') AS start_date FROM milestones m
         JOIN schedules s ON s.id = m.schedule_id JOIN cohorts c ON c.id = s.cohort_id WHERE m.declaration_type = 'started'`),
    declarations: await q<{ id: string; state: string }>(
      `SELECT id, state FROM participant_declarations WHERE lead_provider_id = $1 ORDER BY created_at, id`, [leadProviderId]),
    // Those with a completed declaration last: an outcome can only be reported for them.
    npqParticipants: await q<{ user_id: string; training_status: string; course: string; completed: boolean }>(
      `SELECT p.user_id, p.training_status, c.identifier AS course,
              EXISTS (SELECT 1 FROM participant_declarations d WHERE d.npq_participant_profile_id = p.id
                        AND d.declaration_type = 'completed' AND d.state NOT IN ('voided', 'ineligible', 'awaiting_clawback', 'clawed_back')) AS completed
         FROM npq_participant_profiles p JOIN npq_courses c ON c.id = p.npq_course_id
        WHERE p.lead_provider_id = $1 ORDER BY 4, p.created_at, p.id`, [leadProviderId]),
    npqSchedules: await q<{ schedule_identifier: string }>(`SELECT DISTINCT schedule_identifier FROM npq_schedules ORDER BY 1`),
    npqApplications: await q<{ id: string; status: string }>(
      `SELECT id, status FROM npq_applications WHERE lead_provider_id = $1 ORDER BY created_at, id`, [leadProviderId]),
    partnerships: await q<{ id: string; delivery_partner_id: string; start_year: number }>(
      `SELECT p.id, p.delivery_partner_id, c.start_year FROM partnerships p JOIN cohorts c ON c.id = p.cohort_id
        WHERE p.lead_provider_id = $1 ORDER BY p.created_at, p.id`, [leadProviderId]),
    deliveryPartners: await q<{ delivery_partner_id: string; start_year: number }>(
      `SELECT r.delivery_partner_id, c.start_year FROM provider_relationships r JOIN cohorts c ON c.id = r.cohort_id
        WHERE r.lead_provider_id = $1 AND r.discarded_at IS NULL ORDER BY r.created_at, r.id`, [leadProviderId]),
    schools: await q<{ id: string }>(`SELECT id FROM schools ORDER BY created_at, id`),
  };
}

type Candidates = Awaited<ReturnType<typeof candidates>>;

const ECF_COURSE: Record<string, string> = { ect: 'ecf-induction', mentor: 'ecf-mentor' };

interface Context {
  app: FastifyInstance;
  token: string;
  doc: JsonObject;
  found: Candidates;
  /** Records a write example already changed: later writes leave them alone. */
  used: Set<string>;
  /** Declarations are dated no later than the sandbox's own clock, so they are never in the future. */
  today: string;
}

async function succeeds(ctx: Context, operation: Operation, params: Record<string, string>, body?: JsonObject): Promise<boolean> {
  const url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!);
  const query = requiredQuery(ctx.doc, operation.op);
  const response = await ctx.app.inject({
    method: operation.method.toUpperCase() as 'GET',
    url: query ? `${url}?${query}` : url,
    headers: { authorization: `Bearer ${ctx.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    payload: body ? JSON.stringify(body) : undefined,
  });
  return response.statusCode === operation.success;
}

/** The query string a collection sends with optional parameters switched off: the required ones, from their examples. */
function requiredQuery(doc: JsonObject, op: JsonObject): string {
  const parts: string[] = [];
  for (const parameter of (op.parameters ?? []) as JsonObject[]) {
    if (parameter.$ref || parameter.in !== 'query' || parameter.required !== true) continue;
    const value = parameter.example ?? exampleOf(doc, parameter.schema);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) parts.push(`${parameter.name}[${key}]=${encodeURIComponent(String(inner))}`);
    } else if (value !== undefined) parts.push(`${parameter.name}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}

/** The first candidate whose request succeeds; for a write, its record is then spent. */
async function firstThatSucceeds(ctx: Context, operation: Operation, tries: Array<{ record: string; choice: Choice }>): Promise<Choice | null> {
  const writes = operation.method !== 'get';
  for (const { record, choice } of tries) {
    if (writes && ctx.used.has(record)) continue;
    if (await succeeds(ctx, operation, choice.params, choice.body)) {
      if (writes) ctx.used.add(record);
      return choice;
    }
  }
  return null;
}

/** Candidate examples for one operation, in the order they are tried. */
function triesFor(ctx: Context, operation: Operation): Array<{ record: string; choice: Choice }> {
  const { found, doc } = ctx;
  const op = operation.op;
  const key = operation.key.replace(/^\/participants\/(?=\{id\}\/)/, '/participants/ecf/');
  const byId = (ids: string[], name = 'id') => ids.map((id) => ({ record: id, choice: { params: { [name]: id } } }));
  const ecf = found.ecfParticipants;
  const activeEcf = ecf.filter((p) => p.training_status === 'active');
  switch (key) {
    case '/participants/ecf/{id}':
      return byId(ecf.map((p) => p.user_id));
    case '/participants/ecf/{id}/transfers':
      return byId(ecf.map((p) => p.user_id));
    case '/participants/ecf/{id}/withdraw':
    case '/participants/ecf/{id}/defer':
      return activeEcf.map((p) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { course_identifier: ECF_COURSE[p.profile_type]! }) } }));
    case '/participants/ecf/{id}/resume':
      return ecf.filter((p) => p.training_status === 'deferred').map((p) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { course_identifier: ECF_COURSE[p.profile_type]! }) } }));
    case '/participants/ecf/{id}/change-schedule':
      return activeEcf.flatMap((p) =>
        found.ecfSchedules
          .filter((s) => s.start_year === p.cohort_start_year && s.schedule_identifier !== p.schedule_identifier)
          .map((s) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { schedule_identifier: s.schedule_identifier, course_identifier: ECF_COURSE[p.profile_type]!, cohort: String(p.cohort_start_year) }) } })),
      );
    case '/participant-declarations':
      return activeEcf.flatMap((p) =>
        found.startedMilestones
          .filter((m) => m.schedule_identifier === p.schedule_identifier && m.start_year === p.cohort_start_year && m.start_date <= ctx.today)
          .map((m) => ({
            record: p.user_id,
            choice: { params: {}, body: bodyWith(doc, op, { participant_id: p.user_id, declaration_type: 'started', declaration_date: `${m.start_date}T10:00:00Z`, course_identifier: ECF_COURSE[p.profile_type]! }) },
          })),
      );
    case '/participant-declarations/{id}':
      return byId(found.declarations.map((d) => d.id));
    case '/participant-declarations/{id}/void':
      return byId(found.declarations.filter((d) => ['submitted', 'eligible', 'payable'].includes(d.state)).map((d) => d.id));
    case '/participants/npq/{id}':
      return byId(found.npqParticipants.map((p) => p.user_id));
    case '/participants/npq/{participant_id}/outcomes':
      if (operation.method === 'get') return byId(found.npqParticipants.map((p) => p.user_id), 'participant_id');
      return found.npqParticipants.filter((p) => p.completed).map((p) => ({ record: p.user_id, choice: { params: { participant_id: p.user_id }, body: bodyWith(doc, op, { course_identifier: p.course, state: 'passed', completion_date: '2026-11-02' }) } }));
    case '/participants/npq/{id}/withdraw':
    case '/participants/npq/{id}/defer':
      return found.npqParticipants.filter((p) => p.training_status === 'active').map((p) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { course_identifier: p.course }) } }));
    case '/participants/npq/{id}/resume':
      return found.npqParticipants.filter((p) => p.training_status !== 'active').map((p) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { course_identifier: p.course }) } }));
    case '/participants/npq/{id}/change-schedule':
      return found.npqParticipants.filter((p) => p.training_status === 'active').flatMap((p) =>
        found.npqSchedules.map((s) => ({ record: p.user_id, choice: { params: { id: p.user_id }, body: bodyWith(doc, op, { course_identifier: p.course, schedule_identifier: s.schedule_identifier }) } })),
      );
    case '/npq-applications/{id}':
      return byId(found.npqApplications.map((a) => a.id));
    case '/npq-applications/{id}/accept':
    case '/npq-applications/{id}/reject': {
      const pending = found.npqApplications.filter((a) => a.status === 'pending');
      return pending.flatMap((a) => [
        { record: a.id, choice: { params: { id: a.id }, ...(op.requestBody ? { body: bodyWith(doc, op, {}) } : {}) } },
        ...(op.requestBody ? [{ record: a.id, choice: { params: { id: a.id }, body: bodyWith(doc, op, { funded_place: false }) } }] : []),
      ]);
    }
    case '/npq-applications/{id}/change-funded-place':
      return found.npqApplications.filter((a) => a.status === 'accepted').flatMap((a) =>
        [true, false].map((fundedPlace) => ({ record: a.id, choice: { params: { id: a.id }, body: bodyWith(doc, op, { funded_place: fundedPlace }) } })),
      );
    case '/partnerships/ecf':
      return found.deliveryPartners.flatMap((dp) =>
        found.schools.slice(0, 400).map((school) => ({
          record: school.id,
          choice: { params: {}, body: bodyWith(doc, op, { cohort: dp.start_year, school_id: school.id, delivery_partner_id: dp.delivery_partner_id }) },
        })),
      ).slice(0, 2000);
    case '/partnerships/ecf/{id}':
      if (operation.method === 'get') return byId(found.partnerships.map((p) => p.id));
      return found.partnerships.flatMap((p) =>
        found.deliveryPartners
          .filter((dp) => dp.start_year === p.start_year && dp.delivery_partner_id !== p.delivery_partner_id)
          .map((dp) => ({ record: p.id, choice: { params: { id: p.id }, body: bodyWith(doc, op, { delivery_partner_id: dp.delivery_partner_id }) } })),
      );
    default:
      return [];
  }
}

/** Show operations without a write of their own take the first record their version's list shows. */
async function fromList(ctx: Context, operation: Operation): Promise<Array<{ record: string; choice: Choice }>> {
  const listPath = operation.path.replace(/\/\{id\}$/, '');
  const list = (ctx.doc.paths as JsonObject)[listPath] as JsonObject | undefined;
  if (!list?.get) return [];
  // The show's own required filters (a school is shown for a cohort): the list is read with them.
  const query = requiredQuery(ctx.doc, operation.op);
  const response = await ctx.app.inject({ method: 'GET', url: `${listPath}?${query ? `${query}&` : ''}page[per_page]=50`, headers: { authorization: `Bearer ${ctx.token}` } });
  if (response.statusCode !== 200) return [];
  const items = ((response.json() as { data?: { id: string }[] }).data ?? []);
  return items.map((item) => ({ record: item.id, choice: { params: { id: item.id } } }));
}

export interface VersionExamples {
  version: ApiVersion;
  /** Per operationId, the example chosen (absent: the operation names no record). */
  chosen: Map<string, Choice>;
  /** Operations that name a record but for which no candidate succeeded. */
  unmatched: string[];
}

async function chooseExamples(version: ApiVersion): Promise<VersionExamples> {
  const database = await openDatabase({ kind: 'pglite', dir: null });
  try {
    await migrate(database);
    await loadSandbox(database, new Date());
    const app = await buildApp({ config: loadConfig({}, { LOG_LEVEL: 'silent', LOAD_SHED_EVENT_LOOP_DELAY_MS: 0 }), database });
    try {
      const provider = (await database.pglite!.query<{ id: string }>(`SELECT id FROM lead_providers WHERE name = $1`, [EXAMPLE_PROVIDER])).rows[0]!;
      const doc = specDocument(version);
      const ctx: Context = { app, token: sandboxToken(EXAMPLE_PROVIDER), doc, found: await candidates(database, provider.id), used: new Set(), today: SANDBOX_CLOCK.toISOString().slice(0, 10) };
      const chosen = new Map<string, Choice>();
      const unmatched: string[] = [];
      for (const operation of operationsOf(version, doc)) {
        const namesRecord = operation.path.includes('{') || operation.op.requestBody !== undefined;
        if (!namesRecord) continue;
        let tries = triesFor(ctx, operation);
        if (!tries.length && operation.method === 'get') tries = await fromList(ctx, operation);
        const choice = await firstThatSucceeds(ctx, operation, tries);
        if (choice) chosen.set(operation.op.operationId as string, choice);
        else unmatched.push(`${operation.method.toUpperCase()} ${operation.path}`);
      }
      return { version, chosen, unmatched };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The spec text with the chosen examples written in: path parameters inlined with an `example`, bodies with a media `example`. */
function withExamples(version: ApiVersion, chosen: Map<string, Choice>): string {
  const text = readFileSync(specPath(version), 'utf8');
  const document: Document = parseDocument(text);
  const plain = specDocument(version);
  const components = ((plain.components as JsonObject).parameters ?? {}) as JsonObject;
  for (const [path, item] of Object.entries(plain.paths as JsonObject)) {
    for (const method of METHODS) {
      const op = (item as JsonObject)[method] as JsonObject | undefined;
      const choice = op && chosen.get(op.operationId as string);
      if (!op || !choice) continue;
      const parameters = (op.parameters ?? []) as JsonObject[];
      parameters.forEach((parameter, index) => {
        const resolved = (parameter.$ref ? components[(parameter.$ref as string).split('/').pop()!] : parameter) as JsonObject;
        if (resolved.in !== 'path' || !(resolved.name as string in choice.params)) return;
        const { example: _old, ...rest } = resolved;
        void _old;
        document.setIn(['paths', path, method, 'parameters', index], document.createNode({ ...rest, example: choice.params[resolved.name as string] }));
      });
      if (choice.body) {
        const content = (op.requestBody as JsonObject).content as JsonObject;
        for (const media of Object.keys(content)) document.setIn(['paths', path, method, 'requestBody', 'content', media, 'example'], document.createNode(choice.body));
      }
    }
  }
  // Path parameters now written out per operation leave their shared definitions unused.
  const referenced = JSON.stringify(document.toJS());
  for (const name of Object.keys(components)) {
    if (!referenced.includes(`"#/components/parameters/${name}"`)) document.deleteIn(['components', 'parameters', name]);
  }
  return document.toString({ lineWidth: 0 });
}

export async function main() {
  const check = process.argv.includes('--check');
  let failed = false;
  for (const version of API_VERSIONS) {
    const { chosen, unmatched } = await chooseExamples(version);
    for (const operation of unmatched) {
      failed = true;
      console.error(`${version}: no sandbox record makes ${operation} succeed`);
    }
    const fresh = withExamples(version, chosen);
    const current = readFileSync(specPath(version), 'utf8');
    if (fresh === current) continue;
    if (check) {
      failed = true;
      console.error(`specs/${version}.yaml: its examples do not name the sandbox's records: run npm run generate`);
    } else {
      writeFileSync(specPath(version), fresh);
      console.log(`specs/${version}.yaml: examples point at the sandbox`);
    }
  }
  if (failed) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
