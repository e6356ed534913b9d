import type { Db } from '../shared/db.ts';
import { participantsChanged } from '../participants/visibility.ts';
import { attachToNextOutputStatement } from '../statements/attach.ts';
import { recordStateChanges, type Actor } from './history.ts';

// When a participant becomes fundable their submitted declarations become eligible and go on the
// statement current at that moment (docs/declarations.md).

export interface EligibilityOutcome {
  madeEligible: string[];
  /** Submitted declarations with no open output statement to go on (cohort closed); left submitted. */
  leftSubmitted: string[];
}

export async function makeSubmittedDeclarationsEligible(db: Db, profileId: string, now: Date, actor: Actor): Promise<EligibilityOutcome> {
  const submitted = await db.$queryRaw<{ id: string; lead_provider_id: string; cohort_id: string }[]>`
    SELECT id, lead_provider_id, cohort_id FROM participant_declarations
     WHERE participant_profile_id = ${profileId}::uuid AND state = 'submitted' ORDER BY created_at, id FOR UPDATE`;
  const outcome: EligibilityOutcome = { madeEligible: [], leftSubmitted: [] };
  for (const declaration of submitted) {
    const statement = await attachToNextOutputStatement(
      db,
      { id: declaration.id, leadProviderId: declaration.lead_provider_id, cohortId: declaration.cohort_id, statementType: 'ecf' },
      'eligible',
      now,
    );
    if (!statement) {
      outcome.leftSubmitted.push(declaration.id);
      continue;
    }
    await db.participantDeclaration.update({ where: { id: declaration.id }, data: { state: 'eligible', updatedAt: now } });
    outcome.madeEligible.push(declaration.id);
  }
  await recordStateChanges(db, outcome.madeEligible.map((id) => ({ declarationId: id, fromState: 'submitted' as const, state: 'eligible' as const })), actor);
  return outcome;
}

/**
 * DfE confirms a participant's funding: eligibility becomes `eligible` and their submitted
 * declarations follow. The eligibility change is visible to providers (eligible_for_funding).
 */
export async function participantBecameFundable(db: Db, profileId: string, now: Date, actor: Actor): Promise<EligibilityOutcome> {
  const profile = await db.participantProfile.findUniqueOrThrow({ where: { id: profileId }, select: { userId: true } });
  await db.ecfParticipantEligibility.upsert({
    where: { participantProfileId: profileId },
    create: { participantProfileId: profileId, status: 'eligible', reason: 'none', createdAt: now, updatedAt: now },
    update: { status: 'eligible', reason: 'none', updatedAt: now },
  });
  const outcome = await makeSubmittedDeclarationsEligible(db, profileId, now, actor);
  await participantsChanged(db, [profile.userId], now);
  return outcome;
}
