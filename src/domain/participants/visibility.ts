import { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';

// participant_visibility holds, per provider and profile, the latest induction record under one of
// the provider's unchallenged partnerships, with the mentor that record names; the rule is the view
// participant_visibility_source (a migration). Rewritten in the same transaction as every change,
// with the participant lists' read model (participant_list_rows) built on the same view.
const INSERT = Prisma.sql`
  INSERT INTO participant_visibility
    (lead_provider_id, participant_profile_id, user_id, induction_record_id, profile_type,
     cohort_start_year, training_status, user_created_at, user_updated_at, profile_created_at,
     mentor_profile_id, mentor_user_id)
  SELECT lead_provider_id, participant_profile_id, user_id, induction_record_id, profile_type,
         cohort_start_year, training_status, user_created_at, user_updated_at, profile_created_at,
         mentor_profile_id, mentor_user_id
    FROM participant_visibility_source`;

/** Recomputes what every provider sees of these users' profiles. */
export async function refreshVisibilityForUsers(db: Db, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.$executeRaw`DELETE FROM participant_visibility WHERE user_id = ANY(${userIds}::uuid[])`;
  await db.$executeRaw`${INSERT} WHERE user_id = ANY(${userIds}::uuid[])`;
  await db.$executeRaw`SELECT refresh_participant_list(${userIds}::uuid[])`;
}

/** Recomputes the whole table (after bulk loads). */
export async function rebuildVisibility(db: Db): Promise<void> {
  await db.$executeRaw`DELETE FROM participant_visibility`;
  await db.$executeRaw`${INSERT}`;
  await db.$executeRaw`SELECT rebuild_participant_list()`;
}

/**
 * Call after any change that alters what a provider sees of these participants (an action, a
 * transfer, a mentor, a schedule, a school or partnership change, an id change): moves their
 * `updated_at`, so incremental syncs see the change, and refreshes their visibility rows.
 */
export async function participantsChanged(db: Db, userIds: string[], now: Date): Promise<void> {
  const distinct = [...new Set(userIds)];
  if (distinct.length === 0) return;
  await db.$executeRaw`UPDATE users SET updated_at = GREATEST(updated_at, ${now}::timestamptz) WHERE id = ANY(${distinct}::uuid[])`;
  await refreshVisibilityForUsers(db, distinct);
}

/** The users with a record under any programme of these partnerships (their visibility moves with them). */
export async function usersUnderPartnerships(db: Db, partnershipIds: string[]): Promise<string[]> {
  if (partnershipIds.length === 0) return [];
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    SELECT DISTINCT pp.user_id
      FROM induction_records ir
      JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
      JOIN participant_profiles pp ON pp.id = ir.participant_profile_id
     WHERE ip.partnership_id = ANY(${partnershipIds}::uuid[])`;
  return rows.map((row) => row.user_id);
}
