import type { InductionRecord, ParticipantIdentity, ParticipantProfile, PrismaClient, TrainingStatus } from '../../../generated/prisma/client.ts';
import { ValidationErrors } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import {
  actionAttributes,
  actionMessages as messages,
  checkReasonInto,
  DEFER_REASONS,
  isBlank,
  profileTypeForCourse,
  WITHDRAW_REASONS,
  type ActionAttributes,
  type ActionRequest,
} from './action-input.ts';
import { changeInductionRecord, relevantInductionRecord } from './induction-records.ts';
import { participantsChanged } from './visibility.ts';
import { inTransaction, type Db, type Reader } from '../shared/db.ts';
import { findParticipant, findParticipantRecord } from './query.ts';
import { isKnownToProvider } from '../shared/sql-fragments.ts';

// The provider-side participant actions (docs/participants.md): defer, resume and withdraw here,
// change-schedule in change-schedule.ts. Each runs in one transaction that locks the profile, so
// two concurrent actions on one participant apply one after the other, each seeing the other's
// result.

export interface ActionOutcome {
  userId: string;
  profileId: string;
}

/** Who the request is about: the person the path id names, and their registration of the course. */
export interface ResolvedParticipant {
  attributes: ActionAttributes;
  identity: ParticipantIdentity | null;
  profile: ParticipantProfile | null;
  /** The latest record of the profile under one of the caller's unchallenged partnerships. */
  record: InductionRecord | null;
  /** The shared validations' failures so far, in the DfE order. */
  errors: ValidationErrors;
}

/**
 * The identity: for a known course, the one of user `participantId` that holds a profile of that
 * course; otherwise (or failing that) the one whose external identifier is `participantId`, which
 * is how a retired (merged) participant id still resolves.
 */
async function resolveIdentity(db: Db, participantId: string, courseIdentifier: string | undefined) {
  if (!isUuid(participantId)) return null;
  const id = participantId.toLowerCase();
  const profileType = profileTypeForCourse(courseIdentifier);
  if (profileType) {
    const byUser = await db.participantIdentity.findFirst({
      where: { userId: id, profiles: { some: { profileType } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    if (byUser) return byUser;
  }
  return db.participantIdentity.findUnique({ where: { externalIdentifier: id } });
}

/** Resolves the participant and runs the validations every action shares, in the DfE order. */
export async function resolveParticipant(db: Db, request: ActionRequest): Promise<ResolvedParticipant> {
  const attributes = actionAttributes(request.body);
  const { courseIdentifier } = attributes;
  const profileType = profileTypeForCourse(courseIdentifier);
  const found = await resolveIdentity(db, request.participantId, courseIdentifier);
  const identity = found && (await isKnownToProvider(db, request.leadProviderId, found.userId)) ? found : null;
  let profile: ParticipantProfile | null = null;
  if (identity && profileType) {
    const candidate = await db.participantProfile.findFirst({
      where: { participantIdentityId: identity.id, profileType, status: 'active' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    if (candidate) {
      // Serialises actions on this registration; re-read after the lock for the committed state.
      await db.$queryRaw`SELECT 1 FROM participant_profiles WHERE id = ${candidate.id}::uuid FOR UPDATE`;
      profile = await db.participantProfile.findUniqueOrThrow({ where: { id: candidate.id } });
    }
  }
  const record = profile ? await relevantInductionRecord(db, profile.id, request.leadProviderId) : null;

  const errors = new ValidationErrors();
  if (!identity) errors.add('participant_id', messages.participantNotRecognised);
  if (!errors.any) {
    const holdsCourse =
      profileType !== undefined &&
      (await db.participantProfile.count({ where: { userId: identity!.userId, profileType, status: 'active' } })) > 0;
    if (!holdsCourse) errors.add('course_identifier', messages.courseNotRecognised);
  }
  if (isBlank(courseIdentifier)) errors.add('course_identifier', messages.courseMissing);
  if (!errors.any && !(profile && record)) errors.add('participant_id', messages.participantNotRecognised);
  return { attributes, identity, profile, record, errors };
}

/**
 * When a training status change is recorded: the request's time, unless the registration's last
 * change is as late or later. A request takes its time on arrival and may then wait for the lock
 * while another one commits, so without this a racing pair could be recorded in the reverse of
 * the order they were applied in, and the history's latest entry would not be the status.
 */
async function changeTime(db: Db, profileId: string, requested: Date): Promise<Date> {
  const last = await db.participantProfileState.findFirst({
    where: { participantProfileId: profileId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  return last && last.createdAt >= requested ? new Date(last.createdAt.getTime() + 1) : requested;
}

/** Records a provider's training status change: state row, new induction record, profile status. */
async function applyTrainingStatus(db: Db, request: ActionRequest, resolved: ResolvedParticipant, state: TrainingStatus, reason: string | null) {
  const profile = resolved.profile!;
  const now = await changeTime(db, profile.id, request.now);
  await db.participantProfileState.create({
    data: { participantProfileId: profile.id, leadProviderId: request.leadProviderId, state, reason, createdAt: now },
  });
  await changeInductionRecord(db, resolved.record!.id, { trainingStatus: state }, now);
  await db.participantProfile.update({ where: { id: profile.id }, data: { trainingStatus: state, updatedAt: now } });
  await participantsChanged(db, [profile.userId], now);
  return { userId: profile.userId, profileId: profile.id };
}

function checkReason(resolved: ResolvedParticipant, allowed: readonly string[]) {
  if (resolved.profile) checkReasonInto(resolved.errors, resolved.attributes.reason, allowed);
}

/** An action inside the caller's transaction (the sandbox scenarios run several in one). */
export type ParticipantActionStep = (db: Db, request: ActionRequest) => Promise<ActionOutcome>;
/** An action in a transaction of its own (the API). */
export type ParticipantAction = (prisma: PrismaClient, request: ActionRequest) => Promise<ActionOutcome>;

export function transactional(step: ParticipantActionStep): ParticipantAction {
  return (prisma, request) => inTransaction(prisma, (db) => step(db, request));
}

/** Pauses training. Deferred participants can still be declared for. */
export const applyDefer: ParticipantActionStep = async (db, request) => {
  const resolved = await resolveParticipant(db, request);
  checkReason(resolved, DEFER_REASONS);
  const status = resolved.record?.trainingStatus;
  if (status === 'deferred') resolved.errors.add('participant_profile', messages.alreadyDeferred);
  if (status === 'withdrawn') resolved.errors.add('participant_profile', messages.alreadyWithdrawn);
  resolved.errors.throwIfAny();
  return applyTrainingStatus(db, request, resolved, 'deferred', resolved.attributes.reason!);
};

/** Restarts training from deferred or withdrawn. */
export const applyResume: ParticipantActionStep = async (db, request) => {
  const resolved = await resolveParticipant(db, request);
  if (resolved.record?.trainingStatus === 'active') resolved.errors.add('participant_profile', messages.alreadyActive);
  resolved.errors.throwIfAny();
  return applyTrainingStatus(db, request, resolved, 'active', null);
};

/** Stops training with this provider; the state's time is the withdrawal date declarations check. */
export const applyWithdraw: ParticipantActionStep = async (db, request) => {
  const resolved = await resolveParticipant(db, request);
  checkReason(resolved, WITHDRAW_REASONS);
  if (resolved.record?.trainingStatus === 'withdrawn') resolved.errors.add('participant_profile', messages.alreadyWithdrawn);
  resolved.errors.throwIfAny();
  return applyTrainingStatus(db, request, resolved, 'withdrawn', resolved.attributes.reason!);
};

export const deferParticipant = transactional(applyDefer);
export const resumeParticipant = transactional(applyResume);
export const withdrawParticipant = transactional(applyWithdraw);

/** The participant as the provider now sees them (v3), after an action. */
export async function participantAfterAction(reader: Reader, leadProviderId: string, outcome: ActionOutcome, now: Date) {
  const person = await findParticipant(reader, leadProviderId, outcome.userId, now);
  if (!person) throw new Error(`participant ${outcome.userId} is not visible after an action on it`);
  return person;
}

/** The acted-on registration as the provider now sees it (v1/v2). */
export async function participantRecordAfterAction(reader: Reader, leadProviderId: string, outcome: ActionOutcome, now: Date) {
  const record = await findParticipantRecord(reader, leadProviderId, outcome.userId, now, outcome.profileId);
  if (!record) throw new Error(`registration ${outcome.profileId} is not visible after an action on it`);
  return record;
}
