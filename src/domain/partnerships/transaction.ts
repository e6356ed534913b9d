import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts';
import type { Db } from '../participants/visibility.ts';

/** Runs the work in a new transaction, or in the caller's when it already holds one (seeds, admin). */
export async function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // Only the top-level client can connect; a transaction client (which Prisma lets open nested
  // transactions, unsupported by the embedded driver) cannot.
  const client = db as Partial<PrismaClient>;
  if (typeof client.$connect === 'function') {
    return (db as PrismaClient).$transaction(work, { timeout: 30_000, maxWait: 30_000 });
  }
  return work(db as Prisma.TransactionClient);
}

/**
 * Serialises partnership writes per school: two providers confirming the same school at once
 * cannot both pass the "already partnered" checks.
 */
export async function lockSchool(db: Db, schoolId: string): Promise<void> {
  await db.$queryRawUnsafe(`SELECT id FROM schools WHERE id = $1::uuid FOR UPDATE`, schoolId);
}
