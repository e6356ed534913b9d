// NPQ application scenarios: applications in every status and funding situation, made through the
// same domain services the API uses (a person applies; the provider accepts or rejects).
import type { Scenario, ScenarioContext } from './scenarios.ts';
import { applyForNpq, type NpqApplicationForm } from '../../src/domain/npq/applications/register.ts';
import { acceptNpqApplicationIn, rejectNpqApplicationIn } from '../../src/domain/npq/applications/actions.ts';

const SECOND = 1000;

function at(ctx: ScenarioContext, step: number) {
  return new Date(ctx.now.getTime() + step * SECOND);
}

/** A person applying, with a school-based teacher's answers unless told otherwise. */
function form(ctx: ScenarioContext, step: number, overrides: Partial<NpqApplicationForm>): NpqApplicationForm {
  const person = ctx.names.person();
  const school = ctx.names.school();
  return {
    leadProviderId: ctx.leadProviderId,
    courseIdentifier: 'npq-leading-teaching',
    cohortStartYear: ctx.cohortStartYear,
    fullName: person.fullName,
    email: person.email,
    teacherReferenceNumber: person.trn,
    trnVerified: true,
    worksInSchool: true,
    schoolUrn: school.urn,
    schoolUkprn: String(10_000_000 + Number(school.urn)),
    headteacherStatus: 'no',
    eligibleForFunding: true,
    fundingChoice: null,
    targetedDeliveryFundingEligibility: false,
    teacherCatchment: 'england',
    teacherCatchmentCountry: 'United Kingdom of Great Britain and Northern Ireland',
    teacherCatchmentIsoCountryCode: 'GBR',
    now: at(ctx, step),
    ...overrides,
  };
}

/** Funded places are only given in cohorts whose contracts cap them (2024 on). */
const fundedPlace = (ctx: ScenarioContext, value: boolean) => (ctx.cohortStartYear >= 2024 ? value : undefined);

export const npqApplications: Scenario = async (ctx) => {
  const change = (id: string, step: number) => ({ leadProviderId: ctx.leadProviderId, applicationId: id, now: at(ctx, step) });
  const pending = await applyForNpq(ctx.db, form(ctx, 0, { targetedDeliveryFundingEligibility: true }));
  const ineligible = await applyForNpq(ctx.db, form(ctx, 1, {
    courseIdentifier: 'npq-senior-leadership', eligibleForFunding: false, fundingChoice: 'self',
    worksInSchool: false, schoolUrn: null, schoolUkprn: null, employerName: 'Northern Learning Trust', employmentRole: 'Curriculum lead',
    teacherCatchment: 'another', teacherCatchmentCountry: 'France', teacherCatchmentIsoCountryCode: 'FRA', trnVerified: false,
  }));
  const earlyYears = await applyForNpq(ctx.db, form(ctx, 2, {
    courseIdentifier: 'npq-early-years-leadership', worksInSchool: false, schoolUrn: null, schoolUkprn: null,
    privateChildcareProviderUrn: `EY${ctx.names.school().urn}`, ittProvider: 'Teach Together Partnership', leadMentor: true,
  }));
  const coaching = await applyForNpq(ctx.db, form(ctx, 3, { courseIdentifier: 'npq-early-headship-coaching-offer', headteacherStatus: 'yes_in_first_two_years', fundingChoice: 'school', eligibleForFunding: false }));
  const funded = await applyForNpq(ctx.db, form(ctx, 4, { courseIdentifier: 'npq-headship', headteacherStatus: 'yes_when_course_starts' }));
  await acceptNpqApplicationIn(ctx.db, { ...change(funded.id, 5), fundedPlace: fundedPlace(ctx, true) });
  const unfunded = await applyForNpq(ctx.db, form(ctx, 6, { courseIdentifier: 'npq-leading-behaviour-culture', fundingChoice: 'trust' }));
  await acceptNpqApplicationIn(ctx.db, { ...change(unfunded.id, 7), fundedPlace: fundedPlace(ctx, false) });
  const rejected = await applyForNpq(ctx.db, form(ctx, 8, { courseIdentifier: 'npq-leading-literacy' }));
  await rejectNpqApplicationIn(ctx.db, change(rejected.id, 9));

  // Applied to two providers for the same course; the other accepted first, so this one was rejected.
  const twice = await applyForNpq(ctx.db, form(ctx, 10, { courseIdentifier: 'npq-leading-teaching-development' }));
  const elsewhere = await applyForNpq(ctx.db, { ...form(ctx, 11, {}), userId: twice.userId, leadProviderId: ctx.otherLeadProviderId, courseIdentifier: 'npq-leading-teaching-development' });
  await acceptNpqApplicationIn(ctx.db, { leadProviderId: ctx.otherLeadProviderId, applicationId: elsewhere.id, now: at(ctx, 12), fundedPlace: fundedPlace(ctx, true) });

  // Already funded for the course through another provider, now applying here: previously funded.
  const before = await applyForNpq(ctx.db, { ...form(ctx, 13, {}), leadProviderId: ctx.otherLeadProviderId, courseIdentifier: 'npq-leading-primary-mathematics' });
  await acceptNpqApplicationIn(ctx.db, { leadProviderId: ctx.otherLeadProviderId, applicationId: before.id, now: at(ctx, 14), fundedPlace: fundedPlace(ctx, true) });
  const again = await applyForNpq(ctx.db, { ...form(ctx, 15, {}), userId: before.userId, courseIdentifier: 'npq-leading-primary-mathematics', cohortStartYear: ctx.cohortStartYear });

  return {
    pending: pending.id,
    ineligible: ineligible.id,
    earlyYears: earlyYears.id,
    coaching: coaching.id,
    funded: funded.id,
    unfunded: unfunded.id,
    rejected: rejected.id,
    rejectedAsSibling: twice.id,
    previouslyFunded: again.id,
  };
};

export const npqScenarios: Record<string, Scenario> = {
  'npq-applications': npqApplications,
};
