import { Prisma } from '../../../../generated/prisma/client.ts';
import { inTransaction, type Connections, type Db } from '../../shared/db.ts';
import { InvalidAction, ValidationErrors } from '../../shared/errors.ts';
import { requestAttributes, scalarAttribute } from '../../shared/request-attributes.ts';
import { CALENDAR_DATE, castDateTime, isoDate, utcDate } from '../../shared/time.ts';
import { isUuid } from '../../shared/uuid.ts';
import { actionMessages } from '../../participants/action-input.ts';
import { npqCourseDefinitions } from '../courses.ts';
import { findNpqOutcome, type NpqOutcomeRecord } from './query.ts';

// A provider reporting the result of a participant's NPQ course (docs/npq-participants.md). The
// outcome rests on the provider's latest live `completed` declaration for the course; reporting
// the latest outcome again changes nothing.

export const npqOutcomeMessages = {
  completionDateMissing: "The '#/completion_date' is missing from your request. Please include a completion_date value and try again.",
  completionDateFormat: "The '#/completion_date' value must be in the following format: 'yyyy-mm-dd'",
  stateMissing: "The '#/state' is missing from your request. Please include a 'passed' or 'failed' value and try again.",
  stateInvalid:
    "The attribute '#/state' can only include 'passed' or 'failed' values. If you need to void an outcome, you will need to void the associated 'completed' declaration.",
  noCompletedDeclaration: "The participant has not had a 'completed' declaration submitted for them. Therefore you cannot update their outcome.",
  futureCompletionDate:
    "Validation failed: Completion date The attribute '#/completion_date' cannot contain a future date. Resubmit the outcome update with a valid date.",
} as const;

/** The support and coaching offers end without a qualification, so without an outcome. */
const COURSES_WITH_OUTCOMES = new Set(npqCourseDefinitions.filter((course) => course.group !== 'aso' && course.group !== 'ehco').map((course) => course.identifier));

export interface NpqOutcomeRequest {
  leadProviderId: string;
  participantId: string;
  body: unknown;
  now: Date;
}

/** The provider's latest completed declaration for the course that still counts, locked. */
async function completedDeclaration(tx: Db, leadProviderId: string, userId: string, courseIdentifier: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT d.id FROM participant_declarations d
      JOIN npq_participant_profiles p ON p.id = d.npq_participant_profile_id AND p.lead_provider_id = ${leadProviderId}::uuid
     WHERE d.user_id = ${userId}::uuid AND d.lead_provider_id = ${leadProviderId}::uuid AND d.course_identifier = ${courseIdentifier}
       AND d.declaration_type = 'completed' AND d.state NOT IN ('voided', 'awaiting_clawback', 'clawed_back')
     ORDER BY d.created_at DESC, d.id DESC LIMIT 1
       FOR UPDATE OF d`);
  return rows[0]?.id ?? null;
}

async function isEnrolled(tx: Db, leadProviderId: string, userId: string, courseIdentifier: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT p.id FROM npq_participant_profiles p JOIN npq_courses c ON c.id = p.npq_course_id
     WHERE p.user_id = ${userId}::uuid AND p.lead_provider_id = ${leadProviderId}::uuid AND c.identifier = ${courseIdentifier} LIMIT 1`);
  return rows.length > 0;
}

/** Records the outcome (or finds the identical latest one); returns its id. */
export async function recordNpqOutcomeIn(db: Db, request: NpqOutcomeRequest): Promise<string> {
  return inTransaction(db, async (tx) => {
    const attributes = requestAttributes(request.body);
    const completion = scalarAttribute(attributes, 'completion_date');
    const course = scalarAttribute(attributes, 'course_identifier');
    const state = scalarAttribute(attributes, 'state');
    const userId = isUuid(request.participantId) ? request.participantId.toLowerCase() : null;
    const errors = new ValidationErrors();

    const completedOn = completion === undefined ? null : castDateTime(completion);
    if (!completedOn) errors.add('completion_date', npqOutcomeMessages.completionDateMissing);
    if (completion !== undefined && !CALENDAR_DATE.test(completion.trim())) errors.add('completion_date', npqOutcomeMessages.completionDateFormat);
    if (course === undefined) errors.add('course_identifier', actionMessages.courseMissing);
    const recognised = course !== undefined && COURSES_WITH_OUTCOMES.has(course) && userId !== null && (await isEnrolled(tx, request.leadProviderId, userId, course));
    if (!errors.any && !recognised) errors.add('course_identifier', actionMessages.courseNotRecognised);
    if (state === undefined) errors.add('state', npqOutcomeMessages.stateMissing);
    else if (state !== 'passed' && state !== 'failed') errors.add('state', npqOutcomeMessages.stateInvalid);
    const declarationId = recognised ? await completedDeclaration(tx, request.leadProviderId, userId!, course!) : null;
    if (recognised && !declarationId) errors.add('base', npqOutcomeMessages.noCompletedDeclaration);
    errors.throwIfAny();

    const day = isoDate(completedOn!);
    if (day > isoDate(request.now)) throw new InvalidAction(npqOutcomeMessages.futureCompletionDate);
    const latest = await tx.npqParticipantOutcome.findFirst({ where: { participantDeclarationId: declarationId! }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    if (latest && latest.state === state && isoDate(latest.completionDate) === day) return latest.id;
    const created = await tx.npqParticipantOutcome.create({
      data: {
        participantDeclarationId: declarationId!,
        leadProviderId: request.leadProviderId,
        userId: userId!,
        state: state as 'passed' | 'failed',
        completionDate: utcDate(day),
        createdAt: request.now,
        updatedAt: request.now,
      },
    });
    return created.id;
  });
}

/** Records the outcome in its own transaction, then reads it back as the provider sees it. */
export async function recordNpqOutcome(db: Connections, request: NpqOutcomeRequest): Promise<NpqOutcomeRecord> {
  const id = await recordNpqOutcomeIn(db.prisma, request);
  const record = await findNpqOutcome(db.reader, id);
  if (!record) throw new Error(`NPQ outcome ${id} is not visible after it was recorded`);
  return record;
}
