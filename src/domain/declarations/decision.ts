import { Prisma, type DeclarationState, type ProfileType } from '../../../generated/prisma/client.ts';
import { ValidationErrors, type Validation } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { statementLinesFrom } from '../statements/attach.ts';
import { stateChangesFrom, type Actor } from './history.ts';
import type { DeclarationRequest } from './validation.ts';

// What recording a declaration decides, and the audit of every attempt (whatever its outcome),
// shared by the ECF and NPQ rules.

export interface Recorded {
  declarationId: string;
  repeat: boolean;
}

/**
 * What the rules decided. A refusal is a value, not a throw, so the transaction that decided it
 * still commits the attempt it recorded; the caller raises it afterwards.
 */
export type Decision = Recorded | { refused: Validation };

export const refused = (attribute: string, message: string): Decision => ({ refused: new ValidationErrors().add(attribute, message).toError() });

export interface RecordInput {
  leadProviderId: string;
  request: DeclarationRequest;
  now: Date;
  actor: Actor;
}

// PostgreSQL text cannot hold U+0000, and the attempt records what was sent, whatever it was.
const clip = (value: string | undefined) => (value === undefined ? null : value.replaceAll('\u0000', '').slice(0, 255));

/**
 * The attempt insert: what was sent, the outcome, and the declaration of each row of `source`
 * (aliased `made`, with a `declaration_id` column). Real time, like the state history: the audit
 * says when it happened.
 */
function attemptsFrom(input: RecordInput, userId: string | null, outcome: string, source: Prisma.Sql): Prisma.Sql {
  const { request } = input;
  return Prisma.sql`
    INSERT INTO declaration_attempts (id, lead_provider_id, user_id, participant_declaration_id, declaration_type, declaration_date,
                                      course_identifier, evidence_held, outcome, created_at)
    SELECT gen_random_uuid(), ${input.leadProviderId}::uuid, ${userId}::uuid, made.declaration_id, ${clip(request.declarationType)},
           ${clip(request.declarationDate)}, ${clip(request.courseIdentifier)}, ${clip(request.evidenceHeld)}, ${outcome.slice(0, 500)}, clock_timestamp()
      FROM ${source}`;
}

export async function writeAttempt(db: Db, input: RecordInput, userId: string | null, declarationId: string | null, outcome: string) {
  await db.$executeRaw`${attemptsFrom(input, userId, outcome, Prisma.sql`(SELECT ${declarationId}::uuid AS declaration_id) AS made`)}`;
}

/** A declaration about to be written: the participant_declarations row. */
export interface NewDeclaration {
  id: string;
  userId: string;
  /** Exactly one of the two: the ECF registration, or the NPQ enrolment. */
  participantProfileId: string | null;
  npqParticipantProfileId: string | null;
  leadProviderId: string;
  cohortId: string;
  profileType: ProfileType;
  declarationType: string;
  declarationDate: Date;
  courseIdentifier: string;
  evidenceHeld: string | null;
  state: DeclarationState;
  stateReason: string | null;
  supersededById: string | null;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  deliveryPartnerId: string | null;
  mentorUserId: string | null;
  billableSlot: string | null;
  createdAt: Date;
}

/**
 * Writes a new declaration with its first history row, its line on the statement (when it goes
 * on one) and the 'created' attempt, as one statement: one round trip instead of four. When a
 * unique key is taken (the milestone's billable slot, filled since the rules ran) nothing is
 * written and the answer is false, for the caller to say why.
 */
export async function insertDeclaration(db: Db, input: RecordInput, row: NewDeclaration, statementId: string | null): Promise<boolean> {
  const [result] = await db.$queryRaw<{ inserted: bigint }[]>`
    WITH declaration AS (
      INSERT INTO participant_declarations (id, user_id, participant_profile_id, npq_participant_profile_id, lead_provider_id, cohort_id,
             profile_type, declaration_type, declaration_date, course_identifier, evidence_held, state, state_reason, superseded_by_id,
             pupil_premium_uplift, sparsity_uplift, delivery_partner_id, mentor_user_id, billable_slot, created_at, updated_at)
      VALUES (${row.id}::uuid, ${row.userId}::uuid, ${row.participantProfileId}::uuid, ${row.npqParticipantProfileId}::uuid,
             ${row.leadProviderId}::uuid, ${row.cohortId}::uuid, ${row.profileType}::profile_type, ${row.declarationType},
             ${row.declarationDate}::timestamptz, ${row.courseIdentifier}, ${row.evidenceHeld}, ${row.state}::declaration_state,
             ${row.stateReason}, ${row.supersededById}::uuid, ${row.pupilPremiumUplift}, ${row.sparsityUplift},
             ${row.deliveryPartnerId}::uuid, ${row.mentorUserId}::uuid, ${row.billableSlot}, ${row.createdAt}::timestamptz, ${row.createdAt}::timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING id AS declaration_id, NULL::text AS from_state, state, state_reason
    ),
    history AS (${stateChangesFrom(Prisma.sql`declaration AS change`, input.actor)}),
    ${statementId ? Prisma.sql`line AS (${statementLinesFrom(statementId, Prisma.sql`declaration AS made`, row.createdAt)}),` : Prisma.empty}
    attempt AS (${attemptsFrom(input, row.userId, 'created', Prisma.sql`declaration AS made`)})
    SELECT count(*) AS inserted FROM declaration`;
  return Number(result!.inserted) > 0;
}
