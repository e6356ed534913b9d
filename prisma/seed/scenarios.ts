// Named sandbox scenarios: every participant situation the API shows, built through the same
// domain services the admin CLI uses. The sandbox seed runs them for every provider and cohort;
// `npm run admin -- seed --scenario <name>` runs one; tests build exactly what they assert on.
import type { Db } from '../../src/domain/shared/db.ts';
import { participantsChanged } from '../../src/domain/participants/visibility.ts';
import { registerParticipant, type Registration } from '../../src/domain/participants/registration.ts';
import { changeInductionRecord, currentInductionRecord } from '../../src/domain/participants/induction-records.ts';
import { applyDefer, applyWithdraw } from '../../src/domain/participants/actions.ts';
import { assignMentor, transferParticipant } from '../../src/domain/participants/school-side.ts';
import { mergeParticipants } from '../../src/domain/participants/merge.ts';
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

const daysFrom = (ctx: ScenarioContext, days: number) => new Date(ctx.now.getTime() + days * DAY_MS);

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

/** What a provider's PUT …/defer or …/withdraw does, through the API's own domain service. */
async function providerAction(ctx: ScenarioContext, action: typeof applyDefer, userId: string, courseIdentifier: string, reason: string) {
  await action(ctx.db, {
    leadProviderId: ctx.leadProviderId,
    participantId: userId,
    body: { data: { attributes: { course_identifier: courseIdentifier, reason } } },
    now: ctx.now,
  });
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
    await providerAction(ctx, applyDefer, ect.userId, 'ecf-induction', 'parental-leave');
    return { school: school.id, ect: ect.userId };
  },

  async withdrawn(ctx) {
    const { school } = await partneredSchool(ctx);
    const mentor = await register(ctx, school.id, 'mentor');
    await providerAction(ctx, applyWithdraw, mentor.userId, 'ecf-mentor', 'left-teaching-profession');
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

  /** Reported as leaving next month, no new school yet: an `unknown`, incomplete transfer. */
  async leaving(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect', { startDate: daysFrom(ctx, -90) });
    await transferParticipant(ctx.db, { userId: ect.userId, leavingDate: daysFrom(ctx, 30), now: ctx.now });
    return { school: school.id, ect: ect.userId };
  },

  /**
   * Left this provider's school for another provider's school: `left` here, `joining` there; a
   * `new_provider` transfer on both providers' transfer lists, incomplete until the joining date.
   */
  async 'transfer-to-other-provider'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: newSchool } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    const ect = await register(ctx, school.id, 'ect', { startDate: daysFrom(ctx, -60) });
    await transferParticipant(ctx.db, {
      userId: ect.userId,
      leavingDate: daysFrom(ctx, -2),
      toSchoolId: newSchool.id,
      joiningDate: daysFrom(ctx, 7),
      now: ctx.now,
    });
    return { school: school.id, newSchool: newSchool.id, ect: ect.userId };
  },

  /** Moved between two of this provider's schools last term: a complete `new_school` transfer. */
  async 'transfer-new-school'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: newSchool } = await partneredSchool(ctx);
    const mentor = await register(ctx, school.id, 'mentor', { startDate: daysFrom(ctx, -200) });
    await transferParticipant(ctx.db, {
      userId: mentor.userId,
      leavingDate: daysFrom(ctx, -100),
      toSchoolId: newSchool.id,
      joiningDate: daysFrom(ctx, -99),
      now: ctx.now,
    });
    return { school: school.id, newSchool: newSchool.id, mentor: mentor.userId };
  },

  /**
   * Moving to a school that works with another provider while staying with this one (a
   * relationship partnership): a `new_school` transfer, incomplete until the joining date.
   */
  async 'transfer-keep-provider'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: newSchool } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    const ect = await register(ctx, school.id, 'ect', { startDate: daysFrom(ctx, -60) });
    await transferParticipant(ctx.db, {
      userId: ect.userId,
      leavingDate: daysFrom(ctx, 10),
      toSchoolId: newSchool.id,
      joiningDate: daysFrom(ctx, 11),
      keepProvider: true,
      now: ctx.now,
    });
    return { school: school.id, newSchool: newSchool.id, ect: ect.userId };
  },

  /**
   * The same person registered twice (as an ECT, and separately as a mentor) and de-duplicated:
   * the mentor's participant id is retired and shows in `participant_id_changes`.
   */
  async 'id-change'(ctx) {
    const { school } = await partneredSchool(ctx);
    const ect = await register(ctx, school.id, 'ect');
    const duplicate = await register(ctx, school.id, 'mentor');
    await mergeParticipants(ctx.db, { fromUserId: duplicate.userId, toUserId: ect.userId, now: ctx.now });
    return { school: school.id, ect: ect.userId, retiredId: duplicate.userId };
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

  /** An ECT here whose mentor trains with another provider (assigned after registration). */
  async 'unfunded-mentor'(ctx) {
    const { school } = await partneredSchool(ctx);
    const { school: mentorSchool } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    const mentor = await register(ctx, mentorSchool.id, 'mentor');
    const ect = await register(ctx, school.id, 'ect');
    await assignMentor(ctx.db, { ectUserId: ect.userId, mentorUserId: mentor.userId, now: ctx.now });
    return { school: school.id, ect: ect.userId, unfundedMentor: mentor.userId };
  },
};
