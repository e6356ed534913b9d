import type { Db } from '../shared/db.ts';

/**
 * Serialises partnership writes per school: two providers confirming the same school at once
 * cannot both pass the "already partnered" checks.
 */
export async function lockSchool(db: Db, schoolId: string): Promise<void> {
  await db.$queryRaw`SELECT id FROM schools WHERE id = ${schoolId}::uuid FOR UPDATE`;
}
