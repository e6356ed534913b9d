import { Prisma, type NpqCourseGroup } from '../../../../generated/prisma/client.ts';
import { inTransaction, type Connections, type Db } from '../../shared/db.ts';
import { NotFound, Validation, ValidationErrors } from '../../shared/errors.ts';
import { isUuid } from '../../shared/uuid.ts';
import { REBRANDED_GROUPS } from '../courses.ts';
import { defaultNpqScheduleIdentifier } from '../schedules.ts';
import { npqApplicationMessages as msg } from './messages.ts';
import { capsFundedPlaces, contractDataError, latestNpqContract } from '../contracts.ts';
import { findNpqApplication, type NpqApplicationRecord } from './query.ts';

// Accepting, rejecting and changing the funded place of an NPQ application (docs/npq-applications.md).
// Each runs in one transaction that first locks the applicant's user row and then the application
// row, so two changes to one application (or to two applications of one person) run one after the
// other and always see each other's result.

export interface NpqApplicationChange {
  leadProviderId: string;
  applicationId: string;
  now: Date;
}

export interface AcceptInput extends NpqApplicationChange {
  /** As sent: only `true` or `false` count as a value. Absent is `undefined`. */
  fundedPlace?: unknown;
  /** The schedule asked for (v3), blank meaning the default. */
  scheduleIdentifier?: string;
}

export interface ChangeFundedPlaceInput extends NpqApplicationChange {
  fundedPlace?: unknown;
}

interface LockedApplication {
  id: string;
  user_id: string;
  cohort_id: string;
  start_year: number;
  npq_course_id: string;
  course_group: NpqCourseGroup;
  status: 'pending' | 'accepted' | 'rejected';
  eligible_for_funding: boolean;
  teacher_reference_number: string | null;
  trn_verified: boolean;
  school_urn: string | null;
  school_ukprn: string | null;
}

/** Locks the applicant, then the application; the provider's own applications only. */
async function lockApplication(tx: Db, input: NpqApplicationChange): Promise<LockedApplication> {
  if (!isUuid(input.applicationId)) throw new NotFound();
  const id = input.applicationId.toLowerCase();
  const owner = await tx.$queryRaw<{ user_id: string }[]>(Prisma.sql`SELECT user_id FROM npq_applications WHERE id = ${id}::uuid AND lead_provider_id = ${input.leadProviderId}::uuid`);
  if (!owner[0]) throw new NotFound();
  await tx.$queryRaw(Prisma.sql`SELECT id FROM users WHERE id = ${owner[0].user_id}::uuid FOR UPDATE`);
  const rows = await tx.$queryRaw<LockedApplication[]>(Prisma.sql`SELECT a.id, a.user_id, a.cohort_id, co.start_year, a.npq_course_id, c.course_group::text AS course_group,
                      a.status::text AS status, a.eligible_for_funding, a.teacher_reference_number, a.trn_verified,
                      a.school_urn, a.school_ukprn
                 FROM npq_applications a
                 JOIN npq_courses c ON c.id = a.npq_course_id
                 JOIN cohorts co ON co.id = a.cohort_id
                WHERE a.id = ${id}::uuid AND a.lead_provider_id = ${input.leadProviderId}::uuid
                  FOR UPDATE OF a`);
  if (!rows[0]) throw new NotFound();
  return rows[0];
}

const isBoolean = (value: unknown): value is boolean => value === true || value === false;

/** Runs a change in its own transaction, then shows the application as the provider now sees it. */
async function changed(db: Connections, input: NpqApplicationChange, change: (prisma: Db) => Promise<void>): Promise<NpqApplicationRecord> {
  await change(db.prisma);
  const record = await findNpqApplication(db.reader, input.leadProviderId, input.applicationId);
  if (!record) throw new NotFound();
  return record;
}

/** An application for the same course, or its rebranded alternative, accepted for the same person. */
async function acceptedForCourseElsewhere(tx: Db, application: LockedApplication): Promise<boolean> {
  const groups = REBRANDED_GROUPS.includes(application.course_group) ? [...REBRANDED_GROUPS] : [];
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT o.id FROM npq_applications o JOIN npq_courses oc ON oc.id = o.npq_course_id
                WHERE o.user_id = ${application.user_id}::uuid AND o.id <> ${application.id}::uuid AND o.status = 'accepted'
                  AND (o.npq_course_id = ${application.npq_course_id}::uuid OR oc.course_group::text = ANY(${groups}::text[]))
                LIMIT 1`);
  return rows.length > 0;
}

async function scheduleIn(tx: Db, cohortId: string, identifier: string, group: NpqCourseGroup) {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM npq_schedules WHERE cohort_id = ${cohortId}::uuid AND schedule_identifier = ${identifier}
                  AND course_group = ${group}::npq_course_group`);
  return rows[0]?.id ?? null;
}

async function defaultSchedule(tx: Db, application: LockedApplication, now: Date): Promise<string> {
  const aso = await tx.$queryRaw<{ schedule_identifier: string }[]>(Prisma.sql`SELECT schedule_identifier FROM npq_schedules WHERE cohort_id = ${application.cohort_id}::uuid AND course_group = 'aso'
                ORDER BY start_date, schedule_identifier LIMIT 1`);
  const identifier = defaultNpqScheduleIdentifier(application.course_group, application.start_year, now, aso[0]?.schedule_identifier);
  const id = identifier ? await scheduleIn(tx, application.cohort_id, identifier, application.course_group) : null;
  // The cohort lacks the schedule the rules pick: nothing to enrol on.
  if (!id) throw new NotFound();
  return id;
}

/**
 * Accepts a pending application: the applicant gets an NPQ enrolment (with the application's id)
 * on the chosen or default schedule, and their other pending applications for the same course
 * in the same cohort, with any provider, are rejected.
 */
export async function acceptNpqApplicationIn(db: Db, input: AcceptInput): Promise<void> {
  return inTransaction(db, async (tx) => {
    const application = await lockApplication(tx, input);
    const contract = await latestNpqContract(tx, input.leadProviderId, application.cohort_id, application.npq_course_id);
    if (!contract) throw contractDataError();
    const capped = capsFundedPlaces(contract);

    const errors = new ValidationErrors();
    if (capped && !isBoolean(input.fundedPlace)) errors.add('funded_place', msg.fundedPlaceTrueOrFalse);
    if (application.status === 'accepted') errors.add('npq_application', msg.alreadyAccepted);
    if (application.status === 'rejected') errors.add('npq_application', msg.cannotChangeOnceRejected);
    if (await acceptedForCourseElsewhere(tx, application)) errors.add('npq_application', msg.alreadyAcceptedForCourse);
    let scheduleId: string | null = null;
    if (!errors.any && input.scheduleIdentifier) {
      scheduleId = await scheduleIn(tx, application.cohort_id, input.scheduleIdentifier, application.course_group);
      if (!scheduleId) errors.add('schedule_identifier', msg.scheduleNotValidForCourse);
    }
    if (!errors.any && capped && input.fundedPlace === true && !application.eligible_for_funding) {
      errors.add('npq_application', msg.notEligibleForFundedPlace);
    }
    errors.throwIfAny();

    scheduleId ??= await defaultSchedule(tx, application, input.now);
    if (application.trn_verified && application.teacher_reference_number) {
      // A verified TRN becomes the person's TRN, unless they already have one.
      const existing = await tx.teacherProfile.findUnique({ where: { userId: application.user_id } });
      if (!existing) await tx.teacherProfile.create({ data: { userId: application.user_id, trn: application.teacher_reference_number } });
      else if (!existing.trn) await tx.teacherProfile.update({ where: { userId: application.user_id }, data: { trn: application.teacher_reference_number } });
    }
    await tx.npqParticipantProfile.create({
      data: {
        id: application.id,
        npqApplicationId: application.id,
        userId: application.user_id,
        leadProviderId: input.leadProviderId,
        npqCourseId: application.npq_course_id,
        cohortId: application.cohort_id,
        npqScheduleId: scheduleId,
        schoolUrn: application.school_urn,
        schoolUkprn: application.school_ukprn,
        createdAt: input.now,
        updatedAt: input.now,
        states: { create: { state: 'active', createdAt: input.now } },
      },
    });
    await tx.npqApplication.update({
      where: { id: application.id },
      data: { status: 'accepted', updatedAt: input.now, ...(capped ? { fundedPlace: input.fundedPlace as boolean } : {}) },
    });
    await tx.npqApplication.updateMany({
      where: { userId: application.user_id, cohortId: application.cohort_id, npqCourseId: application.npq_course_id, status: 'pending', id: { not: application.id } },
      data: { status: 'rejected', updatedAt: input.now },
    });
  });
}

/** Rejects a pending application. */
export async function rejectNpqApplicationIn(db: Db, input: NpqApplicationChange): Promise<void> {
  return inTransaction(db, async (tx) => {
    const application = await lockApplication(tx, input);
    const errors = new ValidationErrors();
    if (application.status === 'rejected') errors.add('npq_application', msg.alreadyRejected);
    if (application.status === 'accepted') errors.add('npq_application', msg.cannotChangeOnceAccepted);
    errors.throwIfAny();
    await tx.npqApplication.update({ where: { id: application.id }, data: { status: 'rejected', updatedAt: input.now } });
  });
}

/**
 * Whether the enrolment has a declaration that is, or will be, paid. NPQ declarations are recorded
 * against the enrolment, whose id is the application's.
 */
async function hasBillableDeclaration(tx: Db, profileId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM participant_declarations WHERE npq_participant_profile_id = ${profileId}::uuid
                  AND state IN ('submitted', 'eligible', 'payable', 'paid') LIMIT 1`);
  return rows.length > 0;
}

/** Sets the funded place of an accepted application in a cohort whose contract caps places. */
export async function changeNpqApplicationFundedPlaceIn(db: Db, input: ChangeFundedPlaceInput): Promise<void> {
  return inTransaction(db, async (tx) => {
    const application = await lockApplication(tx, input);
    const value = input.fundedPlace;
    const errors = new ValidationErrors();
    if (value === undefined || value === null) errors.add('npq_application', msg.fundedPlaceMissing);
    else if (!isBoolean(value)) errors.add('funded_place', msg.fundedPlaceTrueOrFalse);
    if (application.status !== 'accepted') errors.add('npq_application', msg.acceptBeforeFundedPlace);
    if (value === true && !application.eligible_for_funding) errors.add('npq_application', msg.notEligibleForFunding);
    if (value === false && (await hasBillableDeclaration(tx, application.id))) errors.add('npq_application', msg.voidBeforeUnfunding);
    errors.throwIfAny();
    const contract = await latestNpqContract(tx, input.leadProviderId, application.cohort_id, application.npq_course_id);
    if (!contract) throw contractDataError();
    if (!capsFundedPlaces(contract)) throw new Validation([{ attribute: 'npq_application', detail: msg.fundedPlaceNotNeeded }]);
    await tx.npqApplication.update({ where: { id: application.id }, data: { fundedPlace: value as boolean, updatedAt: input.now } });
    await tx.npqParticipantProfile.updateMany({ where: { id: application.id }, data: { updatedAt: input.now } });
  });
}

export const acceptNpqApplication = (db: Connections, input: AcceptInput) => changed(db, input, (prisma) => acceptNpqApplicationIn(prisma, input));
export const rejectNpqApplication = (db: Connections, input: NpqApplicationChange) => changed(db, input, (prisma) => rejectNpqApplicationIn(prisma, input));
export const changeNpqApplicationFundedPlace = (db: Connections, input: ChangeFundedPlaceInput) =>
  changed(db, input, (prisma) => changeNpqApplicationFundedPlaceIn(prisma, input));
