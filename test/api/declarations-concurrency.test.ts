// Concurrent POSTs for one milestone create exactly one declaration, enforced by the database
// (advisory lock per person + unique billable slot), not by a read-then-write check.
// In-process on any database; on PostgreSQL also across two real server processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { buildTestApi, freshDatabase, testDatabaseUrl } from '../helpers/app.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { Fixtures, started } from './declarations-fixtures.ts';

const REQUESTS = 50;
const api = await buildTestApi(t);
const fx = new Fixtures(api, 'c', 290000);
const token = await api.tokenFor('Ambition Institute');

const body = (attributes: Record<string, unknown>) => ({ data: { type: 'participant-declaration', attributes } });

await t.test(`${REQUESTS} concurrent identical POSTs in one process: one declaration, every answer the same 200`, async (t) => {
  const ect = await fx.participant();
  const began = performance.now();
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      api.request({ method: 'POST', url: `/api/${['v1', 'v2', 'v3'][i % 3]}/participant-declarations`, token, payload: body(started(ect)) }),
    ),
  );
  t.comment(`${REQUESTS} concurrent POSTs in ${Math.round(performance.now() - began)} ms`);
  t.same([...new Set(responses.map((r) => r.statusCode))], [200], 'every response is 200');
  const ids = new Set(responses.map((r) => JSON.parse(r.body).data.id));
  t.equal(ids.size, 1, 'all the same declaration');
  t.equal(await fx.prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1, 'exactly one row');
  t.equal(await fx.prisma.statementLineItem.count({ where: { participantDeclarationId: [...ids][0] } }), 1, 'on one statement line');
});

await t.test('concurrent different declarations for one milestone: one wins, the rest are the 422', async (t) => {
  const ect = await fx.participant();
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api.request({ method: 'POST', url: '/api/v3/participant-declarations', token, payload: body(started(ect, { declaration_date: `2024-10-${String(1 + (i % 2)).padStart(2, '0')}T10:00:00Z` })) }),
    ),
  );
  const ok = responses.filter((r) => r.statusCode === 200);
  const refused = responses.filter((r) => r.statusCode === 422);
  t.equal(ok.length + refused.length, 20, 'only 200s and 422s');
  t.equal(new Set(ok.map((r) => JSON.parse(r.body).data.id)).size, 1, 'the 200s are all the winner (its exact repeats)');
  t.ok(refused.every((r) => r.body === '{"errors":[{"title":"base","detail":"A declaration has already been submitted that will be, or has been, paid for this event"}]}'));
  t.equal(await fx.prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1);
});

await t.test('concurrent declarations for two records of one person: one paid, one ineligible duplicate', async (t) => {
  const original = await fx.participant();
  const duplicate = await fx.participant({ trn: original.trn });
  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      api.request({ method: 'POST', url: '/api/v3/participant-declarations', token, payload: body(started(i % 2 ? duplicate : original)) }),
    ),
  );
  t.same([...new Set(responses.map((r) => r.statusCode))], [200]);
  const states = await fx.prisma.participantDeclaration.findMany({ where: { userId: { in: [original.userId, duplicate.userId] } }, select: { state: true } });
  t.same(states.map((s) => s.state).sort(), ['eligible', 'ineligible'], 'never two paid for one person');
});

// ---------------------------------------------------------------------------------------------

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Server {
  child: ChildProcess;
  url: string;
}

/** Starts `src/server.ts` on a free loopback port; resolves once it listens. */
function startServer(databaseUrl: string): Promise<Server> {
  // Load shedding off: this test judges the race's outcome, and a busy CI box must not turn into 503s.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', API_ENV: 'sandbox', SEED_ON_EMPTY: 'false', LOG_LEVEL: 'info', REDIS_URL: '', LOAD_SHED_EVENT_LOOP_DELAY_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`server did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const onPostgres = testDatabaseUrl().startsWith('postgres');
await t.test(
  `${REQUESTS} concurrent identical POSTs over two server processes on one PostgreSQL`,
  { skip: onPostgres ? false : 'needs DATABASE_URL=postgres://… (PGlite cannot be shared by two processes); the in-process variant above ran instead' },
  async (t) => {
    const database = await freshDatabase(t);
    const databaseUrl = (database.config as { url: string }).url;
    const shared = new Fixtures({ ...api, database, providerId: async (name) => (await database.prisma.leadProvider.findUniqueOrThrow({ where: { name } })).id }, 'c2', 295000);
    const ect = await shared.participant();
    const { token: serverToken } = await createToken(database.prisma, await shared.api.providerId('Ambition Institute'));

    const servers = await Promise.all([startServer(databaseUrl), startServer(databaseUrl)]);
    t.teardown(() => Promise.all(servers.map(stopServer)));
    t.not(servers[0]!.url, servers[1]!.url, 'two processes, two ports');

    const post = async (i: number) => {
      const server = servers[i % 2]!;
      const response = await fetch(`${server.url}/api/v3/participant-declarations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serverToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body(started(ect))),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, body: await response.text() };
    };
    const began = performance.now();
    const responses = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => post(i)));
    t.comment(`${REQUESTS} concurrent POSTs over 2 processes in ${Math.round(performance.now() - began)} ms`);
    t.same([...new Set(responses.map((r) => r.status))], [200], `every response is 200 (${responses.find((r) => r.status !== 200)?.body ?? ''})`);
    const ids = new Set(responses.map((r) => JSON.parse(r.body).data.id));
    t.equal(ids.size, 1, 'all the same declaration');
    t.equal(await database.prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1, 'exactly one row in the database');
    const attempts = await database.prisma.declarationAttempt.groupBy({ by: ['outcome'], where: { userId: ect.userId }, _count: true });
    t.same(
      Object.fromEntries(attempts.map((a) => [a.outcome, a._count])),
      { created: 1, repeat: REQUESTS - 1 },
      'every attempt recorded: one created, the rest repeats',
    );
  },
);

await t.test(
  'the unique slot is the backstop: a conflicting write that bypassed the lock is answered, never a 400/500',
  { skip: onPostgres ? false : 'needs two database connections (PostgreSQL)' },
  async (t) => {
    const { recordDeclaration } = await import('../../src/domain/declarations/service.ts');
    const { domainFailure } = await import('../../src/plugins/errors.ts');
    const { DomainError } = await import('../../src/domain/shared/errors.ts');
    const { billableSlot } = await import('../../src/domain/declarations/rules.ts');
    const prisma = fx.prisma;
    const ambition = await api.providerId('Ambition Institute');
    for (const [label, date, expected] of [
      ['an exact repeat gets the other write\'s declaration', '2024-10-01T10:00:00Z', 'repeat'],
      ['a different declaration gets the 422', '2024-10-09T10:00:00Z', 'refused'],
    ] as const) {
      const ect = await fx.participant();
      const profile = await prisma.participantProfile.findUniqueOrThrow({ where: { id: ect.profileId }, include: { schedule: true } });
      let inserted!: () => void;
      const insertedYet = new Promise<void>((resolve) => { inserted = resolve; });
      // Another writer puts a declaration in the slot without the lock and commits a moment later.
      const other = prisma.$transaction(async (tx) => {
        const row = await tx.participantDeclaration.create({
          data: {
            userId: ect.userId, participantProfileId: ect.profileId, leadProviderId: ambition, cohortId: profile.schedule.cohortId,
            profileType: 'ect', declarationType: 'started', declarationDate: new Date('2024-10-01T10:00:00Z'), courseIdentifier: 'ecf-induction',
            state: 'eligible', billableSlot: billableSlot(ect.userId, 'ecf-induction', 'started'),
          },
        });
        inserted();
        await new Promise((resolve) => setTimeout(resolve, 400));
        return row.id;
      });
      await insertedYet;
      const outcome = recordDeclaration(api.database, {
        leadProviderId: ambition,
        now: new Date(),
        actor: 'test',
        request: { participantId: ect.userId, declarationType: 'started', declarationDate: date, courseIdentifier: 'ecf-induction' },
      }).then((result) => result.declaration.id, (error: unknown) => (error instanceof DomainError ? domainFailure(error).body() : error));
      const [otherId, result] = await Promise.all([other, outcome]);
      if (expected === 'repeat') t.equal(result, otherId, label);
      else t.same(result, { errors: [{ title: 'base', detail: 'A declaration has already been submitted that will be, or has been, paid for this event' }] }, label);
      t.equal(await prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1, 'still one row');
    }
  },
);
