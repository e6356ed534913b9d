import { makeSubmittedDeclarationsEligible } from '../declarations/eligibility.ts';
import type { EligibilityReason, EligibilityStatus, ParticipantProfile, ProfileType } from '../../../generated/prisma/client.ts';
import { Conflict, InvalidRequest } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { reportPartnership } from '../partnerships/report.ts';
import { ensureSchoolCohort } from '../schools/service.ts';
import { changeInductionRecord, currentInductionRecord } from './induction-records.ts';
import { participantsChanged } from './visibility.ts';
import type { Db } from '../shared/db.ts';

// The school and DfE side of a participant's life that the API shows but does not change: a
// mentor assigned, a move to another school, a funding decision, a school withdrawing someone.
// The admin CLI and the sandbox scenarios call these; every one moves the people it touches (so
// `updated_since` syncs see it) in the caller's transaction.

/** The user's active registration of the given type, or their only one. */
export async function registrationOf(db: Db, userId: string, profileType?: ProfileType): Promise<ParticipantProfile> {
  if (!isUuid(userId)) throw new InvalidRequest(`"${userId}" is not a participant id (a UUID)`);
  const profiles = await db.participantProfile.findMany({
    where: { userId: userId.toLowerCase(), status: 'active', ...(profileType ? { profileType } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  if (profiles.length === 0) {
    throw new InvalidRequest(`Participant ${userId} has no active ${profileType ? `${profileType} ` : ''}registration`);
  }
  const types = new Set(profiles.map((profile) => profile.profileType));
  if (types.size > 1) throw new InvalidRequest(`Participant ${userId} is both an ECT and a mentor: say which registration (ect or mentor)`);
  return profiles[0]!;
}

async function currentRecordOf(db: Db, profile: ParticipantProfile) {
  const record = await currentInductionRecord(db, profile.id);
  if (!record) throw new InvalidRequest(`Registration ${profile.id} has no induction record`);
  return record;
}

/** Assigns a mentor to an ECT: a new induction record naming the mentor; both people change. */
export async function assignMentor(db: Db, options: { ectUserId: string; mentorUserId: string; now: Date }) {
  const ect = await registrationOf(db, options.ectUserId, 'ect');
  const mentor = await registrationOf(db, options.mentorUserId, 'mentor');
  if (ect.userId === mentor.userId) throw new InvalidRequest('An ECT cannot mentor themselves');
  const record = await currentRecordOf(db, ect);
  const changed = await changeInductionRecord(db, record.id, { mentorProfileId: mentor.id }, options.now);
  await participantsChanged(db, [ect.userId, mentor.userId], options.now);
  return { ectProfileId: ect.id, mentorProfileId: mentor.id, inductionRecordId: changed.id };
}

export interface Transfer {
  userId: string;
  profileType?: ProfileType;
  /** Last day at the current school (not needed when the leaving was reported before). */
  leavingDate?: Date;
  /** The new school; without it only the leaving is reported (the transfer shows as `unknown`). */
  toSchoolId?: string;
  joiningDate?: Date;
  /** Stay with the current provider at the new school (through a relationship partnership if need be). */
  keepProvider?: boolean;
  now: Date;
}

/**
 * A school reports a leaver and, when known, the new school reports the joiner: the current
 * record becomes `leaving` on the leaving date, and a school-transfer record starts at the new
 * school on the joining date. A registration already reported as leaving only gets its joiner.
 */
export async function transferParticipant(db: Db, transfer: Transfer) {
  const { now } = transfer;
  const profile = await registrationOf(db, transfer.userId, transfer.profileType);
  const record = await currentRecordOf(db, profile);
  const programme = await db.inductionProgramme.findUniqueOrThrow({
    where: { id: record.inductionProgrammeId },
    include: { schoolCohort: true, partnership: true },
  });
  const alreadyLeaving = record.inductionStatus === 'leaving';
  if (alreadyLeaving && !transfer.toSchoolId) throw new Conflict(`Registration ${profile.id} is already reported as leaving`);
  if (!alreadyLeaving && !transfer.leavingDate) throw new InvalidRequest('A leaving date is needed');
  if (transfer.toSchoolId && !transfer.joiningDate) throw new InvalidRequest('A joining date is needed with the new school');
  if (transfer.toSchoolId === programme.schoolCohort.schoolId) throw new InvalidRequest('The new school is the school the participant is leaving');

  const leaving = alreadyLeaving
    ? record
    : await db.inductionRecord.update({
        where: { id: record.id },
        data: { inductionStatus: 'leaving', endDate: transfer.leavingDate!, updatedAt: now },
      });
  let joining = null;
  if (transfer.toSchoolId) {
    const schoolCohort = await ensureSchoolCohort(db, transfer.toSchoolId, programme.schoolCohort.cohortId);
    const programmeId = transfer.keepProvider
      ? await programmeWithProvider(db, schoolCohort, programme.partnership, now)
      : schoolCohort.defaultInductionProgrammeId;
    if (!programmeId) throw new InvalidRequest('The new school has no induction programme for the cohort: it must choose one first');
    joining = await db.inductionRecord.create({
      data: {
        participantProfileId: profile.id,
        inductionProgrammeId: programmeId,
        scheduleId: record.scheduleId,
        preferredIdentityId: record.preferredIdentityId,
        startDate: transfer.joiningDate!,
        schoolTransfer: true,
        createdAt: now,
        updatedAt: now,
      },
    });
    await db.participantProfile.update({ where: { id: profile.id }, data: { schoolCohortId: schoolCohort.id, updatedAt: now } });
  }
  await participantsChanged(db, [profile.userId], now);
  return { profileId: profile.id, leavingRecordId: leaving.id, joiningRecordId: joining?.id ?? null };
}

/** The new school's programme with the same provider: its own partnership's, or a relationship one. */
async function programmeWithProvider(
  db: Db,
  schoolCohort: { id: string; schoolId: string; cohortId: string; defaultInductionProgrammeId: string | null },
  partnership: { leadProviderId: string; deliveryPartnerId: string } | null,
  now: Date,
): Promise<string> {
  if (!partnership) throw new InvalidRequest('The participant is not trained by a provider, so there is no provider to keep');
  const existing = await db.inductionProgramme.findFirst({
    where: {
      schoolCohortId: schoolCohort.id,
      partnership: { leadProviderId: partnership.leadProviderId, challengedAt: null, challengeReason: null },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  if (existing) return existing.id;
  const link = await reportPartnership(db, {
    schoolId: schoolCohort.schoolId,
    cohortId: schoolCohort.cohortId,
    leadProviderId: partnership.leadProviderId,
    deliveryPartnerId: partnership.deliveryPartnerId,
    relationship: true,
    now,
  });
  const created = await db.inductionProgramme.create({
    data: { schoolCohortId: schoolCohort.id, partnershipId: link.id, trainingProgramme: 'full_induction_programme', createdAt: now, updatedAt: now },
  });
  return created.id;
}

export const ELIGIBILITY_STATUSES: readonly EligibilityStatus[] = ['eligible', 'matched', 'manual_check', 'ineligible'];
export const ELIGIBILITY_REASONS: readonly EligibilityReason[] = [
  'none',
  'active_flags',
  'previous_participation',
  'previous_induction',
  'no_qts',
  'different_trn',
  'duplicate_profile',
  'exempt_from_induction',
  'no_induction',
];

/** DfE's funding decision for a registration (`eligible_for_funding`, TRN validation). */
export async function changeFundingEligibility(
  db: Db,
  options: { userId: string; profileType?: ProfileType; status: EligibilityStatus; reason?: EligibilityReason; now: Date },
) {
  const profile = await registrationOf(db, options.userId, options.profileType);
  const reason = options.reason ?? 'none';
  const eligibility = await db.ecfParticipantEligibility.upsert({
    where: { participantProfileId: profile.id },
    create: { participantProfileId: profile.id, status: options.status, reason, createdAt: options.now, updatedAt: options.now },
    update: { status: options.status, reason, updatedAt: options.now },
  });
  await db.participantProfile.update({ where: { id: profile.id }, data: { updatedAt: options.now } });
  // Becoming fundable makes the registration's submitted declarations eligible (on the current statement).
  const declarations =
    options.status === 'eligible'
      ? await makeSubmittedDeclarationsEligible(db, profile.id, options.now, 'admin:participants eligibility')
      : { madeEligible: [], leftSubmitted: [] };
  await participantsChanged(db, [profile.userId], options.now);
  return { profileId: profile.id, eligibilityId: eligibility.id, declarationsMadeEligible: declarations.madeEligible };
}

/**
 * The school removes a participant: the induction record becomes `withdrawn` and the
 * registration is no longer active, so providers can no longer act on it.
 */
export async function schoolWithdrawParticipant(db: Db, options: { userId: string; profileType?: ProfileType; now: Date }) {
  const profile = await registrationOf(db, options.userId, options.profileType);
  const record = await currentRecordOf(db, profile);
  const changed = await changeInductionRecord(db, record.id, { inductionStatus: 'withdrawn' }, options.now);
  await db.participantProfile.update({ where: { id: profile.id }, data: { status: 'withdrawn', updatedAt: options.now } });
  await participantsChanged(db, [profile.userId], options.now);
  return { profileId: profile.id, inductionRecordId: changed.id };
}
