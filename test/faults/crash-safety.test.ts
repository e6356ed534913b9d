// Crash safety: kill -9 the server process under a sustained mixed write load (declarations,
// voids, withdrawals), start it again, and check that every write answered 200 is there in full.
import t from 'tap';
import { Agent, request } from 'undici';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { Fixtures, started } from '../api/declarations-fixtures.ts';
import { startServer } from './server-process.ts';

const TARGET_ACKS = Number(process.env.FAULTS_CRASH_WRITES ?? 1000);
const WORKERS = 8;

const database = await freshDatabase(t);
const databaseUrl = database.config.kind === 'postgres' ? database.config.url : null;
if (!databaseUrl) {
  t.comment('PostgreSQL only (DATABASE_URL=postgres://…)');
  t.pass('skipped on embedded PGlite');
  process.exit(0);
}

interface Ack { kind: 'declare' | 'void' | 'withdraw'; id: string; at: number }

await t.test(`kill -9 after ${TARGET_ACKS} acknowledged writes on PostgreSQL: every acknowledged write is found whole`, async (t) => {
  const api = await buildTestApi(t, {}, database);
  const fx = new Fixtures(api, 'k', 310000);
  const first = await fx.participant();
  const participantCount = Math.ceil(TARGET_ACKS / 3) + 60;
  const began = performance.now();
  const participants = [first];
  for (let i = 1; i < participantCount; i += 1) participants.push(await fx.participant({ schoolId: first.schoolId }));
  t.comment(`${participantCount} participants registered in ${Math.round(performance.now() - began)} ms`);
  const { token } = await createToken(database.prisma, await api.providerId('Ambition Institute'));

  const server = await startServer(t, databaseUrl, { RATE_LIMIT_MAX: '1000000' });
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
      acks.push({ kind: 'declare', id: declared.data.id, at: performance.now() });
      const voided = await send('PUT', `/api/v3/participant-declarations/${declared.data.id}/void`, {});
      if (!voided) continue;
      acks.push({ kind: 'void', id: declared.data.id, at: performance.now() });
      const withdrawn = await send('PUT', `/api/v3/participants/ecf/${p.userId}/withdraw`, { data: { type: 'participant-withdraw', attributes: { reason: 'other', course_identifier: 'ecf-induction' } } });
      if (!withdrawn) continue;
      acks.push({ kind: 'withdraw', id: p.profileId, at: performance.now() });
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, worker));
  const loadBegan = performance.now();
  const deadline = Date.now() + 150_000;
  while (acks.length < TARGET_ACKS && Date.now() < deadline && next < participants.length) await new Promise((resolve) => setTimeout(resolve, 20));
  // Mid-flight: the workers still have requests on the wire.
  killed = true;
  server.child.kill('SIGKILL');
  await server.exited;
  await load;
  const seconds = (performance.now() - loadBegan) / 1000;
  t.comment(`${acks.length} writes acknowledged in ${seconds.toFixed(1)} s before kill -9 (${failures} non-200 answers before it)`);
  t.ok(acks.length >= TARGET_ACKS, `at least ${TARGET_ACKS} acknowledged writes`);
  t.equal(failures, 0, 'no write refused before the kill');

  // Start again on the same database; the restarted server answers for what it holds.
  const restarted = await startServer(t, databaseUrl, { RATE_LIMIT_MAX: '1000000' });
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
  t.comment(`PostgreSQL: ${acks.length} acknowledged (${declared.length} declarations, ${voided.size} voids, ${withdrawn.length} withdrawals), ${found} found, ${halfWritten.length} half-written; ${audits} audit rows for 200 writes`);
  t.same(missing, [], 'every acknowledged write is present');
  t.same(halfWritten, [], 'nothing half-written');
  t.ok(audits >= acks.length, `an audit row for every acknowledged write (${audits} ≥ ${acks.length})`);
  const check = await fetch(`${restarted.url}/api/v3/participant-declarations/${declared[0]}`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(check.status, 200, 'the restarted server serves an acknowledged declaration');
  await check.text();
});
