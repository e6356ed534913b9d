// Crash safety: kill -9 the server process under a sustained mixed write load (declarations,
// voids, withdrawals), on PostgreSQL and on an embedded PGlite folder, open the database again, and
// check that every write answered 200 is there in full.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadReferenceData } from '../../src/domain/reference-data/load.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { Fixtures, started, type TestParticipant } from '../api/declarations-fixtures.ts';
import { startServer } from './server-process.ts';

const TARGET_ACKS = Number(process.env.FAULTS_CRASH_WRITES ?? 1000);
const WORKERS = 8;

interface Ack { kind: 'declare' | 'void' | 'withdraw'; id: string }

/** Participants for the load and a token, made in this process on `database`. */
async function prepare(t: Test, database: Database, prefix: string): Promise<{ participants: TestParticipant[]; token: string }> {
  const api = await buildTestApi(t, {}, database);
  const fx = new Fixtures(api, prefix, 310000);
  const first = await fx.participant();
  const participants = [first];
  const count = Math.ceil(TARGET_ACKS / 3) + 60;
  for (let i = 1; i < count; i += 1) participants.push(await fx.participant({ schoolId: first.schoolId }));
  const { token } = await createToken(database.prisma, await api.providerId('Ambition Institute'));
  await api.app.close();
  return { participants, token };
}

/** Sends the load to a server on `databaseUrl` and kills it with SIGKILL after TARGET_ACKS acknowledged writes. */
async function loadAndKill(t: Test, databaseUrl: string, participants: TestParticipant[], token: string): Promise<{ acks: Ack[]; failures: number; seconds: number }> {
  // The server refuses production on the embedded database, so that run is a sandbox (not seeded).
  const environment: Record<string, string> = databaseUrl.startsWith('pglite:') ? { API_ENV: 'sandbox' } : {};
  const server = await startServer(t, databaseUrl, { RATE_LIMIT_MAX: '1000000', ...environment });
  const agent = new Agent({ connections: WORKERS });
  t.teardown(() => agent.close());
  const acks: Ack[] = [];
  let failures = 0;
  let killed = false;
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown): Promise<any> => {
    try {
      const response = await request(`${server.url}${path}`, {
        method, dispatcher: agent, headersTimeout: 10_000, bodyTimeout: 10_000,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) { if (!killed) failures += 1; return null; }
      return JSON.parse(text);
    } catch {
      return null; // cut by the kill: not acknowledged
    }
  };
  let next = 0;
  const worker = async () => {
    while (!killed && next < participants.length) {
      const p = participants[next++]!;
      const declared = await send('POST', '/api/v3/participant-declarations', { data: { type: 'participant-declaration', attributes: started(p) } });
      if (!declared) continue;
      acks.push({ kind: 'declare', id: declared.data.id });
      const voided = await send('PUT', `/api/v3/participant-declarations/${declared.data.id}/void`, {});
      if (!voided) continue;
      acks.push({ kind: 'void', id: declared.data.id });
      const withdrawn = await send('PUT', `/api/v3/participants/ecf/${p.userId}/withdraw`, { data: { type: 'participant-withdraw', attributes: { reason: 'other', course_identifier: 'ecf-induction' } } });
      if (!withdrawn) continue;
      acks.push({ kind: 'withdraw', id: p.profileId });
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, worker));
  const began = performance.now();
  const deadline = Date.now() + 150_000;
  while (acks.length < TARGET_ACKS && Date.now() < deadline && next < participants.length) await new Promise((resolve) => setTimeout(resolve, 20));
  // Mid-flight: the workers still have requests on the wire.
  killed = true;
  server.child.kill('SIGKILL');
  await server.exited;
  await load;
  return { acks, failures, seconds: (performance.now() - began) / 1000 };
}

/** Every acknowledged write, looked up after the crash: what is missing and what is half there. */
async function verify(t: Test, label: string, database: Database, acks: Ack[]) {
  const prisma = database.prisma;
  const declared = acks.filter((a) => a.kind === 'declare').map((a) => a.id);
  const voided = new Set(acks.filter((a) => a.kind === 'void').map((a) => a.id));
  const withdrawn = acks.filter((a) => a.kind === 'withdraw').map((a) => a.id);
  const rows = await prisma.participantDeclaration.findMany({
    where: { id: { in: declared } },
    include: { stateHistory: true, lineItems: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing: string[] = [];
  const halfWritten: string[] = [];
  for (const id of declared) {
    const row = byId.get(id);
    if (!row) { missing.push(`declaration ${id}`); continue; }
    const states = row.stateHistory.map((change) => change.state);
    if (!states.includes(row.state)) halfWritten.push(`declaration ${id}: state ${row.state} without its history (${states.join(',')})`);
    if (row.lineItems.length === 0) halfWritten.push(`declaration ${id}: no statement line`);
    if (voided.has(id) && row.state !== 'voided') missing.push(`void of ${id} (state ${row.state})`);
  }
  const profiles = await prisma.participantProfile.findMany({ where: { id: { in: withdrawn } }, include: { states: true } });
  const profileById = new Map(profiles.map((profile) => [profile.id, profile]));
  for (const id of withdrawn) {
    const profile = profileById.get(id);
    if (!profile || profile.trainingStatus !== 'withdrawn') missing.push(`withdrawal of ${id}`);
    else if (!profile.states.some((state) => state.state === 'withdrawn')) halfWritten.push(`withdrawal of ${id} without its history`);
  }
  const audits = await prisma.apiAudit.count({ where: { statusCode: 200, method: { in: ['POST', 'PUT'] } } });
  const found = acks.length - missing.length;
  t.comment(`${label}: ${acks.length} acknowledged (${declared.length} declarations, ${voided.size} voids, ${withdrawn.length} withdrawals), ${found} found, ${halfWritten.length} half-written; ${audits} audit rows for 200 writes`);
  t.same(missing, [], 'every acknowledged write is present');
  t.same(halfWritten, [], 'nothing half-written');
  t.ok(audits >= acks.length, `an audit row for every acknowledged write (${audits} ≥ ${acks.length})`);
}

async function crashRun(t: Test, label: string, databaseUrl: string, database: Database, reopen: () => Promise<Database>) {
  const { participants, token } = await prepare(t, database, label === 'PostgreSQL' ? 'k' : 'q');
  if (database.config.kind === 'pglite') await database.close();
  const { acks, failures, seconds } = await loadAndKill(t, databaseUrl, participants, token);
  t.comment(`${label}: ${acks.length} writes acknowledged in ${seconds.toFixed(1)} s before kill -9 (${failures} non-200 answers before it)`);
  t.ok(acks.length >= TARGET_ACKS, `at least ${TARGET_ACKS} acknowledged writes`);
  t.equal(failures, 0, 'no write refused before the kill');
  await verify(t, label, await reopen(), acks);
}

const database = await freshDatabase(t);
if (database.config.kind === 'postgres') {
  const url = database.config.url;
  await t.test(`PostgreSQL: kill -9 after ${TARGET_ACKS} acknowledged writes, every acknowledged write found whole`, async (t) => {
    await crashRun(t, 'PostgreSQL', url, database, async () => database);
  });
}

await t.test(`embedded PGlite on a folder: kill -9 after ${TARGET_ACKS} acknowledged writes, every acknowledged write found whole`, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lpapi-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const embedded = await openDatabase({ kind: 'pglite', dir });
  await migrate(embedded);
  await loadReferenceData(embedded.prisma, new Date());
  let reopened: Database | undefined;
  t.teardown(() => reopened?.close());
  // The folder is opened by one process at a time: this one closes it before the server opens it,
  // and opens it again (crash recovery runs then) once the server is dead.
  await crashRun(t, 'PGlite', `pglite:${dir}`, embedded, async () => {
    reopened = await openDatabase({ kind: 'pglite', dir });
    return reopened;
  });
});
