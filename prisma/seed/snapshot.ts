import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/**
 * The sandbox data set, stored as the rows the domain seed (`seedSandbox`) wrote on a fixed clock
 * with deterministic ids. Loading it is a handful of set-based inserts, so a fresh sandbox answers
 * in seconds instead of replaying every scenario, and every fresh sandbox holds the same records
 * (the spec examples name them). `npm run generate` captures it (scripts/capture-sandbox.ts); a
 * test re-captures it and requires the committed file to be identical, so it is always exactly what
 * the domain code produces.
 */
export const SANDBOX_SNAPSHOT_FILE = fileURLToPath(new URL('../../generated/sandbox-snapshot.jsonl.gz', import.meta.url));

/** The `now` the snapshot was seeded on: its records are as of this instant. */
export const SANDBOX_CLOCK = new Date('2026-12-01T09:00:00.000Z');

/** The provider whose records the spec examples name, and whose sandbox token the published Postman collections carry. */
export const EXAMPLE_PROVIDER = 'Ambition Institute';

/**
 * A well-known sandbox token per provider (`sandbox-<provider-slug>`), so a fresh sandbox can be
 * called at once. Only ever created by the sandbox seed.
 */
export function sandboxToken(leadProviderName: string): string {
  return `sandbox-${leadProviderName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** The migration ledger belongs to the schema, not to the data set. */
const SCHEMA_TABLES = new Set(['_prisma_migrations']);

type Db = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

async function dataTables(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename COLLATE "C"`,
  );
  return rows.map((row) => row.name).filter((name) => !SCHEMA_TABLES.has(name));
}

/**
 * Every data table as one line `<table>\t<JSON array of rows>`, tables and rows in a byte order
 * independent of the server's collation and time zone, so equal databases give equal text. The
 * JSON is written by PostgreSQL and never parsed here: numerics keep every digit.
 */
export async function dumpTables(prisma: PrismaClient): Promise<string> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL TimeZone = 'UTC'`);
    const lines: string[] = [];
    for (const table of await dataTables(tx)) {
      // Table names come from the catalog and are quoted; they cannot be statement parameters.
      const [row] = await tx.$queryRawUnsafe<{ rows: string }[]>(
        `SELECT coalesce(json_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text COLLATE "C"), '[]')::text AS rows FROM "${table}" t`,
      );
      lines.push(`${table}\t${row!.rows}`);
    }
    return `${lines.join('\n')}\n`;
  }, { timeout: 120_000, maxWait: 60_000 });
}

export function readSandboxSnapshot(file = SANDBOX_SNAPSHOT_FILE): string {
  return gunzipSync(readFileSync(file)).toString('utf8');
}

/** The role may not switch triggers off (PostgreSQL without superuser): seed through the domain instead. */
export class SnapshotNotLoadable extends Error {}

/** Runs statements in one transaction: through Prisma, or straight on an embedded instance. */
export type TransactionRunner = <T>(work: (execute: (sql: string, params?: unknown[]) => Promise<number>) => Promise<T>) => Promise<T>;

export function throughPrisma(prisma: PrismaClient): TransactionRunner {
  return (work) => prisma.$transaction((tx) => work((sql, params = []) => tx.$executeRawUnsafe(sql, ...params)), { timeout: 120_000, maxWait: 60_000 });
}

/** Straight on PGlite: about half the time of Prisma's raw path for these multi-megabyte parameters. */
export function throughPglite(pglite: PGlite): TransactionRunner {
  return (work) => pglite.transaction((tx) => work(async (sql, params) => (await tx.query(sql, params)).affectedRows ?? 0));
}

function parseDump(dump: string): { table: string; rows: string }[] {
  return dump.split('\n').filter(Boolean).map((line) => {
    const tab = line.indexOf('\t');
    return { table: line.slice(0, tab), rows: line.slice(tab + 1) };
  });
}

/**
 * Writes a dump into an empty database in one transaction. Triggers (foreign keys, read-model
 * maintenance) are off while it runs: the rows already satisfy them, read models included, as
 * they were captured from a database that enforced them. Returns the number of rows written.
 */
export async function loadSnapshot(run: TransactionRunner, dump: string, options: { analyze: boolean }): Promise<number> {
  const written = await run(async (execute) => {
    try {
      await execute(`SET LOCAL session_replication_role = replica`);
    } catch (error) {
      throw new SnapshotNotLoadable((error as Error).message);
    }
    let rows = 0;
    for (const { table, rows: json } of parseDump(dump)) {
      // A table the schema lacks fails the insert, and with it the whole load.
      rows += await execute(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [json]);
    }
    return rows;
  });
  // Fresh statistics on PostgreSQL, so the first queries plan as they will once autovacuum has run
  // (PGlite has no autovacuum: its tables are never analysed, loaded or seeded).
  if (options.analyze) await run((execute) => execute('ANALYZE'));
  return written;
}

export async function databaseIsEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.leadProvider.count()) === 0;
}

export interface SandboxLoad {
  /** `snapshot`: the captured domain seed, as of SANDBOX_CLOCK; `domain seed`: replayed now. */
  source: 'snapshot' | 'domain seed';
  asOf: Date;
}

/**
 * The sandbox data set, into an empty database: the snapshot (about a second, the same records on
 * every fresh sandbox) when the database role may load it with triggers off, which PGlite and a
 * PostgreSQL superuser may; otherwise every scenario through the domain on today's clock (tens of
 * seconds, fresh ids).
 */
export async function loadSandbox(target: { prisma: PrismaClient; pglite?: PGlite | null }, now: Date): Promise<SandboxLoad> {
  const { prisma, pglite } = target;
  try {
    await loadSnapshot(pglite ? throughPglite(pglite) : throughPrisma(prisma), readSandboxSnapshot(), { analyze: !pglite });
    return { source: 'snapshot', asOf: SANDBOX_CLOCK };
  } catch (error) {
    if (!(error instanceof SnapshotNotLoadable)) throw error;
  }
  // The domain seed and its scenarios are loaded only for this fallback.
  const { seedSandbox } = await import('./sandbox.ts');
  await seedSandbox(prisma, now);
  return { source: 'domain seed', asOf: now };
}
