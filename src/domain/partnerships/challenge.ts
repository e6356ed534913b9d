import type { ChallengeReason } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { participantsChanged, usersUnderPartnerships } from '../participants/visibility.ts';
import { Conflict, InvalidRequest, NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { isoDate } from '../shared/time.ts';
import { ensureSchoolCohort } from '../schools/service.ts';
import { inTransaction } from '../shared/db.ts';
import { lockSchool } from './transaction.ts';

export const CHALLENGE_REASONS: readonly ChallengeReason[] = ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'];

export interface PartnershipChallenge {
  partnershipId: string;
  reason: string;
  now: Date;
  /** DfE may challenge at any time; a school only until the partnership's challenge deadline. */
  byDfe?: boolean;
}

/**
 * A school disputes a partnership a provider reported (docs/partnerships.md). The partnership shows as
 * `challenged`, the provider can no longer change it, and its participants leave the provider's
 * participant endpoints in the same transaction (their `updated_at` moves). "No ECTs" also records
 * the school as having no early career teachers for the cohort, with no default programme.
 */
export async function challengePartnership(db: Db, challenge: PartnershipChallenge) {
  if (!(CHALLENGE_REASONS as readonly string[]).includes(challenge.reason)) {
    throw new InvalidRequest(`Unknown challenge reason "${challenge.reason}" (one of: ${CHALLENGE_REASONS.join(', ')})`);
  }
  const reason = challenge.reason as ChallengeReason;
  return inTransaction(db, async (tx) => {
    const found = isUuid(challenge.partnershipId)
      ? await tx.partnership.findUnique({ where: { id: challenge.partnershipId.toLowerCase() } })
      : null;
    if (!found || found.relationship) throw new NotFound(`No partnership ${challenge.partnershipId}`);
    await lockSchool(tx, found.schoolId);
    const partnership = await tx.partnership.findUniqueOrThrow({ where: { id: found.id } });
    if (partnership.challengeReason !== null) {
      throw new Conflict(`The partnership was already challenged (${partnership.challengeReason}) on ${isoDate(partnership.challengedAt ?? partnership.updatedAt)}`);
    }
    if (!challenge.byDfe && partnership.challengeDeadline && challenge.now > partnership.challengeDeadline) {
      throw new InvalidRequest(
        `The school can no longer challenge this partnership: its challenge deadline was ${isoDate(partnership.challengeDeadline)} (DfE can still challenge it)`,
      );
    }
    const challenged = await tx.partnership.update({
      where: { id: partnership.id },
      data: { challengeReason: reason, challengedAt: challenge.now, updatedAt: challenge.now },
    });
    if (reason === 'no_ects') {
      const schoolCohort = await ensureSchoolCohort(tx, partnership.schoolId, partnership.cohortId, challenge.now);
      await tx.schoolCohort.update({
        where: { id: schoolCohort.id },
        data: { inductionProgrammeChoice: 'no_early_career_teachers', defaultInductionProgrammeId: null, updatedAt: challenge.now },
      });
    }
    await participantsChanged(tx, await usersUnderPartnerships(tx, [partnership.id]), challenge.now);
    return challenged;
  });
}
