import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import t, { type Test } from 'tap';

import { applyMigrations, diffMigrationsToSchema, MigrationError } from '../src/db/migrations.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL ?? '';
const ON_POSTGRES = /^postgres(ql)?:\/\//.test(DATABASE_URL);

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}
const ROWS_SQL =
  'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY started_at, migration_name';

async function migrationFolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
}

async function checksum(dir: string, name: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(path.join(dir, name, 'migration.sql'), 'utf8'))
    .digest('hex');
}

async function timed<T>(t: Test, label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  t.comment(`${label}: ${Math.round(performance.now() - start)} ms`);
  return result;
}

/** Rows as the engine recorded them must be what `prisma migrate deploy` records. */
async function checkRows(t: Test, rows: MigrationRow[], dir: string, names: string[]): Promise<void> {
  t.same(
    rows.map((r) => r.migration_name),
    names,
    'one _prisma_migrations row per migration, in order',
  );
  for (const row of rows) {
    t.ok(row.finished_at, `${row.migration_name} finished`);
    t.equal(row.rolled_back_at, null, `${row.migration_name} not rolled back`);
    t.equal(row.applied_steps_count, 1);
    t.equal(row.checksum, await checksum(dir, row.migration_name), `${row.migration_name} checksum is sha256 of the file`);
  }
}

/** A scratch PostgreSQL database next to DATABASE_URL's, dropped at the end of the test. */
async function scratchPostgres(t: Test): Promise<string> {
  const name = `mig_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  t.teardown(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return url.href;
}

async function pgRows(url: string): Promise<MigrationRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<MigrationRow>(ROWS_SQL)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A migrations folder holding the real migrations plus one whose function body has `;` inside
 * `$$` (split-on-`;` adapters break it) and one that fails on its second statement.
 */
async function fixtureMigrations(t: Test): Promise<{ dir: string; good: string[]; bad: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'migrations-test-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  const real = await migrationFolders(dir);
  await fs.mkdir(path.join(dir, '99990101000000_function'));
  await fs.writeFile(
    path.join(dir, '99990101000000_function', 'migration.sql'),
    'CREATE FUNCTION migration_test_fn() RETURNS integer AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 42;\nEND;\n$$ LANGUAGE plpgsql;\n',
  );
  await fs.mkdir(path.join(dir, '99990101000001_broken'));
  await fs.writeFile(
    path.join(dir, '99990101000001_broken', 'migration.sql'),
    'CREATE TABLE migration_test_half (id integer);\nSELECT 1 / 0;\n',
  );
  return { dir, good: [...real, '99990101000000_function'], bad: '99990101000001_broken' };
}

/** Same scenario on any target: fails cleanly, changes nothing, retries once fixed. */
async function checkFailingMigration(
  t: Test,
  apply: (dir: string) => Promise<{ applied: string[] }>,
  query: (sql: string) => Promise<Record<string, unknown>[]>,
): Promise<void> {
  const { dir, good, bad } = await fixtureMigrations(t);
  const error = await apply(dir).then(
    () => null,
    (e: unknown) => e,
  );
  t.type(error, MigrationError, 'a failing migration throws');
  const failure = error as MigrationError;
  t.match(failure.message, new RegExp(`\`${bad}\` failed and was rolled back.*division by zero`));
  t.same(failure.applied, good, 'the migrations before it were applied');
  t.equal(failure.failedMigration, bad);

  t.same(await query(`SELECT to_regclass('migration_test_half') AS t`), [{ t: null }], 'nothing of it stays');
  t.same(await query('SELECT migration_test_fn() AS v'), [{ v: 42 }], 'a $$ body with ; inside is intact');
  const rows = (await query(ROWS_SQL)) as unknown as MigrationRow[];
  const badRows = rows.filter((r) => r.migration_name === bad);
  t.equal(badRows.length, 1);
  t.equal(badRows[0]?.finished_at, null, 'not recorded as applied');
  t.ok(badRows[0]?.rolled_back_at, 'recorded as rolled back');
  t.match(badRows[0]?.logs, /division by zero/);

  await fs.writeFile(path.join(dir, bad, 'migration.sql'), 'CREATE TABLE migration_test_half (id integer);\n');
  t.same((await apply(dir)).applied, [bad], 'the corrected migration applies on the next run');
  t.same((await apply(dir)).applied, [], 'then nothing is pending');
}

await t.test('drift: prisma/schema.prisma is what prisma/migrations produce', async (t) => {
  const sql = await timed(t, 'drift check', () => diffMigrationsToSchema());
  t.equal(
    sql,
    '',
    sql === ''
      ? 'in sync'
      : `schema.prisma changed without a migration; run \`npm run migrate -- create <name>\`. Missing SQL:\n${sql}`,
  );
});

await t.test('PGlite (memory): every migration applies once', async (t) => {
  const names = await migrationFolders(MIGRATIONS_DIR);
  t.ok(names.length > 0, 'there are migrations');
  const db = await PGlite.create();
  t.teardown(() => db.close());

  const first = await timed(t, 'apply all migrations on PGlite memory', () => applyMigrations({ kind: 'pglite', db }));
  t.same(first.applied, names);
  const second = await applyMigrations({ kind: 'pglite', db });
  t.same(second.applied, [], 'a second run applies nothing');
  await checkRows(t, (await db.query<MigrationRow>(ROWS_SQL)).rows, MIGRATIONS_DIR, names);
});

await t.test('PGlite (memory): a failing migration', async (t) => {
  const db = await PGlite.create();
  t.teardown(() => db.close());
  await checkFailingMigration(
    t,
    (migrationsDir) => applyMigrations({ kind: 'pglite', db }, { migrationsDir }),
    async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
  );
});

await t.test('PostgreSQL: every migration applies once', { skip: !ON_POSTGRES && 'DATABASE_URL is not postgres://' }, async (t) => {
  const names = await migrationFolders(MIGRATIONS_DIR);
  const url = await scratchPostgres(t);
  const target = { kind: 'postgres', connectionString: url } as const;

  const first = await timed(t, 'apply all migrations on PostgreSQL', () => applyMigrations(target));
  t.same(first.applied, names);
  t.same((await applyMigrations(target)).applied, [], 'a second run applies nothing');
  await checkRows(t, await pgRows(url), MIGRATIONS_DIR, names);
});

await t.test('PostgreSQL: a failing migration', { skip: !ON_POSTGRES && 'DATABASE_URL is not postgres://' }, async (t) => {
  const url = await scratchPostgres(t);
  await checkFailingMigration(
    t,
    (migrationsDir) => applyMigrations({ kind: 'postgres', connectionString: url }, { migrationsDir }),
    async (sql) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<Record<string, unknown>>(sql)).rows;
      } finally {
        await client.end();
      }
    },
  );
});
