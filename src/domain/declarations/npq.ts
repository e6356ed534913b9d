import { randomUUID } from 'node:crypto';
import { Prisma, type DeclarationState, type NpqCourseGroup } from '../../../generated/prisma/client.ts';
import { ValidationErrors } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import { castDateTime, isoDate, isRfc3339DateTime } from '../shared/time.ts';
import { npqCourseHasOutcomes } from '../npq/courses.ts';
import { previouslyFunded } from '../npq/funding.ts';
import { NPQ_DECLARATION_TYPES } from '../npq/schedules.ts';
import { recordOutcomeOfCompletion } from '../npq/outcomes/declaration-outcomes.ts';
import { lockNextOutputStatement } from '../statements/attach.ts';
import { insertDeclaration, refused, writeAttempt, type Decision, type RecordInput } from './decision.ts';
import { billableSlot, declarationMessages as messages, slotFor } from './rules.ts';
import { isExactRepeat, type DeclarationRequest, type SlotHolder } from './validation.ts';

// An NPQ declaration (docs/declarations.md, "NPQ declarations"): made against the person's
// enrolment on the course with this provider, checked in the DfE order, paid on the provider's NPQ
// statements, and for a `completed` declaration on a course with a qualification, carrying the
// outcome (`has_passed`). Like ECF declarations, the decision is taken under the person's advisory
// lock and the unique billable slot keeps one live declaration per person, course and milestone.

export const npqDeclarationMessages = {
  hasPassed: "Enter 'true' or 'false' in the '#/has_passed' field to indicate whether this participant has passed or failed their course.",
  noContract: 'You cannot submit a declaration for this participant as you do not have a contract for the cohort and course. Contact the DfE for assistance.',
} as const;

/** The person's enrolment on the course with this provider, as the rules need it. */
export interface NpqEnrolmentFacts {
  id: string;
  group: NpqCourseGroup;
  scheduleStartDate: Date;
  cohortId: string;
  cohortStartYear: number;
  fundable: boolean;
}

export interface NpqDeclarationFacts {
  /** The newest training-status change this provider recorded for the enrolment. */
  latestState: { state: string; createdAt: Date } | null;
  holder: SlotHolder | null;
  nextStatementId: string | null;
  /**
   * The oldest live declaration of the milestone by another person with the same TRN (their
   * teacher record's, or the one verified on their application).
   */
  duplicateOf: string | null;
  hasContract: boolean;
}

interface PersonRow {
  user_id: string;
  trn: string | null;
  enrolment_id: string | null;
  course_group: NpqCourseGroup | null;
  schedule_start_date: Date | null;
  cohort_id: string | null;
  start_year: number | null;
  eligible_for_funding: boolean | null;
  funded_place: boolean | null;
  previously_funded: boolean | null;
}

/**
 * The person the id names (a user, or a retired id merged into one) when they are this provider's
 * NPQ participant on some course, with their enrolment on the requested course. Someone the
 * provider does not train is not recognised at all, so the answer never tells a provider that an id
 * belongs to another provider's participant.
 */
async function resolveNpqPerson(db: Db, leadProviderId: string, participantId: string | undefined, course: string | undefined) {
  if (!participantId || !isUuid(participantId)) return null;
  const id = participantId.toLowerCase();
  const [row] = await db.$queryRaw<PersonRow[]>(Prisma.sql`
    WITH person AS (
      SELECT user_id FROM (
        (SELECT u.id AS user_id, 1 AS tier FROM users u WHERE u.id = ${id}::uuid)
        UNION ALL
        (SELECT ch.user_id, 2 AS tier FROM participant_id_changes ch WHERE ch.from_participant_id = ${id}::uuid ORDER BY ch.created_at DESC LIMIT 1)
      ) found ORDER BY tier LIMIT 1
    )
    SELECT person.user_id, COALESCE(tp.trn, e.verified_trn) AS trn, e.enrolment_id, e.course_group, e.schedule_start_date, e.cohort_id, e.start_year,
           e.eligible_for_funding, e.funded_place, e.previously_funded
      FROM person
      LEFT JOIN teacher_profiles tp ON tp.user_id = person.user_id
      LEFT JOIN LATERAL (
        SELECT p.id AS enrolment_id, c.course_group::text AS course_group, s.start_date AS schedule_start_date, s.cohort_id,
               sc.start_year, a.eligible_for_funding, a.funded_place, ${previouslyFunded('a', 'c')} AS previously_funded,
               CASE WHEN a.trn_verified THEN a.teacher_reference_number END AS verified_trn
          FROM npq_participant_profiles p
          JOIN npq_applications a ON a.id = p.npq_application_id AND a.status = 'accepted'
          JOIN npq_courses c ON c.id = p.npq_course_id
          JOIN npq_schedules s ON s.id = p.npq_schedule_id
          JOIN cohorts sc ON sc.id = s.cohort_id
         WHERE p.user_id = person.user_id AND p.lead_provider_id = ${leadProviderId}::uuid AND c.identifier = ${course ?? null}::text
         ORDER BY p.created_at, p.id LIMIT 1
      ) e ON true
     WHERE EXISTS (SELECT 1 FROM npq_participant_profiles mine WHERE mine.user_id = person.user_id AND mine.lead_provider_id = ${leadProviderId}::uuid)`);
  if (!row) return null;
  const enrolment: NpqEnrolmentFacts | null = row.enrolment_id
    ? {
        id: row.enrolment_id,
        group: row.course_group!,
        scheduleStartDate: row.schedule_start_date!,
        cohortId: row.cohort_id!,
        cohortStartYear: row.start_year!,
        // Funded: eligible, not funded for this course before, and the place not refused.
        fundable: row.eligible_for_funding! && !row.previously_funded && row.funded_place !== false,
      }
    : null;
  return { userId: row.user_id, trn: row.trn, enrolment };
}

interface FactsRow {
  latest_state: string | null;
  latest_state_at: Date | null;
  holder_id: string | null;
  holder_lead_provider_id: string | null;
  holder_date: Date | null;
  holder_evidence: string | null;
  holder_state: DeclarationState | null;
  next_statement_id: string | null;
  duplicate_of: string | null;
  has_contract: boolean;
}

async function loadNpqFacts(
  db: Db,
  input: { leadProviderId: string; userId: string; trn: string | null; enrolment: NpqEnrolmentFacts; request: DeclarationRequest; now: Date },
): Promise<NpqDeclarationFacts> {
  const { leadProviderId, userId, trn, enrolment, request } = input;
  const type = request.declarationType ?? null;
  const course = request.courseIdentifier!;
  const slot = type ? billableSlot(userId, course, type) : null;
  const [row] = await db.$queryRaw<FactsRow[]>(Prisma.sql`
    SELECT st.state::text AS latest_state, st.created_at AS latest_state_at,
           h.id AS holder_id, h.lead_provider_id AS holder_lead_provider_id, h.declaration_date AS holder_date,
           h.evidence_held AS holder_evidence, h.state::text AS holder_state,
           (SELECT s.id FROM statements s
             WHERE s.lead_provider_id = ${leadProviderId}::uuid AND s.cohort_id = ${enrolment.cohortId}::uuid AND s.statement_type = 'npq'
               AND s.output_fee AND s.status = 'open' AND s.deadline_date >= ${isoDate(input.now)}::date
             ORDER BY s.deadline_date, s.payment_date, s.id LIMIT 1) AS next_statement_id,
           (SELECT d.id FROM participant_declarations d
              LEFT JOIN teacher_profiles tp ON tp.user_id = d.user_id
              LEFT JOIN npq_applications da ON da.id = d.npq_participant_profile_id AND da.trn_verified
             WHERE ${trn}::text IS NOT NULL AND (tp.trn = ${trn}::text OR da.teacher_reference_number = ${trn}::text) AND d.user_id <> ${userId}::uuid
               AND d.profile_type = 'npq' AND d.declaration_type = ${type}::text AND d.course_identifier = ${course}::text
               AND d.state IN ('submitted', 'eligible', 'payable', 'paid') AND d.superseded_by_id IS NULL
             ORDER BY d.created_at, d.id LIMIT 1) AS duplicate_of,
           EXISTS (SELECT 1 FROM npq_contracts k JOIN npq_courses kc ON kc.id = k.npq_course_id
                    WHERE k.lead_provider_id = ${leadProviderId}::uuid AND k.cohort_id = ${enrolment.cohortId}::uuid AND kc.identifier = ${course}) AS has_contract
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
        SELECT state, created_at FROM npq_profile_states
         WHERE npq_participant_profile_id = ${enrolment.id}::uuid AND lead_provider_id = ${leadProviderId}::uuid
         ORDER BY created_at DESC, id DESC LIMIT 1
      ) st ON true
      LEFT JOIN participant_declarations h ON h.billable_slot = ${slot}::text`);
  const facts = row!;
  return {
    latestState: facts.latest_state ? { state: facts.latest_state, createdAt: facts.latest_state_at! } : null,
    holder: facts.holder_id
      ? { id: facts.holder_id, leadProviderId: facts.holder_lead_provider_id!, declarationDate: facts.holder_date!, evidenceHeld: facts.holder_evidence, state: facts.holder_state! }
      : null,
    nextStatementId: facts.next_statement_id,
    duplicateOf: facts.duplicate_of,
    hasContract: facts.has_contract,
  };
}

export interface CheckedNpqDeclaration {
  errors: ValidationErrors;
  date: Date | null;
  repeatOf: string | null;
  /** The outcome a `completed` declaration carries, when its course has outcomes. */
  passed: boolean | null;
}

/**
 * The NPQ POST's rules, numbered as in docs/declarations.md. `person` is null when the id is not a
 * participant of this provider; `enrolment` null when they are, but not on this course.
 */
export function checkNpqDeclaration(
  input: { leadProviderId: string; request: DeclarationRequest; now: Date },
  person: { enrolment: NpqEnrolmentFacts | null } | null,
  facts: NpqDeclarationFacts | null,
): CheckedNpqDeclaration {
  const { request, leadProviderId, now } = input;
  const errors = new ValidationErrors();
  const type = request.declarationType;
  const date = castDateTime(request.declarationDate);
  const enrolment = person?.enrolment ?? null;
  const known = enrolment && facts ? { enrolment, facts } : null;

  // 1 the participant is this provider's
  if (!person) errors.add('participant_id', messages.participantNotRecognised);
  // 2 withdrawn by this provider on or before the declaration date (a deferral does not stop declarations)
  if (known && date && known.facts.latestState?.state === 'withdrawn' && known.facts.latestState.createdAt <= date) {
    errors.add('participant_id', messages.withdrawn(known.facts.latestState.createdAt));
  }
  // 3, 4 presence
  if (!date) errors.add('declaration_date', messages.missingDate);
  if (!type) errors.add('declaration_type', messages.missingType);
  // 5, 6 not in the future; RFC 3339
  if (date && date > now) errors.add('declaration_date', messages.futureDate);
  if (date && !isRfc3339DateTime(request.declarationDate!)) errors.add('declaration_date', messages.invalidDate);
  // 7 on or after the schedule's start (every NPQ milestone starts then and has no end)
  const inSchedule = known && type ? NPQ_DECLARATION_TYPES[known.enrolment.group].includes(type) : false;
  if (known && inSchedule && date && date < known.enrolment.scheduleStartDate) errors.add('declaration_date', messages.beforeMilestoneStart);

  const holder = known?.facts.holder ?? null;
  const identical = holder && date && isExactRepeat(holder, { leadProviderId, date, evidence: null }) ? holder : null;
  // 8 an NPQ output statement to pay on: needed unless it would stay submitted
  if (known && identical?.state !== 'submitted' && (identical || known.enrolment.fundable) && !known.facts.nextStatementId) {
    errors.add('cohort', messages.cohortClosed(known.enrolment.cohortStartYear));
  }
  // 9 the result of a completed course with a qualification
  const outcomes = type === 'completed' && request.courseIdentifier !== undefined && npqCourseHasOutcomes(request.courseIdentifier);
  if (outcomes && (request.hasPassed === undefined || request.hasPassed === 'invalid')) errors.add('has_passed', npqDeclarationMessages.hasPassed);
  // 10 the schedule has this milestone
  if (known && type && !inSchedule) errors.add('declaration_type', messages.typeNotInSchedule);
  // 11 the slot is free, or this repeats exactly what holds it
  if (holder && !identical) errors.add('base', messages.slotTaken);
  // 12 the participant takes this course with the provider (skip if errors)
  if (!errors.any && !enrolment) errors.add('course_identifier', messages.courseNotRecognised);
  // 13 a contract for the cohort and course (skip if errors)
  if (!errors.any && known && !known.facts.hasContract) errors.add('cohort', npqDeclarationMessages.noContract);

  return { errors, date, repeatOf: identical?.id ?? null, passed: outcomes ? request.hasPassed === 'true' : null };
}

export async function decideNpqDeclaration(db: Db, input: RecordInput): Promise<Decision> {
  const { request, leadProviderId, now } = input;
  const person = await resolveNpqPerson(db, leadProviderId, request.participantId, request.courseIdentifier);
  let facts: NpqDeclarationFacts | null = null;
  if (person?.enrolment) {
    const key = `participant-declarations:${person.trn ?? person.userId}`;
    await db.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) AS lock`;
    facts = await loadNpqFacts(db, { leadProviderId, userId: person.userId, trn: person.trn, enrolment: person.enrolment, request, now });
  }
  const checked = checkNpqDeclaration(input, person, facts);
  if (checked.errors.any) {
    await writeAttempt(db, input, person?.userId ?? null, null, 'rejected');
    return { refused: checked.errors.toError() };
  }
  if (checked.repeatOf) {
    await writeAttempt(db, input, person!.userId, checked.repeatOf, 'repeat');
    return { declarationId: checked.repeatOf, repeat: true };
  }
  return createNpq(db, input, { userId: person!.userId, enrolment: person!.enrolment!, facts: facts!, date: checked.date!, passed: checked.passed });
}

async function createNpq(
  db: Db,
  input: RecordInput,
  decided: { userId: string; enrolment: NpqEnrolmentFacts; facts: NpqDeclarationFacts; date: Date; passed: boolean | null },
): Promise<Decision> {
  const { request, leadProviderId, now } = input;
  const { userId, enrolment, facts, date } = decided;
  const declarationType = request.declarationType!;
  const courseIdentifier = request.courseIdentifier!;
  const state: DeclarationState = facts.duplicateOf ? 'ineligible' : enrolment.fundable ? 'eligible' : 'submitted';
  const slot = slotFor(state, { userId, courseIdentifier, declarationType });
  const paying = { leadProviderId, cohortId: enrolment.cohortId, statementType: 'npq' as const };
  const statement = state === 'submitted' ? null : await lockNextOutputStatement(db, paying, now, facts.nextStatementId);
  if (!statement && state === 'eligible') {
    await writeAttempt(db, input, userId, null, 'rejected');
    return refused('cohort', messages.cohortClosed(enrolment.cohortStartYear));
  }
  const id = randomUUID();
  const inserted = await insertDeclaration(db, input, {
    id,
    userId,
    participantProfileId: null,
    npqParticipantProfileId: enrolment.id,
    leadProviderId,
    cohortId: enrolment.cohortId,
    profileType: 'npq',
    declarationType,
    declarationDate: date,
    courseIdentifier,
    // Evidence is not asked of NPQ declarations; what was sent stays in the attempt log.
    evidenceHeld: null,
    state,
    stateReason: facts.duplicateOf ? 'duplicate' : null,
    supersededById: facts.duplicateOf,
    pupilPremiumUplift: false,
    sparsityUplift: false,
    deliveryPartnerId: null,
    mentorUserId: null,
    billableSlot: slot,
    createdAt: now,
  }, statement?.id ?? null);
  if (!inserted) {
    const holder = await db.participantDeclaration.findUnique({ where: { billableSlot: slot! } });
    if (holder && isExactRepeat(holder, { leadProviderId, date, evidence: null })) {
      await writeAttempt(db, input, userId, holder.id, 'repeat');
      return { declarationId: holder.id, repeat: true };
    }
    await writeAttempt(db, input, userId, null, 'rejected');
    return refused('base', messages.slotTaken);
  }
  if (decided.passed !== null) await recordOutcomeOfCompletion(db, { id, leadProviderId, userId, declarationDate: date }, decided.passed, now);
  return { declarationId: id, repeat: false };
}
