import type { Cohort, InductionRecord, ParticipantProfile, Partnership, Schedule } from '../../../generated/prisma/client.ts';
import { NotFound } from '../shared/errors.ts';
import { ensureSchoolCohort } from '../schools/service.ts';
import { scheduleAllowsCourse, type CourseIdentifier } from '../reference-data/schedules.ts';
import { actionMessages as messages, isBlank } from './action-input.ts';
import { resolveParticipant, transactional, type ParticipantActionStep } from './actions.ts';
import { changeInductionRecord } from './induction-records.ts';
import { participantsChanged } from './visibility.ts';
import type { Db } from '../shared/db.ts';

// PUT …/change-schedule (docs/participants.md): moves a registration onto another schedule and,
// optionally, into another cohort, after the DfE service's checks in their order.

/** Cohort 2021 and 2022 ECTs whose payments froze are moved here (and may move back). */
export const DESTINATION_START_YEAR_FROM_A_FROZEN_COHORT = 2024;

const BILLABLE = ['eligible', 'payable', 'paid'] as const;
const BILLABLE_OR_SUBMITTED = ['submitted', 'eligible', 'payable', 'paid'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

type ScheduleWithCohort = Schedule & { cohort: Cohort };

function paymentsFrozen(cohort: Cohort | null | undefined, now: Date): boolean {
  return Boolean(cohort?.paymentsFrozenAt && cohort.paymentsFrozenAt <= now);
}

/** The `cohort` attribute as Rails casts it to an integer: blank means "not given", junk means 0. */
function requestedStartYear(cohort: string | undefined): number | undefined {
  if (isBlank(cohort)) return undefined;
  const year = Number.parseInt(cohort.trim(), 10);
  return Number.isNaN(year) ? 0 : year;
}

interface Context {
  profile: ParticipantProfile;
  record: InductionRecord;
  /** The schedule the provider's record is on (the DfE `schedule_for(provider)`). */
  recordSchedule: ScheduleWithCohort;
  profileSchedule: ScheduleWithCohort;
  schoolId: string;
  targetCohort: Cohort | null;
  newSchedule: ScheduleWithCohort | null;
}

async function loadContext(db: Db, profile: ParticipantProfile, record: InductionRecord, scheduleIdentifier: string | undefined, cohort: string | undefined): Promise<Context> {
  const [recordSchedule, profileSchedule, programme] = await Promise.all([
    db.schedule.findUniqueOrThrow({ where: { id: record.scheduleId }, include: { cohort: true } }),
    db.schedule.findUniqueOrThrow({ where: { id: profile.scheduleId }, include: { cohort: true } }),
    db.inductionProgramme.findUniqueOrThrow({ where: { id: record.inductionProgrammeId }, include: { schoolCohort: { include: { cohort: true } } } }),
  ]);
  const year = requestedStartYear(cohort);
  // No cohort given: the cohort of the provider's record's school cohort.
  const targetCohort = year === undefined ? programme.schoolCohort.cohort : await db.cohort.findUnique({ where: { startYear: year } });
  const newSchedule =
    targetCohort && !isBlank(scheduleIdentifier)
      ? await db.schedule.findFirst({
          where: { cohortId: targetCohort.id, OR: [{ scheduleIdentifier }, { identifierAlias: scheduleIdentifier }] },
          include: { cohort: true },
          orderBy: { scheduleIdentifier: 'asc' },
        })
      : null;
  return { profile, record, recordSchedule, profileSchedule, schoolId: programme.schoolCohort.schoolId, targetCohort, newSchedule };
}

/**
 * Whether this is a payments-frozen cohort move (ECTs only), which skips the declaration checks
 * and toggles `cohort_changed_after_payments_frozen`: out of a frozen cohort into 2024 while
 * unfinished, or back to the original frozen cohort.
 */
async function isFrozenCohortMove(db: Db, ctx: Context, now: Date): Promise<boolean> {
  const { profile, targetCohort } = ctx;
  if (profile.profileType !== 'ect' || !targetCohort) return false;
  if (targetCohort.startYear === DESTINATION_START_YEAR_FROM_A_FROZEN_COHORT && paymentsFrozen(ctx.profileSchedule.cohort, now)) {
    if (profile.inductionCompletionDate) return false;
    const [unfinished, completed] = await Promise.all([
      db.participantDeclaration.count({
        where: { participantProfileId: profile.id, state: { in: [...BILLABLE] }, declarationType: { not: 'completed' } },
      }),
      db.participantDeclaration.count({ where: { participantProfileId: profile.id, state: { in: [...BILLABLE] }, declarationType: 'completed' } }),
    ]);
    return unfinished > 0 && completed === 0;
  }
  if (profile.cohortChangedAfterPaymentsFrozen && paymentsFrozen(targetCohort, now)) {
    const [inCurrent, inTarget] = await Promise.all([
      db.participantDeclaration.count({
        where: { participantProfileId: profile.id, state: { in: [...BILLABLE_OR_SUBMITTED] }, cohortId: ctx.profileSchedule.cohortId },
      }),
      db.participantDeclaration.count({ where: { participantProfileId: profile.id, state: { in: [...BILLABLE] }, cohortId: targetCohort.id } }),
    ]);
    return inCurrent === 0 && inTarget > 0;
  }
  return false;
}

/** The provider's active partnership with the record's school in the target cohort (rule 10). */
async function schoolPartnership(db: Db, ctx: Context, leadProviderId: string): Promise<Partnership | null> {
  if (!ctx.targetCohort) return null;
  const active = { schoolId: ctx.schoolId, cohortId: ctx.targetCohort.id, leadProviderId, challengedAt: null, challengeReason: null, pending: false };
  const own = await db.partnership.findFirst({ where: { ...active, relationship: false }, orderBy: { createdAt: 'asc' } });
  if (own) return own;
  // Only the schedule changing, within the record's cohort: a relationship partnership will do.
  const scheduleOnly = ctx.targetCohort.id === ctx.recordSchedule.cohortId && ctx.newSchedule?.id !== ctx.recordSchedule.id;
  return scheduleOnly ? db.partnership.findFirst({ where: active, orderBy: { createdAt: 'asc' } }) : null;
}

/** The target school cohort's programme under the partnership (its default when that is the one). */
async function programmeFor(db: Db, schoolCohortId: string, defaultProgrammeId: string | null, partnership: Partnership, now: Date): Promise<string> {
  if (defaultProgrammeId) {
    const byDefault = await db.inductionProgramme.findUnique({ where: { id: defaultProgrammeId } });
    if (byDefault?.partnershipId === partnership.id) return byDefault.id;
  }
  const existing = await db.inductionProgramme.findFirst({ where: { schoolCohortId, partnershipId: partnership.id }, orderBy: { createdAt: 'asc' } });
  if (existing) return existing.id;
  const created = await db.inductionProgramme.create({
    data: { schoolCohortId, partnershipId: partnership.id, trainingProgramme: 'full_induction_programme', createdAt: now, updatedAt: now },
  });
  return created.id;
}

export const applyChangeSchedule: ParticipantActionStep = async (db, request) => {
  const resolved = await resolveParticipant(db, request);
  const { errors, attributes, profile, record } = resolved;
  const { now } = request;
  // Rule 4. An identifier with no schedule in the target cohort fails here too (the DfE service
  // only finds out when saving, and answers a 422 "Invalid action").
  const ctx = profile && record ? await loadContext(db, profile, record, attributes.scheduleIdentifier, attributes.cohort) : null;
  if (isBlank(attributes.scheduleIdentifier) || (ctx?.targetCohort && !ctx.newSchedule)) {
    errors.add('schedule_identifier', messages.invalidSchedule);
  }
  // Beyond this point the participant must be one this provider trains.
  if (!ctx) {
    errors.throwIfAny();
    throw new Error('unreachable: an unresolved participant always fails the shared validations');
  }

  // Rule 5.
  if (ctx.record.trainingStatus === 'withdrawn') errors.add('participant_id', messages.withdrawnParticipant);

  const frozenMove = await isFrozenCohortMove(db, ctx, now);
  const declarations = await db.participantDeclaration.findMany({
    where: { participantProfileId: ctx.profile.id, state: { in: [...BILLABLE_OR_SUBMITTED] } },
    include: { cohort: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

  // Rule 6: every billable or submitted declaration must still fall inside its milestone window.
  if (ctx.newSchedule && !frozenMove) {
    const milestones = await db.milestone.findMany({ where: { scheduleId: ctx.newSchedule.id } });
    for (const declaration of declarations) {
      if (ctx.profile.cohortChangedAfterPaymentsFrozen && paymentsFrozen(declaration.cohort, now)) continue;
      const milestone = milestones.find((m) => m.declarationType === declaration.declarationType);
      // The DfE service looks the milestone up with find_by!: a missing one is a 404.
      if (!milestone) throw new NotFound();
      const tooEarly = declaration.declarationDate <= milestone.startDate;
      const tooLate = milestone.milestoneDate !== null && declaration.declarationDate.getTime() > milestone.milestoneDate.getTime() + DAY_MS - 1;
      if (tooEarly || tooLate) errors.add('schedule_identifier', messages.scheduleInvalidatesDeclarations);
    }
  }

  // Rule 7.
  if (ctx.newSchedule && ctx.newSchedule.id === ctx.profile.scheduleId && ctx.newSchedule.id === ctx.record.scheduleId) {
    errors.add('schedule_identifier', messages.scheduleAlreadyOnProfile);
  }
  // Rule 8: replacement schedules are for mentors only.
  if (ctx.newSchedule && !scheduleAllowsCourse(ctx.newSchedule.scheduleType, attributes.courseIdentifier as CourseIdentifier)) {
    errors.add('schedule_identifier', messages.scheduleInvalidForCourse);
  }
  // Rule 9: billable or submitted declarations lock the cohort.
  if (!frozenMove && declarations.length > 0 && ctx.recordSchedule.cohort.startYear !== ctx.targetCohort?.startYear) {
    errors.add('cohort', messages.cannotChangeCohort);
  }
  // Rule 10.
  const partnership = await schoolPartnership(db, ctx, request.leadProviderId);
  if (!partnership) errors.add('cohort', messages.noPartnershipInCohort);
  errors.throwIfAny();

  const newSchedule = ctx.newSchedule!;
  const targetCohort = ctx.targetCohort!;
  await db.participantProfileSchedule.create({ data: { participantProfileId: ctx.profile.id, scheduleId: newSchedule.id, createdAt: now } });
  const changingCohort = newSchedule.cohortId !== ctx.profileSchedule.cohortId;
  const schoolCohort = await ensureSchoolCohort(db, ctx.schoolId, targetCohort.id);
  await db.participantProfile.update({
    where: { id: ctx.profile.id },
    data: {
      schoolCohortId: schoolCohort.id,
      scheduleId: newSchedule.id,
      updatedAt: now,
      ...(changingCohort && frozenMove ? { cohortChangedAfterPaymentsFrozen: !ctx.profile.cohortChangedAfterPaymentsFrozen } : {}),
    },
  });
  const inductionProgrammeId = partnership!.relationship
    ? ctx.record.inductionProgrammeId
    : await programmeFor(db, schoolCohort.id, schoolCohort.defaultInductionProgrammeId, partnership!, now);
  await changeInductionRecord(db, ctx.record.id, { scheduleId: newSchedule.id, inductionProgrammeId }, now);
  await participantsChanged(db, [ctx.profile.userId], now);
  return { userId: ctx.profile.userId, profileId: ctx.profile.id };
};

export const changeSchedule = transactional(applyChangeSchedule);
