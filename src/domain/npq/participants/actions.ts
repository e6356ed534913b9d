import { Prisma, type NpqCourseGroup } from '../../../../generated/prisma/client.ts';
import { inTransaction, type Db } from '../../shared/db.ts';
import { NotFound, ValidationErrors } from '../../shared/errors.ts';
import { isUuid } from '../../shared/uuid.ts';
import { isKnownToProvider } from '../../shared/sql-fragments.ts';
import {
  actionAttributes,
  actionMessages as messages,
  checkReasonInto,
  isBlank,
  type ActionAttributes,
  type ActionRequest,
} from '../../participants/action-input.ts';
import { npqCourseDefinitions } from '../courses.ts';
import { NPQ_DECLARATION_TYPES } from '../schedules.ts';
import { capsFundedPlaces, contractDataError, latestNpqContract } from '../contracts.ts';
import { NPQ_DEFER_REASONS, NPQ_WITHDRAW_REASONS } from './reasons.ts';
import { npqParticipantMessages as npqMessages } from './messages.ts';
import type { TrainingStatus } from './query.ts';

// The provider's changes to an NPQ participant's training (docs/npq-participants.md): withdraw,
// defer, resume and change-schedule. Each runs in one transaction that locks the enrolment, so two
// changes to one enrolment apply one after the other, each seeing the other's result. Validation
// failures are collected in the DfE order and answered together.

const NPQ_COURSES = new Set(npqCourseDefinitions.map((course) => course.identifier));
/** Declarations that are, or will be, paid. */
const SUBMITTED_OR_BILLABLE = ['submitted', 'eligible', 'payable', 'paid'];

interface Enrolment {
  id: string;
  user_id: string;
  npq_course_id: string;
  course_group: NpqCourseGroup;
  training_status: TrainingStatus;
  npq_schedule_id: string;
  schedule_cohort_id: string;
  schedule_start_year: number;
  application_cohort_id: string;
  eligible_for_funding: boolean;
}

interface Resolved {
  attributes: ActionAttributes;
  userId: string | null;
  enrolment: Enrolment | null;
  errors: ValidationErrors;
}

/** The person the path id names: a user, or a retired id that was merged into one. */
async function resolveUser(tx: Db, participantId: string): Promise<string | null> {
  if (!isUuid(participantId)) return null;
  const id = participantId.toLowerCase();
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM users WHERE id = ${id}::uuid
      UNION ALL (SELECT user_id FROM participant_id_changes WHERE from_participant_id = ${id}::uuid ORDER BY created_at DESC LIMIT 1)`);
  return rows[0]?.id ?? null;
}

/** The person's enrolment on the course with the provider, locked for the change. */
async function lockEnrolment(tx: Db, userId: string, leadProviderId: string, courseIdentifier: string): Promise<Enrolment | null> {
  const rows = await tx.$queryRaw<Enrolment[]>(Prisma.sql`SELECT p.id, p.user_id, p.npq_course_id, c.course_group::text AS course_group,
          p.training_status::text AS training_status, p.npq_schedule_id, s.cohort_id AS schedule_cohort_id, sc.start_year AS schedule_start_year,
          a.cohort_id AS application_cohort_id, a.eligible_for_funding
     FROM npq_participant_profiles p
     JOIN npq_applications a ON a.id = p.npq_application_id AND a.status = 'accepted'
     JOIN npq_courses c ON c.id = p.npq_course_id
     JOIN npq_schedules s ON s.id = p.npq_schedule_id
     JOIN cohorts sc ON sc.id = s.cohort_id
    WHERE p.user_id = ${userId}::uuid AND p.lead_provider_id = ${leadProviderId}::uuid AND c.identifier = ${courseIdentifier}
    ORDER BY p.created_at, p.id LIMIT 1
      FOR UPDATE OF p`);
  return rows[0] ?? null;
}

/** Finds who and what the request is about, and runs the checks every action shares, in order. */
async function resolve(tx: Db, request: ActionRequest): Promise<Resolved> {
  const attributes = actionAttributes(request.body);
  const course = attributes.courseIdentifier;
  const errors = new ValidationErrors();
  const found = await resolveUser(tx, request.participantId);
  const userId = found && (await isKnownToProvider(tx, request.leadProviderId, found)) ? found : null;
  if (!userId) errors.add('participant_id', messages.participantNotRecognised);
  const npqCourse = course !== undefined && NPQ_COURSES.has(course);
  if (!errors.any) {
    // The course must be an NPQ course, and the person an NPQ participant of someone.
    const enrolled = npqCourse && (await tx.npqParticipantProfile.count({ where: { userId: userId! } })) > 0;
    if (!enrolled) errors.add('course_identifier', messages.courseNotRecognised);
  }
  if (isBlank(course)) errors.add('course_identifier', messages.courseMissing);
  const enrolment = userId && npqCourse ? await lockEnrolment(tx, userId, request.leadProviderId, course) : null;
  if (!errors.any && !enrolment) errors.add('participant_id', messages.participantNotRecognised);
  return { attributes, userId, enrolment, errors };
}

function checkReason(resolved: Resolved, allowed: readonly string[]) {
  if (resolved.enrolment) checkReasonInto(resolved.errors, resolved.attributes.reason, allowed);
}

async function hasDeclaration(tx: Db, enrolmentId: string, declarationType?: string): Promise<boolean> {
  const type = declarationType === undefined ? Prisma.empty : Prisma.sql` AND declaration_type = ${declarationType}`;
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM participant_declarations
      WHERE npq_participant_profile_id = ${enrolmentId}::uuid${type} LIMIT 1`);
  return rows.length > 0;
}

/** Records the provider's training status change: a state row, and the enrolment's new status. */
async function recordTrainingStatus(tx: Db, request: ActionRequest, enrolment: Enrolment, state: TrainingStatus, reason: string | null) {
  await tx.npqProfileState.create({
    data: { npqParticipantProfileId: enrolment.id, leadProviderId: request.leadProviderId, state, reason, createdAt: request.now },
  });
  await tx.npqParticipantProfile.update({ where: { id: enrolment.id }, data: { trainingStatus: state, updatedAt: request.now } });
}

export interface NpqActionOutcome {
  userId: string;
}

type NpqAction = (tx: Db, request: ActionRequest) => Promise<NpqActionOutcome>;

/** Runs the action in its own transaction (or the caller's: seeds and the admin CLI). */
function transactional(action: NpqAction) {
  return (db: Db, request: ActionRequest) => inTransaction(db, (tx) => action(tx, request));
}

/** Stops training on the course; only after a `started` declaration (in any state, voided too). */
export const withdrawNpqParticipant = transactional(async (tx, request) => {
  const resolved = await resolve(tx, request);
  const { enrolment, errors } = resolved;
  checkReason(resolved, NPQ_WITHDRAW_REASONS);
  if (enrolment?.training_status === 'withdrawn') errors.add('participant_profile', messages.alreadyWithdrawn);
  if (enrolment && !(await hasDeclaration(tx, enrolment.id, 'started'))) errors.add('participant_profile', npqMessages.withdrawWithoutStarted);
  errors.throwIfAny();
  await recordTrainingStatus(tx, request, enrolment!, 'withdrawn', resolved.attributes.reason!);
  return { userId: enrolment!.user_id };
});

/** Pauses training; only once something has been declared for the enrolment (in any state). */
export const deferNpqParticipant = transactional(async (tx, request) => {
  const resolved = await resolve(tx, request);
  const { enrolment, errors } = resolved;
  checkReason(resolved, NPQ_DEFER_REASONS);
  if (enrolment?.training_status === 'deferred') errors.add('participant_profile', messages.alreadyDeferred);
  if (enrolment?.training_status === 'withdrawn') errors.add('participant_profile', messages.alreadyWithdrawn);
  if (enrolment && !(await hasDeclaration(tx, enrolment.id))) errors.add('participant_profile', npqMessages.deferWithoutDeclarations);
  errors.throwIfAny();
  await recordTrainingStatus(tx, request, enrolment!, 'deferred', resolved.attributes.reason!);
  return { userId: enrolment!.user_id };
});

/** Restarts training, from deferred or from withdrawn. */
export const resumeNpqParticipant = transactional(async (tx, request) => {
  const resolved = await resolve(tx, request);
  const { enrolment, errors } = resolved;
  if (enrolment?.training_status === 'active') errors.add('participant_profile', messages.alreadyActive);
  errors.throwIfAny();
  await recordTrainingStatus(tx, request, enrolment!, 'active', null);
  return { userId: enrolment!.user_id };
});

/** `cohort` as a start year: its leading digits, as the DfE service cast it; none is no cohort. */
function cohortYear(value: string): number | null {
  const digits = /^\s*(\d+)/.exec(value);
  return digits ? Number(digits[1]) : null;
}

interface TargetSchedule {
  id: string;
  cohort_id: string;
  course_group: NpqCourseGroup;
  start_date: Date;
}

/**
 * Moves the enrolment to another schedule of its course's kind, in its cohort or (with `cohort`)
 * another one the provider has a contract for. The checks run in the DfE order (see the docs).
 */
export const changeNpqParticipantSchedule = transactional(async (tx, request) => {
  const resolved = await resolve(tx, request);
  const { enrolment, errors, attributes } = resolved;
  if (isBlank(attributes.scheduleIdentifier)) errors.add('schedule_identifier', messages.invalidSchedule);
  if (!enrolment) {
    errors.throwIfAny();
    throw new Error('unreachable: an unresolved enrolment always fails the shared checks');
  }

  const targetCohort = attributes.cohort === undefined
    ? { id: enrolment.schedule_cohort_id, start_year: enrolment.schedule_start_year }
    : (await tx.cohort.findUnique({ where: { startYear: cohortYear(attributes.cohort) ?? -1 }, select: { id: true, startYear: true } }).then(
        (cohort) => (cohort ? { id: cohort.id, start_year: cohort.startYear } : null)));
  const currentContract = await latestNpqContract(tx, request.leadProviderId, enrolment.application_cohort_id, enrolment.npq_course_id);
  if (!errors.any && !currentContract) throw contractDataError();
  const targetContract = targetCohort ? await latestNpqContract(tx, request.leadProviderId, targetCohort.id, enrolment.npq_course_id) : null;
  if (!errors.any && !targetContract) errors.add('cohort', npqMessages.noContractForCohort);
  if (enrolment.training_status === 'withdrawn') errors.add('participant_id', messages.withdrawnParticipant);

  const schedule = targetCohort && !isBlank(attributes.scheduleIdentifier)
    ? (await tx.$queryRaw<TargetSchedule[]>(Prisma.sql`SELECT id, cohort_id, course_group::text AS course_group, start_date FROM npq_schedules
          WHERE cohort_id = ${targetCohort.id}::uuid AND schedule_identifier = ${attributes.scheduleIdentifier}`))[0] ?? null
    : null;
  // A schedule the target cohort does not have is no valid schedule.
  if (targetCohort && !isBlank(attributes.scheduleIdentifier) && !schedule) errors.add('schedule_identifier', messages.invalidSchedule);

  const declarations = await tx.$queryRaw<{ declaration_type: string; declaration_date: Date }[]>(Prisma.sql`SELECT declaration_type, declaration_date
      FROM participant_declarations WHERE npq_participant_profile_id = ${enrolment.id}::uuid AND state::text = ANY(${SUBMITTED_OR_BILLABLE}::text[])
      ORDER BY created_at, id`);
  if (schedule) {
    for (const declaration of declarations) {
      // The DfE service looks the new schedule's milestone up strictly: a type it lacks is a 404.
      if (!NPQ_DECLARATION_TYPES[schedule.course_group].includes(declaration.declaration_type)) throw new NotFound();
      // Every milestone starts on the schedule's start date; a declaration must come after it.
      if (declaration.declaration_date.getTime() <= schedule.start_date.getTime()) {
        errors.add('schedule_identifier', messages.scheduleInvalidatesDeclarations);
      }
    }
    if (schedule.id === enrolment.npq_schedule_id) errors.add('schedule_identifier', messages.scheduleAlreadyOnProfile);
    if (schedule.course_group !== enrolment.course_group) errors.add('schedule_identifier', messages.scheduleInvalidForCourse);
  }
  if (declarations.length > 0 && targetCohort && targetCohort.id !== enrolment.schedule_cohort_id) errors.add('cohort', messages.cannotChangeCohort);
  if (capsFundedPlaces(currentContract) && targetContract && !capsFundedPlaces(targetContract)) errors.add('cohort', messages.cannotChangeCohort);
  errors.throwIfAny();

  const target = schedule!;
  await tx.npqParticipantProfile.update({
    where: { id: enrolment.id },
    data: { npqScheduleId: target.id, cohortId: target.cohort_id, updatedAt: request.now },
  });
  if (target.cohort_id !== enrolment.application_cohort_id) {
    // Into a cohort whose places are capped from one whose are not: the place follows eligibility.
    const gainsCap = !capsFundedPlaces(currentContract) && capsFundedPlaces(targetContract);
    await tx.npqApplication.update({
      where: { id: enrolment.id },
      data: { cohortId: target.cohort_id, updatedAt: request.now, ...(gainsCap ? { fundedPlace: enrolment.eligible_for_funding } : {}) },
    });
  }
  return { userId: enrolment.user_id };
});
