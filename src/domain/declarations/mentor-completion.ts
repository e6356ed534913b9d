import type { Db } from '../shared/db.ts';
import { participantsChanged } from '../participants/visibility.ts';
import { isoDate, utcDate } from '../shared/time.ts';
import { BILLABLE_STATES } from './rules.ts';

// A mentor's funding ends with their completed declaration (docs/declarations.md); the API shows it as
// mentor_funding_end_date / mentor_ineligible_for_funding_reason. Recomputed whenever a mentor's
// `completed` declaration is created, voided or clawed back.

/** From this date a mentor already marked "started, not completed" keeps that outcome. */
const STARTED_NOT_COMPLETED_FROZEN_FROM = utcDate('2024-07-31');

export async function recomputeMentorCompletion(db: Db, profileId: string, now: Date): Promise<void> {
  const profile = await db.participantProfile.findUnique({
    where: { id: profileId },
    select: { userId: true, profileType: true, mentorCompletionDate: true, mentorCompletionReason: true },
  });
  if (!profile || profile.profileType !== 'mentor') return;
  if (profile.mentorCompletionReason === 'started_not_completed' && profile.mentorCompletionDate && now >= STARTED_NOT_COMPLETED_FROZEN_FROM) return;

  const completed = await db.participantDeclaration.findFirst({
    where: { participantProfileId: profileId, declarationType: 'completed', state: { in: [...BILLABLE_STATES] } },
    orderBy: [{ declarationDate: 'desc' }, { createdAt: 'desc' }],
    select: { declarationDate: true },
  });
  // Mentors of the early roll-out would count as completed by a list of TRNs; this service holds no such list, so only a completed declaration counts.
  const date = completed ? utcDate(isoDate(completed.declarationDate)) : null;
  const reason = completed ? ('completed_declaration_received' as const) : null;
  if (profile.mentorCompletionDate?.getTime() === date?.getTime() && profile.mentorCompletionReason === reason) return;

  await db.participantProfile.update({
    where: { id: profileId },
    data: { mentorCompletionDate: date, mentorCompletionReason: reason, updatedAt: now },
  });
  await participantsChanged(db, [profile.userId], now);
}
