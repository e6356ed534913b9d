import { randomUUID } from 'node:crypto';
import type { EligibilityReason, EligibilityStatus, ProfileType } from '../../../generated/prisma/client.ts';
import { Conflict, InvalidRequest, NotFound } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { participantsChanged } from './visibility.ts';
import { DEFAULT_SCHEDULE_IDENTIFIER } from '../reference-data/schedules.ts';

export interface Registration {
  schoolId: string;
  cohortStartYear: number;
  participantType: ProfileType;
  fullName: string;
  email: string;
  trn?: string | null;
  scheduleIdentifier?: string;
  /** An existing participant (user) taking on another role, e.g. an ECT becoming a mentor. */
  userId?: string;
  mentorProfileId?: string | null;
  startDate?: Date;
  eligibility?: { status: EligibilityStatus; reason?: EligibilityReason } | null;
  pupilPremiumUplift?: boolean;
  sparsityUplift?: boolean;
  now: Date;
}

/**
 * The school side: registers an ECT or mentor at a school for a cohort, on the school cohort's
 * default programme (so with its lead provider when the school is partnered).
 */
export async function registerParticipant(db: Db, registration: Registration) {
  const { now } = registration;
  const cohort = await db.cohort.findUnique({ where: { startYear: registration.cohortStartYear } });
  if (!cohort) throw new InvalidRequest(`There is no ${registration.cohortStartYear} cohort`);
  const schoolCohort = await db.schoolCohort.findUnique({
    where: { schoolId_cohortId: { schoolId: registration.schoolId, cohortId: cohort.id } },
  });
  if (!schoolCohort?.defaultInductionProgrammeId) {
    throw new InvalidRequest(`The school has no induction programme for the ${cohort.startYear} cohort: report a partnership or choose a programme first`);
  }
  const scheduleIdentifier = registration.scheduleIdentifier ?? DEFAULT_SCHEDULE_IDENTIFIER;
  const schedule = await db.schedule.findUnique({
    where: { cohortId_scheduleIdentifier: { cohortId: cohort.id, scheduleIdentifier } },
  });
  if (!schedule) throw new InvalidRequest(`Unknown schedule ${scheduleIdentifier} for the ${cohort.startYear} cohort`);
  if (schedule.scheduleType === 'ecf_replacement' && registration.participantType !== 'mentor') {
    throw new InvalidRequest('Replacement schedules are for mentors only');
  }

  if (!registration.userId && (await db.user.findUnique({ where: { email: registration.email } }))) {
    throw new Conflict(`A participant with the email ${registration.email} is already registered`);
  }
  const mentor = registration.mentorProfileId
    ? await db.participantProfile.findUnique({ where: { id: registration.mentorProfileId } })
    : null;
  if (registration.mentorProfileId && mentor?.profileType !== 'mentor') {
    throw new InvalidRequest(`${registration.mentorProfileId} is not a mentor's registration`);
  }

  const user = registration.userId
    ? await db.user.findUnique({ where: { id: registration.userId } })
    : await db.user.create({
        data: { fullName: registration.fullName, email: registration.email, createdAt: now, updatedAt: now },
      });
  if (!user) throw new NotFound(`No participant ${registration.userId}`);
  if (registration.trn !== undefined || !registration.userId) {
    await db.teacherProfile.upsert({
      where: { userId: user.id },
      create: { userId: user.id, trn: registration.trn ?? null, createdAt: now, updatedAt: now },
      update: { trn: registration.trn ?? null, updatedAt: now },
    });
  }
  const identity =
    (await db.participantIdentity.findUnique({ where: { email: registration.email } })) ??
    (await db.participantIdentity.create({
      data: { userId: user.id, externalIdentifier: registration.userId ? randomUUID() : user.id, email: registration.email, createdAt: now, updatedAt: now },
    }));
  if (identity.userId !== user.id) throw new InvalidRequest(`The email ${registration.email} belongs to another participant`);

  const profile = await db.participantProfile.create({
    data: {
      userId: user.id,
      participantIdentityId: identity.id,
      profileType: registration.participantType,
      schoolCohortId: schoolCohort.id,
      scheduleId: schedule.id,
      pupilPremiumUplift: registration.pupilPremiumUplift ?? false,
      sparsityUplift: registration.sparsityUplift ?? false,
      createdAt: now,
      updatedAt: now,
      eligibility:
        registration.eligibility === null
          ? undefined
          : {
              create: {
                status: registration.eligibility?.status ?? 'eligible',
                reason: registration.eligibility?.reason ?? 'none',
                createdAt: now,
                updatedAt: now,
              },
            },
    },
  });
  const record = await db.inductionRecord.create({
    data: {
      participantProfileId: profile.id,
      inductionProgrammeId: schoolCohort.defaultInductionProgrammeId,
      scheduleId: schedule.id,
      mentorProfileId: registration.mentorProfileId ?? null,
      preferredIdentityId: identity.id,
      startDate: registration.startDate ?? now,
      createdAt: now,
      updatedAt: now,
    },
  });
  await db.participantProfileSchedule.create({ data: { participantProfileId: profile.id, scheduleId: schedule.id, createdAt: now } });
  // Being linked to an ECT is a change to the mentor too (unfunded mentors' `updated_at`).
  await participantsChanged(db, mentor ? [user.id, mentor.userId] : [user.id], now);
  return { userId: user.id, profileId: profile.id, inductionRecordId: record.id };
}
