import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts';

/** The client or an open transaction: what a domain operation runs on. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs the work in a new transaction, or in the caller's when it already holds one (seeds, admin). */
export async function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  // Only the top-level client can connect; a transaction client (which Prisma lets open nested
  // transactions, unsupported by the embedded driver) cannot.
  const client = db as Partial<PrismaClient>;
  if (typeof client.$connect === 'function') {
    return (db as PrismaClient).$transaction(work, { timeout: timeoutMs, maxWait: timeoutMs });
  }
  return work(db as Prisma.TransactionClient);
}

/**
 * Runs one read statement built with `Prisma.sql`. Its `$n` text and values go through
 * `$queryRawUnsafe`, which the database's reader sends to the driver as a named prepared statement.
 */
export function queryRows<Row>(db: Db, sql: Prisma.Sql): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(sql.text, ...sql.values);
}
