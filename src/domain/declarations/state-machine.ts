import type { DeclarationState } from '../../../generated/prisma/client.ts';
import { InvalidAction, NotFound } from '../shared/errors.ts';
import type { Connections, Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import { attachToNextOutputStatement, statementTypeFor } from '../statements/attach.ts';
import { voidOutcomeOfCompletion } from '../npq/outcomes/declaration-outcomes.ts';
import { recordStateChanges, type Actor } from './history.ts';
import { recomputeMentorCompletion } from './mentor-completion.ts';
import { findDeclaration, type DeclarationView } from './query.ts';
import { declarationMessages as messages, REFUND_LINE_STATES } from './rules.ts';

// Voiding (docs/declarations.md): unpaid declarations become voided; a paid one becomes
// awaiting_clawback with a refund line on the next output statement of its product line. voided,
// awaiting_clawback and clawed_back are final as far as the provider is concerned. Undoing an NPQ
// `completed` declaration also withdraws the outcome it carried.

const VOIDABLE: readonly DeclarationState[] = ['submitted', 'eligible', 'payable', 'ineligible'];

interface VoidInput {
  declarationId: string;
  /** The caller; only its own declarations can be voided (others are not found). Null for DfE staff. */
  leadProviderId: string | null;
  now: Date;
  actor: Actor;
}

export async function voidDeclaration({ prisma, reader }: Connections, input: VoidInput): Promise<DeclarationView> {
  await prisma.$transaction((tx) => voidDeclarationIn(tx, input), { maxWait: 15_000, timeout: 30_000 });
  return findDeclaration(reader, input.declarationId.toLowerCase());
}

export async function voidDeclarationIn(db: Db, input: VoidInput): Promise<DeclarationState> {
  const { now, actor } = input;
  if (!isUuid(input.declarationId)) throw new NotFound(`No declaration ${input.declarationId}`);
  // Row-locked: two voids (or a void and a payment run) of one declaration happen one after the other.
  const [declaration] = await db.$queryRaw<
    { id: string; state: DeclarationState; lead_provider_id: string; cohort_id: string; participant_profile_id: string | null; profile_type: string; declaration_type: string; start_year: number }[]
  >`
    SELECT d.id, d.state, d.lead_provider_id, d.cohort_id, d.participant_profile_id, d.profile_type, d.declaration_type, c.start_year
      FROM participant_declarations d JOIN cohorts c ON c.id = d.cohort_id
     WHERE d.id = ${input.declarationId.toLowerCase()}::uuid FOR UPDATE OF d`;
  if (!declaration || (input.leadProviderId !== null && declaration.lead_provider_id !== input.leadProviderId)) throw new NotFound(`No declaration ${input.declarationId}`);

  let next: DeclarationState;
  if (declaration.state === 'voided') throw new InvalidAction(messages.alreadyVoided);
  if (declaration.state === 'awaiting_clawback' || declaration.state === 'clawed_back') throw new InvalidAction(messages.viewOnly);
  if (declaration.state === 'paid') {
    const refunds = await db.statementLineItem.count({ where: { participantDeclarationId: declaration.id, state: { in: [...REFUND_LINE_STATES] } } });
    if (refunds > 0) throw new InvalidAction(messages.alreadyRefunded);
    const statement = await attachToNextOutputStatement(
      db,
      { id: declaration.id, leadProviderId: declaration.lead_provider_id, cohortId: declaration.cohort_id, statementType: statementTypeFor(declaration.profile_type) },
      'awaiting_clawback',
      now,
    );
    if (!statement) throw new InvalidAction(messages.clawbackCohortClosed(declaration.start_year));
    next = 'awaiting_clawback';
    await db.participantDeclaration.update({ where: { id: declaration.id }, data: { state: next, billableSlot: null, updatedAt: now } });
  } else if (VOIDABLE.includes(declaration.state)) {
    next = 'voided';
    // The line stays on its statement, no longer counted as billable.
    await db.statementLineItem.updateMany({
      where: { participantDeclarationId: declaration.id, state: { in: ['eligible', 'payable', 'ineligible'] } },
      data: { state: 'voided', updatedAt: now },
    });
    await db.participantDeclaration.update({ where: { id: declaration.id }, data: { state: next, billableSlot: null, voidedAt: now, updatedAt: now } });
  } else {
    throw new InvalidAction(messages.viewOnly);
  }
  await recordStateChanges(db, [{ declarationId: declaration.id, fromState: declaration.state, state: next }], actor);
  if (declaration.profile_type === 'mentor' && declaration.declaration_type === 'completed') {
    await recomputeMentorCompletion(db, declaration.participant_profile_id!, now);
  }
  if (declaration.profile_type === 'npq' && declaration.declaration_type === 'completed') await voidOutcomeOfCompletion(db, declaration.id, now);
  return next;
}
