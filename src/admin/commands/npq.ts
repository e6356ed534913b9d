import type { FundingChoice, HeadteacherStatus } from '../../../generated/prisma/client.ts';
import type { Command } from '../command.ts';
import { findLeadProvider, options, UsageError } from '../command.ts';
import { isUuid } from '../../domain/shared/uuid.ts';
import { applyForNpq, changeNpqEligibility } from '../../domain/npq/applications/register.ts';
import { npqCourseDefinitions } from '../../domain/npq/courses.ts';

// The registration side of NPQ: a person applies for a course with a provider, and DfE decides
// whether the application is funded. Providers then see (and accept or reject) it through the API.

const HEADTEACHER_STATUSES = ['no', 'yes_when_course_starts', 'yes_in_first_two_years', 'yes_over_two_years', 'yes_in_first_five_years', 'yes_over_five_years'];
const FUNDING_CHOICES = ['school', 'trust', 'self', 'another', 'employer'];
const COURSES = npqCourseDefinitions.map((course) => course.identifier);

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value.trim();
}

function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly string[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function uuid(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isUuid(value.trim())) throw new UsageError(`--${flag} must be an id (a UUID), not "${value}"`);
  return value.trim().toLowerCase();
}

export const npqCommands: Record<string, Command> = {
  'npq apply': {
    usage:
      'npq apply --lead-provider <name|id> --course <identifier> --cohort <year> (--name <full name> --email <email> | --participant <participant-id>) [--trn <7 digits> [--trn-verified]] [--school-urn <urn>] [--school-ukprn <ukprn>] [--employer <name> --role <role>] [--childcare-urn <urn>] [--headteacher-status <status>] [--eligible] [--funding-choice <school|trust|self|another|employer>] [--targeted-delivery-funding] [--catchment <england|scotland|wales|northern_ireland|jersey_guernsey_isle_of_man|another>] [--country <name>] [--country-code <ISO 3166 alpha-3>] [--itt-provider <name> --lead-mentor]',
    async run(prisma, args, out) {
      const { values } = options(args, {
        'lead-provider': { type: 'string' },
        course: { type: 'string' },
        cohort: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        participant: { type: 'string' },
        trn: { type: 'string' },
        'trn-verified': { type: 'boolean' },
        'school-urn': { type: 'string' },
        'school-ukprn': { type: 'string' },
        employer: { type: 'string' },
        role: { type: 'string' },
        'childcare-urn': { type: 'string' },
        'headteacher-status': { type: 'string' },
        eligible: { type: 'boolean' },
        'funding-choice': { type: 'string' },
        'targeted-delivery-funding': { type: 'boolean' },
        catchment: { type: 'string' },
        country: { type: 'string' },
        'country-code': { type: 'string' },
        'itt-provider': { type: 'string' },
        'lead-mentor': { type: 'boolean' },
      });
      const provider = await findLeadProvider(prisma, values['lead-provider']);
      const course = oneOf<string>(required(values.course, 'course'), 'course', COURSES)!;
      const cohort = required(values.cohort, 'cohort');
      if (!/^\d{4}$/.test(cohort)) throw new UsageError(`--cohort must be a year, not "${cohort}"`);
      const userId = uuid(values.participant, 'participant');
      if (!userId && (values.name === undefined || values.email === undefined)) throw new UsageError('--name and --email are required for a new applicant (or give --participant)');
      if (userId && (values.name !== undefined || values.email !== undefined)) throw new UsageError('--participant applies again as that person: leave out --name and --email');
      const email = values.email?.trim().toLowerCase();
      if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email must be an email address, not "${values.email}"`);
      if (values.trn !== undefined && !/^\d{7}$/.test(values.trn.trim())) throw new UsageError(`--trn must be 7 digits, not "${values.trn}"`);
      if (values['trn-verified'] && values.trn === undefined) throw new UsageError('--trn-verified needs --trn');
      if (values['country-code'] !== undefined && !/^[A-Z]{3}$/.test(values['country-code'])) throw new UsageError(`--country-code must be three capital letters, not "${values['country-code']}"`);
      const inSchool = values.employer === undefined && values['childcare-urn'] === undefined;
      const application = await applyForNpq(prisma, {
        leadProviderId: provider.id,
        courseIdentifier: course,
        cohortStartYear: Number(cohort),
        userId,
        fullName: values.name?.trim(),
        email,
        teacherReferenceNumber: values.trn?.trim() ?? null,
        trnVerified: values['trn-verified'] ?? false,
        worksInSchool: inSchool,
        schoolUrn: values['school-urn'] ?? null,
        schoolUkprn: values['school-ukprn'] ?? null,
        employerName: values.employer ?? null,
        employmentRole: values.role ?? null,
        privateChildcareProviderUrn: values['childcare-urn'] ?? null,
        headteacherStatus: oneOf<HeadteacherStatus>(values['headteacher-status'], 'headteacher-status', HEADTEACHER_STATUSES) ?? null,
        eligibleForFunding: values.eligible ?? false,
        fundingChoice: oneOf<FundingChoice>(values['funding-choice'], 'funding-choice', FUNDING_CHOICES) ?? null,
        targetedDeliveryFundingEligibility: values['targeted-delivery-funding'] ?? false,
        teacherCatchment: values.catchment ?? null,
        teacherCatchmentCountry: values.country ?? null,
        teacherCatchmentIsoCountryCode: values['country-code'] ?? null,
        ittProvider: values['itt-provider'] ?? null,
        leadMentor: values['lead-mentor'] ?? null,
        now: new Date(),
      });
      out.push(`applied for ${course} (${cohort}) with ${provider.name}`);
      out.push(`  npq_application_id: ${application.id}`);
      out.push(`  participant_id: ${application.userId}`);
    },
  },

  'npq eligibility': {
    usage: 'npq eligibility --application <npq-application-id> --eligible <true|false>',
    async run(prisma, args, out) {
      const { values } = options(args, { application: { type: 'string' }, eligible: { type: 'string' } });
      const applicationId = uuid(required(values.application, 'application'), 'application')!;
      const eligible = oneOf<'true' | 'false'>(required(values.eligible, 'eligible'), 'eligible', ['true', 'false']);
      await changeNpqEligibility(prisma, { applicationId, eligibleForFunding: eligible === 'true', now: new Date() });
      out.push(`NPQ application ${applicationId} is now ${eligible === 'true' ? 'eligible' : 'not eligible'} for funding`);
    },
  },
};
