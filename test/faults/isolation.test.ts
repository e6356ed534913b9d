// Isolation between lead providers, as a property over every operation of every version (read
// from specs/v*.yaml, so new operations join by themselves): with random data for three providers,
// provider A's token never reads, lists, filters, exports, changes or learns the existence of what
// is only provider B's. An id of B's answers exactly what an id nobody has answers (404, or the same
// 422); lists and CSV exports, filtered by B's ids or not, never contain one of B's ids; a refused
// write changes nothing. Ownership is worked out from the source tables, not from the queries
// under test. What the contract shares on purpose is named in SHARED below and asserted instead.
// `FAULTS_SEED=<n>` replays a run; `FAULTS_ISOLATION_RUNS` sets the number of cases.
import t from 'tap';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Prisma } from '../../generated/prisma/client.ts';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { scenarioNames } from '../../prisma/seed/all-scenarios.ts';
import { root } from './server-process.ts';

const RUNS = Number(process.env.FAULTS_ISOLATION_RUNS ?? 600);
const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : Math.floor(Math.random() * 2 ** 31);
t.comment(`isolation: FAULTS_SEED=${seed}, ${RUNS} cases`);

/**
 * What the contract shares between providers on purpose, and so is left out of "B's only" and
 * asserted separately:
 * - transfers between providers: a participant with records under both providers is visible to
 *   both (and so are the other provider's live declarations for them);
 * - unfunded mentors: the mentor of one of A's participants, trained by B, is listed to A;
 * - schools: every provider sees every school a provider could partner with, with its
 *   `in_partnership` flag (the partnership itself stays private);
 * - delivery partners related to both providers.
 */
const SHARED = ['transfers between providers', 'unfunded mentors of own participants', 'schools', 'delivery partners related to both'];

type Json = Record<string, any>;
interface Operation { version: string; method: string; path: string; operationId: string; body?: Json }

/** A request body for the operation from its schema: the `data.type` it names and plausible attributes. */
function bodyFor(schema: Json | undefined, attributes: Json): Json | undefined {
  if (!schema) return undefined;
  const data = schema.properties?.data;
  const type = data?.properties?.type?.enum?.[0];
  const names = Object.keys(data?.properties?.attributes?.properties ?? {});
  return { data: { type, attributes: Object.fromEntries(names.filter((name) => name in attributes).map((name) => [name, attributes[name]])) } };
}

function loadOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const version of ['v1', 'v2', 'v3']) {
    const spec = parse(readFileSync(`${root}/specs/${version}.yaml`, 'utf8')) as Json;
    const resolve = (node: any): any => {
      if (!node?.$ref) return node;
      return resolve(node.$ref.slice(2).split('/').reduce((at: Json, key: string) => at[key], spec));
    };
    const deep = (node: any, seen = new Set<unknown>()): any => {
      const resolved = resolve(node);
      if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return resolved;
      seen.add(resolved);
      if (Array.isArray(resolved)) return resolved.map((item) => deep(item, seen));
      return Object.fromEntries(Object.entries(resolved).map(([key, value]) => [key, deep(value, seen)]));
    };
    for (const [path, item] of Object.entries(spec.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
        const requestBody = deep(operation.requestBody);
        const schema = requestBody?.content ? (Object.values(requestBody.content)[0] as Json).schema : undefined;
        operations.push({ version, method: method.toUpperCase(), path, operationId: String(operation.operationId), body: schema });
      }
    }
  }
  return operations;
}

const operations = loadOperations();
t.comment(`${operations.length} operations across v1, v2, v3`);

// --- Random data for three providers -------------------------------------------------------------

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 10_000_000 });
const prisma = api.database.prisma;
const PROVIDERS = ['Ambition Institute', 'Best Practice Network', 'Capita'];
const providerIds = await Promise.all(PROVIDERS.map((name) => api.providerId(name)));
const tokens = await Promise.all(PROVIDERS.map((name) => api.tokenFor(name)));
const run = scenarioRunner(prisma, new NameSource('iso', 350000));
const choice = fc.sample(fc.array(fc.subarray(scenarioNames, { minLength: 3, maxLength: 6 }), { minLength: 3, maxLength: 3 }), { seed, numRuns: 1 })[0]!;
// A transfer from the first provider to the second (the scenario's "other provider"): shared on purpose.
const transfer = await run('transfer-to-other-provider', providerIds[0]!);
for (const [i, names] of choice.entries()) {
  // Every provider has declarations, NPQ applications, NPQ declarations and outcomes to steal, whatever else it gets.
  const chosen = [...new Set(['declaration-states', 'npq-applications', 'npq-declarations', ...names])];
  t.comment(`${PROVIDERS[i]}: ${chosen.join(', ')}`);
  for (const scenario of chosen) await run(scenario, providerIds[i]!);
}

// --- Who owns what, from the source tables ---------------------------------------------------------

type Kind = 'participant' | 'declaration' | 'partnership' | 'statement' | 'application' | 'outcome' | 'delivery-partner' | 'mentor';
interface Owned { kind: Kind; id: string; owner: string }

async function ownership(): Promise<Owned[]> {
  const rows = await prisma.$queryRaw<Owned[]>(Prisma.sql`
    SELECT 'participant' AS kind, x.id::text AS id, p.lead_provider_id::text AS owner
      FROM induction_records ir
      JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
      JOIN partnerships p ON p.id = ip.partnership_id
      JOIN participant_profiles pp ON pp.id = ir.participant_profile_id
      JOIN participant_identities pi ON pi.user_id = pp.user_id
      CROSS JOIN LATERAL (VALUES (pp.user_id), (pi.external_identifier)) AS x(id)
    UNION
    SELECT 'mentor', mp.user_id::text, p.lead_provider_id::text
      FROM induction_records ir
      JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
      JOIN partnerships p ON p.id = ip.partnership_id
      JOIN participant_profiles mp ON mp.id = ir.mentor_profile_id
    UNION
    SELECT 'declaration', d.id::text, d.lead_provider_id::text FROM participant_declarations d
    UNION
    SELECT 'partnership', id::text, lead_provider_id::text FROM partnerships
    UNION
    SELECT 'statement', id::text, lead_provider_id::text FROM statements
    UNION
    SELECT 'application', id::text, lead_provider_id::text FROM npq_applications
    UNION
    SELECT 'outcome', id::text, lead_provider_id::text FROM npq_participant_outcomes
    UNION
    SELECT 'participant', user_id::text, lead_provider_id::text FROM npq_applications
    UNION
    SELECT 'delivery-partner', delivery_partner_id::text, lead_provider_id::text FROM provider_relationships`);
  return rows;
}

const owned = await ownership();
const declarationsOf = new Map((await prisma.participantDeclaration.findMany({ select: { id: true, userId: true } })).map((d) => [d.id, d.userId]));
const participantIdsOf = (provider: string) => new Set(owned.filter((o) => o.owner === provider && (o.kind === 'participant' || o.kind === 'mentor')).map((o) => o.id));

/** B's records that A has no share in: by kind, and every such id (for scanning A's answers). */
function onlyTheirs(attacker: string, victim: string) {
  const attackersPeople = participantIdsOf(attacker);
  const attackersIds = new Set(owned.filter((o) => o.owner === attacker).map((o) => o.id));
  const byKind = new Map<Kind, string[]>();
  for (const o of owned) {
    if (o.owner !== victim || attackersIds.has(o.id)) continue;
    // Shared on purpose: a declaration for someone A also trains (a transfer between providers).
    if (o.kind === 'declaration' && attackersPeople.has(declarationsOf.get(o.id)!)) continue;
    const kind = o.kind === 'mentor' ? 'participant' : o.kind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), o.id]);
  }
  for (const [kind, ids] of byKind) byKind.set(kind, [...new Set(ids)].sort());
  return { byKind, all: new Set([...byKind.values()].flat()) };
}

function kindOf(path: string): Kind | null {
  if (/\/participant-declarations\/\{id\}/.test(path)) return 'declaration';
  if (/\/partnerships\/ecf\/\{id\}/.test(path)) return 'partnership';
  if (/\/statements\/\{id\}/.test(path)) return 'statement';
  if (/\/npq-applications\/\{id\}/.test(path)) return 'application';
  if (/\/delivery-partners\/\{id\}/.test(path)) return 'delivery-partner';
  if (/\/(participants|unfunded-mentors)(\/ecf)?\/\{id\}/.test(path)) return 'participant';
  return null;
}

/** Every row the API can change, summarised: a refused write must leave it as it was. */
async function fingerprint(): Promise<string> {
  const rows = await prisma.$queryRaw<Json[]>(Prisma.sql`
    SELECT (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM participant_declarations) AS declarations,
           (SELECT count(*)::text FROM declaration_state_changes) AS declaration_history,
           (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM participant_profiles) AS profiles,
           (SELECT count(*)::text FROM participant_profile_states) AS profile_states,
           (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM induction_records) AS induction_records,
           (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM partnerships) AS partnerships,
           (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM npq_applications) AS applications,
           (SELECT count(*)::text FROM npq_participant_profiles) AS enrolments,
           (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM statement_line_items) AS lines`);
  return JSON.stringify(rows[0]);
}

// --- The property --------------------------------------------------------------------------------

const ownDeliveryPartner = new Map(providerIds.map((id) => [id, owned.find((o) => o.kind === 'delivery-partner' && o.owner === id)?.id]));
const victimSchool = await prisma.partnership.findFirst({ where: { leadProviderId: providerIds[1], relationship: false }, select: { schoolId: true } });

function attributesFor(attacker: string, victimPerson: string): Json {
  return {
    reason: 'other',
    // ECF or NPQ, half each: the shared declaration and action routes serve both product lines.
    course_identifier: victimPerson.charCodeAt(victimPerson.length - 1) % 2 ? 'npq-leading-teaching' : 'ecf-induction',
    has_passed: true,
    schedule_identifier: 'ecf-standard-january',
    cohort: 2024,
    funded_place: true,
    delivery_partner_id: ownDeliveryPartner.get(attacker),
    participant_id: victimPerson,
    declaration_type: 'started',
    declaration_date: '2024-10-01T10:00:00Z',
    school_id: victimSchool?.schoolId,
  };
}

interface Case { operation: Operation; attacker: number; victim: number; pick: number }

const leaks: string[] = [];
const counts = { cases: 0, byId: 0, lists: 0, writes: 0, notFound: 0, sameRefusal: 0 };

async function ask(method: string, url: string, token: string, payload?: Json) {
  const response = await api.request({ method: method as 'GET', url, token, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.body };
}

async function check({ operation, attacker, victim, pick }: Case): Promise<boolean> {
  const a = providerIds[attacker]!;
  const b = providerIds[victim]!;
  const token = tokens[attacker]!;
  const theirs = onlyTheirs(a, b);
  const people = theirs.byKind.get('participant') ?? [];
  const person = people[pick % Math.max(people.length, 1)] ?? randomUUID();
  const kind = kindOf(operation.path);
  const writes = operation.method !== 'GET';
  const label = `${operation.method} ${operation.path} as ${PROVIDERS[attacker]} against ${PROVIDERS[victim]}`;
  const before = writes ? await fingerprint() : '';
  counts.cases += 1;
  if (kind) {
    const ids = theirs.byKind.get(kind) ?? [];
    if (ids.length === 0) return true;
    const id = ids[pick % ids.length]!;
    const unknown = randomUUID();
    const body = bodyFor(operation.body, attributesFor(a, person));
    const url = (value: string) => operation.path.replace('{id}', value) + (operation.path.startsWith('/api/v3/schools') ? '?filter[cohort]=2024' : '');
    const answer = await ask(operation.method, url(id), token, body);
    const control = await ask(operation.method, url(unknown), token, body);
    counts.byId += 1;
    if (answer.status === 404) counts.notFound += 1;
    else counts.sameRefusal += 1;
    const normalise = (text: string, value: string) => text.replaceAll(value, '<id>');
    const differs = answer.status < 400 || answer.status !== control.status || normalise(answer.body, id) !== normalise(control.body, unknown);
    if (differs) {
      leaks.push(`${label}: ${kind} ${id} answered ${answer.status} ${answer.body.slice(0, 300)}; an unknown id answered ${control.status} ${control.body.slice(0, 300)}`);
    }
  } else if (!writes) {
    // Lists and CSV exports: plain, and filtered by B's participant (every filter the list has
    // that takes an id); none of B's ids may appear anywhere in the answer.
    const separator = operation.path.includes('?') ? '&' : '?';
    const query = ['page[per_page]=3000', `filter[participant_id]=${person}`, 'filter[cohort]=2024'];
    const urls = [`${operation.path}${separator}${query[0]}`, `${operation.path}${separator}${query.join('&')}`];
    for (const url of urls) {
      const answer = await ask('GET', url, token);
      counts.lists += 1;
      const seen = [...theirs.all].filter((id) => answer.body.includes(id));
      if (answer.status >= 500 || seen.length) leaks.push(`${label} (${url}): ${answer.status}, shows ${seen.join(', ')}`);
    }
  } else {
    // Writes on a collection (a declaration, a partnership): naming B's participant.
    const body = bodyFor(operation.body, attributesFor(a, person));
    const answer = await ask(operation.method, operation.path, token, body);
    const seen = [...theirs.all].filter((id) => answer.body.includes(id) && id !== person);
    if (answer.status < 400 && operation.path.includes('participant-declarations')) leaks.push(`${label}: a declaration for ${person} was accepted: ${answer.body.slice(0, 300)}`);
    if (seen.length) leaks.push(`${label}: the answer shows ${seen.join(', ')}`);
  }
  if (writes) {
    counts.writes += 1;
    const after = await fingerprint();
    // A declaration or partnership POST may succeed on something that is not B's (the school is
    // shared): only a refusal must leave everything as it was.
    if (after !== before && kind) leaks.push(`${label}: a refused write changed ${before} → ${after}`);
  }
  return true;
}

await t.test(`no provider reaches another's records through any of the ${operations.length} operations`, async (t) => {
  const began = performance.now();
  const pairs = fc.constantFrom(...[[0, 1], [1, 0], [0, 2], [2, 0], [1, 2], [2, 1]] as const);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...operations), pairs, fc.nat(), async (operation, [attacker, victim], pick) => {
      await check({ operation, attacker, victim, pick });
      return true;
    }),
    { seed, numRuns: RUNS, endOnFailure: true },
  );
  // Every operation at least once, whatever the random draw skipped.
  for (const operation of operations) await check({ operation, attacker: 0, victim: 1, pick: 0 });
  t.comment(`${counts.cases} cases in ${((performance.now() - began) / 1000).toFixed(1)} s: ${counts.byId} by B's id (${counts.notFound} × 404, ${counts.sameRefusal} × the same refusal as an unknown id), ${counts.lists} list/CSV reads, ${counts.writes} writes; ${leaks.length} leaks`);
  t.same(leaks.slice(0, 20), [], 'nothing of another provider read, listed, exported, changed or revealed');
});

await t.test(`shared on purpose: ${SHARED.join('; ')}`, async (t) => {
  // A transfer between providers: the participant is visible to both, and is nobody's "only".
  const transferred = transfer.ect!;
  for (const [i, token] of [tokens[0]!, tokens[1]!].entries()) {
    t.equal((await ask('GET', `/api/v3/participants/ecf/${transferred}`, token)).status, 200, `${PROVIDERS[i]} sees the participant transferred between them`);
    t.notOk(onlyTheirs(providerIds[i]!, providerIds[1 - i]!).all.has(transferred), 'and the property does not count them as the other\'s only');
  }
  // The scan can see a leak: B's own lists show the ids the property looks for in A's.
  const theirs = onlyTheirs(providerIds[0]!, providerIds[1]!);
  for (const url of ['/api/v3/participant-declarations?page[per_page]=3000', '/api/v3/npq-applications?page[per_page]=3000', '/api/v1/participants/ecf.csv']) {
    const body = (await ask('GET', url, tokens[1]!)).body;
    t.ok([...theirs.all].some((id) => body.includes(id)), `${PROVIDERS[1]}'s own ${url} shows ids counted as theirs only`);
  }
  // Schools: the same answer for every provider.
  if (victimSchool) {
    const url = `/api/v3/schools/ecf/${victimSchool.schoolId}?filter[cohort]=2024`;
    const answers = await Promise.all(tokens.map((token) => ask('GET', url, token)));
    t.same(answers.map((a) => a.body), answers.map(() => answers[0]!.body), 'a school partnered with one provider reads the same for every provider');
  }
});
