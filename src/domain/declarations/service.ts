import { randomUUID } from 'node:crypto';
import { isNpqCourse } from '../npq/courses.ts';
import { requestAttributes, scalarAttribute } from '../shared/request-attributes.ts';
import type { DeclarationState } from '../../../generated/prisma/client.ts';
import type { Connections, Db } from '../shared/db.ts';
import { lockNextOutputStatement } from '../statements/attach.ts';
import { insertDeclaration, refused, writeAttempt, type Decision, type RecordInput, type Recorded } from './decision.ts';
import { decideNpqDeclaration } from './npq.ts';
import { recomputeMentorCompletion } from './mentor-completion.ts';
import { resolveParticipant, type ResolvedParticipant } from './participant.ts';
import { findDeclaration, type DeclarationView } from './query.ts';
import { declarationMessages as messages, slotFor } from './rules.ts';
import { checkDeclaration, isExactRepeat, loadDeclarationFacts, type DeclarationFacts, type DeclarationRequest } from './validation.ts';

export type { DeclarationRequest } from './validation.ts';

// Recording a declaration: the rules, then the new declaration's state, statement line and side
// effects, all in one transaction.
//
// Race freedom: the decision is taken under a transaction-scoped advisory lock on the person (TRN,
// or user id without one), so concurrent requests for one person are decided one after another,
// on any number of processes; the unique `billable_slot` index is the backstop should anything
// write without that lock. An exact repeat of a live declaration returns it; anything else that
// finds the slot taken is the DfE 422.

/** `has_passed` as sent: a boolean or its string form; blank is absent; anything else is invalid. */
function passedFlag(value: unknown): DeclarationRequest['hasPassed'] {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  if (value === true || value === 'true') return 'true';
  if (value === false || value === 'false') return 'false';
  return 'invalid';
}

/** The POST's attributes, read as the DfE service reads them. */
export function declarationRequestFrom(body: unknown): DeclarationRequest {
  const attributes = requestAttributes(body);
  const read = (name: string) => scalarAttribute(attributes, name);
  return {
    participantId: read('participant_id'),
    declarationType: read('declaration_type'),
    declarationDate: read('declaration_date'),
    courseIdentifier: read('course_identifier'),
    evidenceHeld: read('evidence_held'),
    hasPassed: passedFlag(attributes.has_passed),
  };
}

/** Records a declaration in its own transaction; a refusal is the Validation error, raised after it commits. */
export async function recordDeclaration({ prisma, reader }: Connections, input: RecordInput): Promise<{ declaration: DeclarationView; repeat: boolean }> {
  let decision: Decision;
  try {
    decision = await prisma.$transaction((tx) => decide(tx, input), { maxWait: 15_000, timeout: 30_000 });
  } catch (error) {
    // An unexpected failure rolled the transaction (and the attempt row in it) back; keep the attempt on record anyway.
    await writeAttempt(prisma, input, null, null, `failed: ${(error as Error).message.split('\n')[0]}`).catch(() => undefined);
    throw error;
  }
  if ('refused' in decision) throw decision.refused;
  return { declaration: await findDeclaration(reader, decision.declarationId), repeat: decision.repeat };
}

/** The same inside a caller's transaction (seeds, scenarios); a refusal is thrown once its attempt is written. */
export async function recordDeclarationIn(db: Db, input: RecordInput): Promise<Recorded> {
  const decision = await decide(db, input);
  if ('refused' in decision) throw decision.refused;
  return decision;
}

async function decide(db: Db, input: RecordInput): Promise<Decision> {
  const { request, leadProviderId, now } = input;
  // NPQ courses follow their own rules (docs/declarations.md, "NPQ declarations").
  if (isNpqCourse(request.courseIdentifier)) return decideNpqDeclaration(db, input);

  const participant = await resolveParticipant(db, leadProviderId, request.participantId, request.courseIdentifier);
  let facts: DeclarationFacts | null = null;
  if (participant?.profile) {
    const key = `participant-declarations:${participant.profile.trn ?? participant.userId}`;
    await db.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) AS lock`;
    facts = await loadDeclarationFacts(db, { leadProviderId, userId: participant.userId, profile: participant.profile, request, now });
  }

  const checked = checkDeclaration(input, participant, facts);
  if (checked.errors.any) {
    await writeAttempt(db, input, participant?.userId ?? null, null, 'rejected');
    return { refused: checked.errors.toError() };
  }
  if (checked.repeatOf) {
    await writeAttempt(db, input, participant!.userId, checked.repeatOf, 'repeat');
    return { declarationId: checked.repeatOf, repeat: true };
  }
  return create(db, input, participant!, facts!, { date: checked.date!, evidence: checked.evidence });
}

async function create(
  db: Db,
  input: RecordInput,
  participant: ResolvedParticipant,
  facts: DeclarationFacts,
  accepted: { date: Date; evidence: string | null },
): Promise<Decision> {
  const { request, leadProviderId, now } = input;
  const profile = participant.profile!;
  const declarationType = request.declarationType!;
  const courseIdentifier = request.courseIdentifier!;
  const record = facts.relevantRecord;
  const duplicateOf = facts.duplicateOf;
  const state: DeclarationState = duplicateOf ? 'ineligible' : profile.fundable ? 'eligible' : 'submitted';
  const id = randomUUID();
  const slot = slotFor(state, { userId: participant.userId, courseIdentifier, declarationType });
  // The statement is locked before anything is written: one closed since the rules passed refuses
  // the declaration here, with nothing to roll back. An ineligible duplicate of a participant who
  // is not fundable skips that rule: with no open statement left it stays unattached.
  const statement = state === 'submitted' ? null : await lockNextOutputStatement(db, { leadProviderId, cohortId: profile.cohort.id, statementType: 'ecf' }, now, facts.nextStatementId);
  if (!statement && state === 'eligible') {
    await writeAttempt(db, input, participant.userId, null, 'rejected');
    return refused('cohort', messages.cohortClosed(profile.cohort.startYear));
  }
  // A slot filled since the check writes nothing and is answered below, never as a 400/500.
  const inserted = await insertDeclaration(db, input, {
    id,
    userId: participant.userId,
    participantProfileId: profile.id,
    npqParticipantProfileId: null,
    leadProviderId,
    cohortId: profile.cohort.id,
    profileType: profile.profileType,
    declarationType,
    declarationDate: accepted.date,
    courseIdentifier,
    evidenceHeld: accepted.evidence,
    state,
    stateReason: duplicateOf ? 'duplicate' : null,
    supersededById: duplicateOf,
    pupilPremiumUplift: profile.pupilPremiumUplift,
    sparsityUplift: profile.sparsityUplift,
    deliveryPartnerId: record?.deliveryPartnerId ?? null,
    mentorUserId: profile.profileType === 'ect' ? (record?.mentorUserId ?? null) : null,
    billableSlot: slot,
    createdAt: now,
  }, statement?.id ?? null);
  if (!inserted) {
    const holder = await db.participantDeclaration.findUnique({ where: { billableSlot: slot! } });
    if (holder && isExactRepeat(holder, { leadProviderId, ...accepted })) {
      await writeAttempt(db, input, participant.userId, holder.id, 'repeat');
      return { declarationId: holder.id, repeat: true };
    }
    await writeAttempt(db, input, participant.userId, null, 'rejected');
    return refused('base', messages.slotTaken);
  }
  if (profile.profileType === 'mentor' && declarationType === 'completed') await recomputeMentorCompletion(db, profile.id, now);
  return { declarationId: id, repeat: false };
}
