/**
 * npm run migrate                  applies the pending migrations to DATABASE_URL
 * npm run migrate -- create <name> writes prisma/migrations/<timestamp>_<name>/ from the schema diff
 *
 * DATABASE_URL: postgres://… or postgresql://… (a PostgreSQL server), pglite:<dir> or
 * pglite:memory (embedded PGlite); default pglite:./data/pglite.
 */
import type { PGlite } from '@electric-sql/pglite';

import { openDatabase, parseDatabaseUrl } from '../src/db/database.ts';
import { applyMigrations, createMigration, type MigrationTarget } from '../src/db/migrations.ts';

/** Opens the embedded database (memory when `dir` is null), holding its folder lock. */
async function openPglite(dir: string | null): Promise<{ db: PGlite; close(): Promise<void> }> {
  const database = await openDatabase({ kind: 'pglite', dir });
  return { db: database.pglite!, close: () => database.close() };
}

async function migrate(): Promise<void> {
  const config = parseDatabaseUrl(process.env.DATABASE_URL);
  let target: MigrationTarget;
  let close = async () => {};
  if (config.kind === 'postgres') {
    target = { kind: 'postgres', connectionString: config.url };
  } else {
    const opened = await openPglite(config.dir);
    target = { kind: 'pglite', db: opened.db };
    close = opened.close;
  }
  try {
    const { applied } = await applyMigrations(target);
    for (const name of applied) console.log(`Applied migration ${name}`);
    if (applied.length === 0) console.log('No pending migrations');
  } catch (error) {
    for (const name of (error as { applied?: string[] }).applied ?? []) console.log(`Applied migration ${name}`);
    throw error;
  } finally {
    await close();
  }
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined) return migrate();
  if (command === 'create') {
    const [name] = rest;
    if (name === undefined || rest.length !== 1) throw new Error('Usage: npm run migrate -- create <name>');
    const folder = await createMigration(name);
    console.log(folder === null ? 'No schema changes' : `Created prisma/migrations/${folder}/migration.sql`);
    return;
  }
  throw new Error(`Unknown command "${command}". Usage: npm run migrate [-- create <name>]`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`migrate: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(1);
  },
);
