// Named sandbox scenarios: every participant situation the API shows, built through the same
// domain services the admin CLI uses. The sandbox seed runs them for every provider and cohort;
// `npm run admin -- seed --scenario <name>` runs one; tests build exactly what they assert on.
import type { Db } from '../../src/domain/participants/visibility.ts';
import { participantsChanged } from '../../src/domain/participants/visibility.ts';
import { registerParticipant, type Registration } from '../../src/domain/participants/registration.ts';
import { changeInductionRecord, currentInductionRecord } from '../../src/domain/participants/induction-records.ts';
import { reportPartnership } from '../../src/domain/partnerships/report.ts';
import { createSchool } from '../../src/domain/schools/service.ts';

export interface ScenarioContext {
  db: Db;
  now: Date;
  leadProviderId: string;
  /** Another provider, for transfers between providers and unfunded mentors. */
  otherLeadProviderId: string;
  cohortStartYear: number;
  /** Unique names, emails, URNs and TRNs for this run. */
  names: NameSource;
}

export interface ScenarioResult {
  /** What was made, by role: user ids and school ids, printed by the admin CLI. */
  [role: string]: string;
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>;

const FIRST = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ellie', 'Femi', 'Grace', 'Harry', 'Isla', 'Jamal', 'Kate', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Ravi', 'Sofia', 'Tom', 'Zara'];
const LAST = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fraser', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Patel', 'Roberts', 'Singh', 'Taylor', 'Walker', 'Wright', 'Young'];

/** Deterministic, collision-free names for one seeding run. */
export class NameSource {
  private counter = 0;
  constructor(private readonly prefix: string, private readonly urnBase = 100000) {}

  person() {
    const n = this.counter++;
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
    return {
      fullName: `${first} ${last}`,
      email: `${first}.${last}.${this.prefix}${n}@example.com`.toLowerCase(),
      trn: String(1_000_000 + ((this.urnBase + n * 7919) % 9_000_000)),
    };
  }

  school() {
    const n = this.counter++;
    return { urn: String(this.urnBase + n), name: `${LAST[n % LAST.length]} ${['Primary School', 'Academy', 'High School', 'Community School'][n % 4]}` };
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function deliveryPartnerFor(ctx: ScenarioContext, leadProviderId: string) {
  const cohort = await ctx.db.cohort.findUniqueOrThrow({ where: { startYear: ctx.cohortStartYear } });
  const relationship = await ctx.db.providerRelationship.findFirst({
    where: { leadProviderId, cohortId: cohort.id, discardedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  if (relationship) return { cohort, deliveryPartnerId: relationship.deliveryPartnerId };
  const partner = await ctx.db.deliveryPartner.create({ data: { name: `${ctx.names.school().name} Teaching School Hub` } });
  await ctx.db.providerRelationship.create({ data: { leadProviderId, deliveryPartnerId: partner.id, cohortId: cohort.id } });
  return { cohort, deliveryPartnerId: partner.id };
}

/** A new eligible school partnered with the provider for the scenario's cohort. */
export async function partneredSchool(ctx: ScenarioContext, leadProviderId = ctx.leadProviderId) {
  const school = await createSchool(ctx.db, { ...ctx.names.school(), inductionTutorName: 'Sam Tutor', inductionTutorEmail: `tutor.${ctx.names.person().email}` });
  const { cohort, deliveryPartnerId } = await deliveryPartnerFor(ctx, leadProviderId);
  const partnership = await reportPartnership(ctx.db, {
    schoolId: school.id,
    cohortId: cohort.id,
    leadProviderId,
    deliveryPartnerId,
    now: ctx.now,
  });
  return { school, partnership };
}

function register(ctx: ScenarioContext, schoolId: string, participantType: 'ect' | 'mentor', extra: Partial<Registration> = {}) {
  const person = ctx.names.person();
  return registerParticipant(ctx.db, {
    schoolId,
    cohortStartYear: ctx.cohortStartYear,
    participantType,
    ...person,
    now: ctx.now,
    ...extra,
  });
}

/** A provider-side training status change with its state row (what defer/withdraw record). */
async function setTrainingStatus(ctx: ScenarioContext, profileId: string, state: 'deferred' | 'withdrawn', reason: string) {
  const record = await currentInductionRecord(ctx.db, profileId);
  await ctx.db.participantProfileState.create({
    data: { participantProfileId: profileId, leadProviderId: ctx.leadProviderId, state, reason, createdAt: ctx.now },
  });
  await changeInductionRecord(ctx.db, record!.id, { trainingStatus: state }, ctx.now);
  await ctx.db.participantProfile.update({ where: { id: profileId }, data: { trainingStatus: state, updatedAt: ctx.now } });
}

async function changed(ctx: ScenarioContext, ...userIds: string[]) {
  await participantsChanged(ctx.db, userIds, ctx.now);
}

export const participantScenarios: Record<string, Scenario> = {
  async 'ect-with-mentor'(ctx) {
    const { school } = await partneredSchool(ctx);
    const mentor = await register(ctx, school.id, 'mentor');
    const ect = await register(ctx, school.id, 'ect', { mentorProfileId: mentor.profileId, pupilPremiumUplift: true });
    return { school: school.id, mentor: mentor.userId, ect: ect.userId };
  },

  async 'ect-without-mentor'(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect', { sparsityUplift: true });
    return { school: school.id, ect: ect.userId };
  },

  async 'ect-and-mentor'(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    const person = await ctx.db.user.findUniqueOrThrow({ where: { id: ect.userId } });
    const mentor = await register(ctx, school.id, 'mentor', {
      userId: ect.userId,
      fullName: person.fullName,
      email: `mentor.${person.email}`,
    });
    return { school: school.id, participant: mentor.userId };
  },

  async deferred(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    await setTrainingStatus(ctx, ect.profileId, 'deferred', 'parental-leave');
    await changed(ctx, ect.userId);
    return { school: school.id, ect: ect.userId };
  },

  async withdrawn(ctx) {
    const { school } = await partneredSchool(ctx);
    const mentor = await register(ctx, school.id, 'mentor');
    await setTrainingStatus(ctx, mentor.profileId, 'withdrawn', 'left-teaching-profession');
    await changed(ctx, mentor.userId);
    return { school: school.id, mentor: mentor.userId };
  },

  async 'school-withdrawn'(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    const record = await currentInductionRecord(ctx.db, ect.profileId);
    await changeInductionRecord(ctx.db, record!.id, { inductionStatus: 'withdrawn' }, ctx.now);
    await changed(ctx, ect.userId);
    return { school: school.id, ect: ect.userId };
  },

  async leaving(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    const record = await currentInductionRecord(ctx.db, ect.profileId);
    await changeInductionRecord(ctx.db, record!.id, { inductionStatus: 'leaving', endDate: new Date(ctx.now.getTime() + 30 * DAY_MS) }, ctx.now);
    await changed(ctx, ect.userId);
    return { school: school.id, ect: ect.userId };
  },

  /** Left this provider's school for another provider's school: `left` here, `joining` there. */
  async 'transfer-to-other-provider'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: newSchool } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    const ect = await register(ctx, school.id, 'ect');
    const record = await currentInductionRecord(ctx.db, ect.profileId);
    const leftOn = new Date(ctx.now.getTime() - 2 * DAY_MS);
    await ctx.db.inductionRecord.update({
      where: { id: record!.id },
      data: { inductionStatus: 'leaving', endDate: leftOn, startDate: new Date(ctx.now.getTime() - 60 * DAY_MS), updatedAt: ctx.now },
    });
    const newCohort = await ctx.db.schoolCohort.findFirstOrThrow({ where: { schoolId: newSchool.id } });
    await ctx.db.inductionRecord.create({
      data: {
        participantProfileId: ect.profileId,
        inductionProgrammeId: newCohort.defaultInductionProgrammeId!,
        scheduleId: record!.scheduleId,
        preferredIdentityId: record!.preferredIdentityId,
        startDate: new Date(ctx.now.getTime() + 7 * DAY_MS),
        schoolTransfer: true,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    });
    await changed(ctx, ect.userId);
    return { school: school.id, newSchool: newSchool.id, ect: ect.userId };
  },

  /** A duplicate account merged into this one: the retired id shows in participant_id_changes. */
  async 'id-change'(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    const retired = crypto.randomUUID();
    await ctx.db.participantIdChange.create({
      data: { userId: ect.userId, fromParticipantId: retired, toParticipantId: ect.userId, createdAt: ctx.now },
    });
    await changed(ctx, ect.userId);
    return { school: school.id, ect: ect.userId, retiredId: retired };
  },

  async 'funding-unconfirmed'(ctx) {
    const { school } = await partneredSchool(ctx);
    const manual = await register(ctx, school.id, 'ect', { eligibility: { status: 'manual_check', reason: 'no_induction' } });
    const ineligible = await register(ctx, school.id, 'ect', { eligibility: { status: 'ineligible', reason: 'previous_induction' } });
    const unknown = await register(ctx, school.id, 'mentor', { eligibility: null, trn: null });
    return { school: school.id, manualCheck: manual.userId, ineligible: ineligible.userId, noRecord: unknown.userId };
  },

  async 'non-standard-schedules'(ctx) {
    const { school } = await partneredSchool(ctx);
    const reduced = await register(ctx, school.id, 'ect', { scheduleIdentifier: 'ecf-reduced-september' });
    const extended = await register(ctx, school.id, 'ect', { scheduleIdentifier: 'ecf-extended-january' });
    const replacement = await register(ctx, school.id, 'mentor', { scheduleIdentifier: 'ecf-replacement-april' });
    return { school: school.id, reduced: reduced.userId, extended: extended.userId, replacement: replacement.userId };
  },

  /** A school challenged the partnership: its participants disappear from this provider's lists. */
  async challenged(ctx) {
    const { school, partnership } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    await ctx.db.partnership.update({
      where: { id: partnership.id },
      data: { challengeReason: 'mistake', challengedAt: ctx.now, updatedAt: ctx.now },
    });
    await changed(ctx, ect.userId);
    return { school: school.id, hiddenEct: ect.userId };
  },

  /** An ECT here whose mentor trains with another provider. */
  async 'unfunded-mentor'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: mentorSchool } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    const mentor = await register(ctx, mentorSchool.id, 'mentor');
    const ect = await register(ctx, school.id, 'ect', { mentorProfileId: mentor.profileId });
    await changed(ctx, mentor.userId);
    return { school: school.id, ect: ect.userId, unfundedMentor: mentor.userId };
  },
};

