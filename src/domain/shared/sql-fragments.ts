import { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from './db.ts';

// SQL written once and used by several queries. Each returns a piece of a statement built with
// `Prisma.sql`, so its values stay statement parameters.

/**
 * "Latest induction record first", as an ORDER BY list over the induction records aliased `alias`:
 * an open-ended record (no end date) before any closed one, then the newest start, then the newest
 * end, then the newest created (the id only makes the order total). The same rule in JS is
 * `compareLatestInductionRecordFirst`, and the view participant_visibility_source (a migration) orders
 * by it too; all must change together.
 */
export function latestInductionRecordFirst(alias = 'ir'): Prisma.Sql {
  return Prisma.raw(`(${alias}.end_date IS NULL) DESC, ${alias}.start_date DESC, ${alias}.end_date DESC, ${alias}.created_at DESC, ${alias}.id DESC`);
}

export interface InductionRecordDates {
  id: string;
  startDate: Date;
  endDate: Date | null;
  createdAt: Date;
}

/** A comparator for `Array.sort` giving the order of `latestInductionRecordFirst`. */
export function compareLatestInductionRecordFirst(a: InductionRecordDates, b: InductionRecordDates): number {
  if ((a.endDate === null) !== (b.endDate === null)) return a.endDate === null ? -1 : 1;
  return (
    b.startDate.getTime() - a.startDate.getTime() ||
    (b.endDate?.getTime() ?? 0) - (a.endDate?.getTime() ?? 0) ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

/**
 * `FROM` items: the induction records (aliased `alias`) that sit under one of the provider's
 * partnerships, with their programme as `ip` and partnership as `p`. What a provider may see of a
 * participant, and what it may declare for, starts from these records.
 */
export function recordsUnderProvider(leadProviderId: string, alias = 'ir'): Prisma.Sql {
  const record = Prisma.raw(alias);
  return Prisma.sql`induction_records ${record}
      JOIN induction_programmes ip ON ip.id = ${record}.induction_programme_id
      JOIN partnerships p ON p.id = ip.partnership_id AND p.lead_provider_id = ${leadProviderId}::uuid`;
}

/** True when the provider sees the registration in `profileColumn` (it has a visibility row for it). */
export function providerSeesProfile(leadProviderId: string, profileColumn: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM participant_visibility own
                    WHERE own.lead_provider_id = ${leadProviderId}::uuid AND own.participant_profile_id = ${Prisma.raw(profileColumn)})`;
}

/**
 * The users who are the provider's NPQ participants: one of their accepted applications to it
 * became an enrolment. A `SELECT user_id` over the provider's enrolments, for `IN (...)`.
 */
export function npqParticipantsOf(leadProviderId: string): Prisma.Sql {
  return Prisma.sql`SELECT user_id FROM npq_participant_profiles WHERE lead_provider_id = ${leadProviderId}::uuid`;
}

/**
 * True when the user in `userColumn` is someone the provider works with: they hold a record under
 * one of its partnerships, or applied to it for an NPQ (every enrolment comes from an application). An id that fails this is answered exactly
 * as an unknown id, so a provider cannot learn who trains elsewhere.
 */
export function knownToProvider(leadProviderId: string, userColumn: string): Prisma.Sql {
  const user = Prisma.raw(userColumn);
  return Prisma.sql`(EXISTS (SELECT 1 FROM participant_profiles known JOIN ${recordsUnderProvider(leadProviderId, 'known_ir')}
                              ON known_ir.participant_profile_id = known.id WHERE known.user_id = ${user})
                  OR EXISTS (SELECT 1 FROM npq_applications known_a WHERE known_a.user_id = ${user} AND known_a.lead_provider_id = ${leadProviderId}::uuid))`;
}

/** The same test for one user id, as a query. */
export async function isKnownToProvider(db: Db, leadProviderId: string, userId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ known: boolean }[]>(Prisma.sql`SELECT ${knownToProvider(leadProviderId, 'u.id')} AS known FROM users u WHERE u.id = ${userId}::uuid`);
  return rows[0]?.known === true;
}
