import { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import { COURSE_PROFILE_TYPES } from '../shared/courses.ts';
import { recordsUnderProvider } from '../shared/sql-fragments.ts';

// Who a declaration is for (docs/declarations.md): the identity named by participant_id, and that
// identity's profile of the course's type, provided the person has a record with the calling
// provider at all (so another provider's participant is not recognised, and no later rule tells
// the caller anything about them). One query.

export interface DeclarationProfile {
  id: string;
  userId: string;
  profileType: 'ect' | 'mentor';
  scheduleId: string;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  fundable: boolean;
  trn: string | null;
  cohort: { id: string; startYear: number; mentorFunding: boolean; detailedEvidenceTypes: boolean };
}

export interface ResolvedParticipant {
  identityId: string;
  userId: string;
  /** The identity's first active-record profile of the course's type (withdrawn records are ignored). */
  profile: DeclarationProfile | null;
}

interface ResolutionRow {
  identity_id: string;
  user_id: string;
  profile_id: string | null;
  profile_type: 'ect' | 'mentor' | null;
  schedule_id: string | null;
  pupil_premium_uplift: boolean | null;
  sparsity_uplift: boolean | null;
  eligibility_status: string | null;
  trn: string | null;
  cohort_id: string | null;
  start_year: number | null;
  mentor_funding: boolean | null;
  detailed_evidence_types: boolean | null;
  trained_here: boolean;
}

// By user id when the course names a profile type that user has; otherwise (or failing that) by
// a legacy identity's external identifier.
function resolution(participantId: string, profileType: string | null, leadProviderId: string): Prisma.Sql {
  return Prisma.sql`
  WITH identity AS (
    (SELECT pi.id, pi.user_id, 1 AS tier FROM participant_identities pi
      WHERE ${profileType}::profile_type IS NOT NULL AND pi.user_id = ${participantId}::uuid
        AND EXISTS (SELECT 1 FROM participant_profiles pp WHERE pp.participant_identity_id = pi.id AND pp.profile_type = ${profileType}::profile_type)
      ORDER BY pi.created_at, pi.id LIMIT 1)
    UNION ALL
    (SELECT pi.id, pi.user_id, 2 AS tier FROM participant_identities pi WHERE pi.external_identifier = ${participantId}::uuid)
    ORDER BY tier LIMIT 1
  )
  SELECT i.id AS identity_id, i.user_id, pp.id AS profile_id, pp.profile_type, pp.schedule_id,
         pp.pupil_premium_uplift, pp.sparsity_uplift, e.status AS eligibility_status, tp.trn,
         c.id AS cohort_id, c.start_year, c.mentor_funding, c.detailed_evidence_types,
         EXISTS (SELECT 1 FROM participant_profiles mine JOIN ${recordsUnderProvider(leadProviderId, 'r')} ON r.participant_profile_id = mine.id
                  WHERE mine.user_id = i.user_id) AS trained_here
    FROM identity i
    LEFT JOIN LATERAL (
      SELECT * FROM participant_profiles pp
       WHERE pp.participant_identity_id = i.id AND pp.profile_type = ${profileType}::profile_type AND pp.status = 'active'
       ORDER BY pp.created_at, pp.id LIMIT 1
    ) pp ON true
    LEFT JOIN ecf_participant_eligibilities e ON e.participant_profile_id = pp.id
    LEFT JOIN teacher_profiles tp ON tp.user_id = i.user_id
    LEFT JOIN schedules s ON s.id = pp.schedule_id
    LEFT JOIN cohorts c ON c.id = s.cohort_id`;
}

export async function resolveParticipant(
  db: Db,
  leadProviderId: string,
  participantId: string | undefined,
  courseIdentifier: string | undefined,
): Promise<ResolvedParticipant | null> {
  if (!participantId || !isUuid(participantId)) return null;
  const profileType = (courseIdentifier && COURSE_PROFILE_TYPES[courseIdentifier]) || null;
  const [row] = await db.$queryRaw<ResolutionRow[]>(resolution(participantId.toLowerCase(), profileType, leadProviderId));
  if (!row || !row.trained_here) return null;
  const profile: DeclarationProfile | null = row.profile_id
    ? {
        id: row.profile_id,
        userId: row.user_id,
        profileType: row.profile_type!,
        scheduleId: row.schedule_id!,
        pupilPremiumUplift: row.pupil_premium_uplift!,
        sparsityUplift: row.sparsity_uplift!,
        fundable: row.eligibility_status === 'eligible',
        trn: row.trn,
        cohort: { id: row.cohort_id!, startYear: row.start_year!, mentorFunding: row.mentor_funding!, detailedEvidenceTypes: row.detailed_evidence_types! },
      }
    : null;
  return { identityId: row.identity_id, userId: row.user_id, profile };
}
