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
 * Where list and show queries read: one statement built with `Prisma.sql`, answered with rows as the
 * database driver parses them (a `date` at midnight UTC, `bigint` and `numeric` as strings). It is
 * its own type, not a Prisma client, so a query written for it cannot also be run through Prisma's
 * raw query, whose parsing differs (BigInt, Decimal); writes and transactions use Prisma's client.
 */
export interface Reader {
  rows<Row>(sql: Prisma.Sql): Promise<Row[]>;
}

/** What an operation that writes and then shows the result needs: Prisma for the write, the reader for the view. */
export interface Connections {
  readonly prisma: PrismaClient;
  readonly reader: Reader;
}
