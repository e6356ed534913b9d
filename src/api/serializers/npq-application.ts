import type { NpqApplicationRecord } from '../../domain/npq/applications/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';

// The NPQ application resource of v1 and v2 (v3 adds the enrolment's schedule), and its CSV rows.

export function npqApplicationAttributes(record: NpqApplicationRecord) {
  return {
    participant_id: record.participantId,
    full_name: record.fullName,
    email: record.email,
    email_validated: true,
    teacher_reference_number: record.teacherReferenceNumber,
    teacher_reference_number_validated: record.trnVerified,
    school_urn: record.schoolUrn,
    school_ukprn: record.schoolUkprn,
    private_childcare_provider_urn: record.privateChildcareProviderUrn,
    headteacher_status: record.headteacherStatus as
      | 'no' | 'yes_when_course_starts' | 'yes_in_first_two_years' | 'yes_over_two_years' | 'yes_in_first_five_years' | 'yes_over_five_years' | null,
    eligible_for_funding: record.eligibleForFunding,
    funded_place: record.fundedPlace,
    funding_choice: record.fundingChoice as 'school' | 'trust' | 'self' | 'another' | 'employer' | null,
    course_identifier: record.courseIdentifier as NpqCourseIdentifier,
    status: record.status,
    works_in_school: record.worksInSchool,
    employer_name: record.employerName,
    employment_role: record.employmentRole,
    created_at: rfc3339(record.createdAt),
    updated_at: rfc3339(record.updatedAt),
    ineligible_for_funding_reason: record.ineligibleForFundingReason,
    cohort: record.cohort,
    targeted_delivery_funding_eligibility: record.targetedDeliveryFundingEligibility,
    teacher_catchment: record.teacherCatchment,
    teacher_catchment_country: record.teacherCatchmentCountry,
    teacher_catchment_iso_country_code: record.teacherCatchmentIsoCountryCode,
    itt_provider: record.ittProvider,
    lead_mentor: record.leadMentor,
  };
}

export type NpqCourseIdentifier =
  | 'npq-senior-leadership' | 'npq-headship' | 'npq-executive-leadership' | 'npq-early-years-leadership' | 'npq-senco'
  | 'npq-leading-teaching' | 'npq-leading-behaviour-culture' | 'npq-leading-teaching-development' | 'npq-leading-literacy'
  | 'npq-leading-primary-mathematics' | 'npq-additional-support-offer' | 'npq-early-headship-coaching-offer';

export function npqApplicationResource<Attributes>(record: NpqApplicationRecord, attributes: Attributes) {
  return { id: record.id, type: 'npq_application' as const, attributes };
}

/** v1 CSV columns: the v2 ones plus the teacher catchment columns before `itt_provider`. */
export const NPQ_APPLICATION_CSV_COLUMNS_V1 = [
  'id', 'participant_id', 'full_name', 'email', 'email_validated', 'teacher_reference_number', 'teacher_reference_number_validated',
  'school_urn', 'school_ukprn', 'private_childcare_provider_urn', 'headteacher_status', 'eligible_for_funding', 'funded_place',
  'funding_choice', 'course_identifier', 'status', 'works_in_school', 'employer_name', 'employment_role', 'created_at', 'updated_at',
  'cohort', 'ineligible_for_funding_reason', 'targeted_delivery_funding_eligibility', 'teacher_catchment', 'teacher_catchment_country',
  'teacher_catchment_iso_country_code', 'itt_provider', 'lead_mentor',
] as const;

export const NPQ_APPLICATION_CSV_COLUMNS_V2 = NPQ_APPLICATION_CSV_COLUMNS_V1.filter((column) => !column.startsWith('teacher_catchment'));

export function npqApplicationCsvRow(record: NpqApplicationRecord): Record<string, unknown> {
  return { id: record.id, ...npqApplicationAttributes(record) };
}
