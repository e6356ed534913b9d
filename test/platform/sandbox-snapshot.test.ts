import t from 'tap';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { captureSandboxDump } from '../../scripts/generate.ts';
import { SANDBOX_CLOCK, dumpTables, loadSandbox, loadSnapshot, readSandboxSnapshot, sandboxToken, throughPrisma } from '../../prisma/seed/snapshot.ts';
import { buildTestApi, freshDatabase, testDatabaseUrl } from '../helpers/app.ts';

const committed = readSandboxSnapshot();

/** Per table, whether two dumps agree (a whole-text diff of ~6 MB would say nothing useful). */
function tablesThatDiffer(a: string, b: string): string[] {
  const byTable = (dump: string) => new Map(dump.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('\t')), line]));
  const left = byTable(a);
  const right = byTable(b);
  return [...new Set([...left.keys(), ...right.keys()])].filter((table) => left.get(table) !== right.get(table)).sort();
}

// The capture always runs on its own in-memory PGlite, so one database suite is enough for it.
await t.test('the committed snapshot is exactly what the domain seed writes today', { skip: testDatabaseUrl().startsWith('postgres') && 'captured on PGlite in the PGlite run' }, async (t) => {
  const fresh = captureSandboxDump();
  t.same(tablesThatDiffer(fresh, committed), [], 'every table identical (if not: npm run generate)');
  t.ok(fresh === committed, 'byte for byte');
});

await t.test('loading the snapshot gives back every row it holds', async (t) => {
  const database = await freshDatabase(t, { referenceData: false });
  const written = await loadSnapshot(throughPrisma(database.prisma), committed, { analyze: true });
  t.ok(written > 10_000, `${written} rows written`);
  const reloaded = await dumpTables(database.prisma);
  t.same(tablesThatDiffer(reloaded, committed), [], 'every table identical after a round trip');

  // The read models came in with the rows; maintaining them from here on must agree with a rebuild.
  const before = await dumpTables(database.prisma);
  await database.prisma.$executeRawUnsafe('SELECT rebuild_participant_list()');
  await database.prisma.$executeRawUnsafe('SELECT rebuild_declaration_shares()');
  t.same(tablesThatDiffer(await dumpTables(database.prisma), before), [], 'the loaded read models equal a rebuild from the source tables');
});

await t.test('a fresh sandbox: the same records every time, usable at once', async (t) => {
  const database = await freshDatabase(t, { referenceData: false });
  const loaded = await loadSandbox(database, new Date());
  t.same(loaded, { source: 'snapshot', asOf: SANDBOX_CLOCK });
  const api = await buildTestApi(t, {}, database);
  const rowsOf = <Row>(table: string) => JSON.parse(committed.split('\n').find((line) => line.startsWith(`${table}\t`))!.split('\t')[1]!) as Row[];
  const ambition = rowsOf<{ id: string; name: string }>('lead_providers').find((provider) => provider.name === 'Ambition Institute')!;
  const theirs = rowsOf<{ user_id: string; lead_provider_id: string }>('participant_list_rows').find((row) => row.lead_provider_id === ambition.id)!;
  const one = await api.request({ method: 'GET', url: `/api/v3/participants/ecf/${theirs.user_id}`, token: sandboxToken('Ambition Institute') });
  t.equal(one.statusCode, 200, 'a participant of the snapshot, by its id');
  const list = await api.request({ method: 'GET', url: '/api/v3/participants/ecf?page[per_page]=3000', token: sandboxToken('Ambition Institute') });
  t.equal(list.statusCode, 200);
  const ids = (list.json() as { data: { id: string }[] }).data.map((item) => item.id);
  t.ok(ids.length > 20, `${ids.length} participants for Ambition Institute`);
  t.ok(ids.every((id) => committed.includes(`"${id}"`)), 'every one of them is a record of the snapshot');
});

// A PostgreSQL role that may not switch triggers off cannot load the snapshot as it stands.
await t.test('a role without superuser gets the domain seed instead', { skip: !testDatabaseUrl().startsWith('postgres') && 'PostgreSQL only (PGlite is always superuser)' }, async (t) => {
  const url = testDatabaseUrl();
  const suffix = randomBytes(5).toString('hex');
  const role = `lpapi_plain_${suffix}`;
  const name = `lpapi_plain_db_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
  await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
  t.teardown(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });
  const own = new URL(url);
  own.username = role;
  own.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: own.toString() }, { poolSize: 3 });
  t.teardown(() => database.close());
  await migrate(database);
  const loaded = await loadSandbox(database, new Date('2026-12-02T10:00:00Z'));
  t.equal(loaded.source, 'domain seed');
  t.ok((await database.prisma.participantProfile.count()) > 100, 'the sandbox participants are there');
  t.equal(await database.prisma.apiToken.count({ where: { description: 'sandbox seed' } }), 7, 'with a sandbox token per provider');
});
