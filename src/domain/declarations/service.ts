import { randomUUID } from 'node:crypto';
import { requestAttributes, scalarAttribute } from '../shared/request-attributes.ts';
import type { DeclarationState } from '../../../generated/prisma/client.ts';
import { ValidationErrors, type Validation } from '../shared/errors.ts';
import type { Connections, Db } from '../shared/db.ts';
import { addStatementLine, lockNextOutputStatement } from '../statements/attach.ts';
import { recordStateChanges, type Actor } from './history.ts';
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
  };
}

export interface Recorded {
  declarationId: string;
  repeat: boolean;
}

/**
 * What the rules decided. A refusal is a value, not a throw, so the transaction that decided it
 * still commits the attempt it recorded; the caller raises it afterwards.
 */
type Decision = Recorded | { refused: Validation };

const refused = (attribute: string, message: string): Decision => ({ refused: new ValidationErrors().add(attribute, message).toError() });

interface RecordInput {
  leadProviderId: string;
  request: DeclarationRequest;
  now: Date;
  actor: Actor;
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
  // Rule 0: NPQ courses stop everything else.
  if (request.courseIdentifier?.startsWith('npq-')) {
    await writeAttempt(db, input, null, null, 'rejected');
    return refused('course_identifier', messages.npqCourse);
  }

  const participant = await resolveParticipant(db, request.participantId, request.courseIdentifier);
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
  const { request, leadProviderId, now, actor } = input;
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
  const statement = state === 'submitted' ? null : await lockNextOutputStatement(db, leadProviderId, profile.cohort.id, now, facts.nextStatementId);
  if (!statement && state === 'eligible') {
    await writeAttempt(db, input, participant.userId, null, 'rejected');
    return refused('cohort', messages.cohortClosed(profile.cohort.startYear));
  }
  // ON CONFLICT DO NOTHING: a slot filled since the check is answered below, never as a 400/500.
  const inserted = await db.participantDeclaration.createMany({
    skipDuplicates: true,
    data: [{
      id,
      userId: participant.userId,
      participantProfileId: profile.id,
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
      updatedAt: now,
    }],
  });
  if (inserted.count === 0) {
    const holder = await db.participantDeclaration.findUnique({ where: { billableSlot: slot! } });
    if (holder && isExactRepeat(holder, { leadProviderId, ...accepted })) {
      await writeAttempt(db, input, participant.userId, holder.id, 'repeat');
      return { declarationId: holder.id, repeat: true };
    }
    await writeAttempt(db, input, participant.userId, null, 'rejected');
    return refused('base', messages.slotTaken);
  }

  await recordStateChanges(db, [{ declarationId: id, fromState: null, state, stateReason: duplicateOf ? 'duplicate' : null }], actor);
  if (statement) await addStatementLine(db, statement.id, id, state, now);
  await writeAttempt(db, input, participant.userId, id, 'created');
  if (profile.profileType === 'mentor' && declarationType === 'completed') await recomputeMentorCompletion(db, profile.id, now);
  return { declarationId: id, repeat: false };
}

// PostgreSQL text cannot hold U+0000, and the attempt records what was sent, whatever it was.
const clip = (value: string | undefined) => (value === undefined ? null : value.replaceAll('\u0000', '').slice(0, 255));

async function writeAttempt(db: Db, input: RecordInput, userId: string | null, declarationId: string | null, outcome: string) {
  await db.declarationAttempt.create({
    data: {
      leadProviderId: input.leadProviderId,
      userId,
      participantDeclarationId: declarationId,
      declarationType: clip(input.request.declarationType),
      declarationDate: clip(input.request.declarationDate),
      courseIdentifier: clip(input.request.courseIdentifier),
      evidenceHeld: clip(input.request.evidenceHeld),
      outcome: outcome.slice(0, 500),
      // Real time, like the state history: the audit says when it happened.
    },
  });
}
