import type { Db } from '../../shared/db.ts';
import { isoDate, utcDate } from '../../shared/time.ts';

// Outcomes the service records itself, as a completed NPQ declaration is made or undone: the
// declaration's `has_passed` becomes a passed or failed outcome dated on the declaration day, and
// voiding (or clawing back) that declaration adds a voided outcome, so the result is withdrawn.

interface CompletedDeclaration {
  id: string;
  leadProviderId: string;
  userId: string;
  declarationDate: Date;
}

export async function recordOutcomeOfCompletion(db: Db, declaration: CompletedDeclaration, hasPassed: boolean, now: Date): Promise<void> {
  await db.npqParticipantOutcome.create({
    data: {
      participantDeclarationId: declaration.id,
      leadProviderId: declaration.leadProviderId,
      userId: declaration.userId,
      state: hasPassed ? 'passed' : 'failed',
      completionDate: utcDate(isoDate(declaration.declarationDate)),
      createdAt: now,
      updatedAt: now,
    },
  });
}

/** Adds a voided outcome after the declaration's latest one, unless there is none or it is voided already. */
export async function voidOutcomeOfCompletion(db: Db, declarationId: string, now: Date): Promise<void> {
  const latest = await db.npqParticipantOutcome.findFirst({
    where: { participantDeclarationId: declarationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  if (!latest || latest.state === 'voided') return;
  await db.npqParticipantOutcome.create({
    data: {
      participantDeclarationId: declarationId,
      leadProviderId: latest.leadProviderId,
      userId: latest.userId,
      state: 'voided',
      completionDate: latest.completionDate,
      createdAt: now,
      updatedAt: now,
    },
  });
}
