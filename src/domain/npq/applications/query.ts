import { Prisma } from '../../../../generated/prisma/client.ts';
import type { Reader } from '../../shared/db.ts';
import { latest } from '../../shared/time.ts';
import { isUuid } from '../../shared/uuid.ts';
import type { Page, SortKey } from '../../shared/paging.ts';
import { previouslyFunded } from '../funding.ts';

// NPQ applications as the provider they were made to sees them (docs/npq-applications.md). A list
// is one statement: the page is chosen on npq_applications alone (walking its provider index in
// a deterministic order) and hydrated in the same query, whatever the page size.

export type NpqApplicationStatus = 'pending' | 'accepted' | 'rejected';

export interface NpqApplicationRecord {
  id: string;
  participantId: string;
  fullName: string;
  email: string;
  teacherReferenceNumber: string | null;
  trnVerified: boolean;
  schoolUrn: string | null;
  schoolUkprn: string | null;
  privateChildcareProviderUrn: string | null;
  headteacherStatus: string | null;
  /** As the API reports it: false also when the applicant was already funded for the course. */
  eligibleForFunding: boolean;
  /** The recorded eligibility decision. */
  storedEligibleForFunding: boolean;
  fundedPlace: boolean | null;
  fundingChoice: string | null;
  courseIdentifier: string;
  status: NpqApplicationStatus;
  worksInSchool: boolean | null;
  employerName: string | null;
  employmentRole: string | null;
  createdAt: Date;
  updatedAt: Date;
  ineligibleForFundingReason: 'previously-funded' | 'establishment-ineligible' | null;
  cohort: string;
  targetedDeliveryFundingEligibility: boolean;
  teacherCatchment: boolean;
  teacherCatchmentCountry: string | null;
  teacherCatchmentIsoCountryCode: string | null;
  ittProvider: string | null;
  leadMentor: boolean | null;
  /** The enrolment's schedule once accepted, else null. */
  scheduleIdentifier: string | null;
}

export interface NpqApplicationFilters {
  /** Cohort start years; absent means every cohort after 2020. */
  cohorts?: number[];
  /** Applications whose shown `updated_at` is strictly after this moment. */
  updatedSince?: Date;
  participantIds?: string[];
}

export const NPQ_APPLICATION_SORT_COLUMNS = ['created_at', 'updated_at'] as const;
export type NpqApplicationSortColumn = (typeof NPQ_APPLICATION_SORT_COLUMNS)[number];

/** Places inside the British Isles count as in the teacher catchment. */
const CATCHMENT_AREAS = ['england', 'scotland', 'wales', 'northern_ireland', 'jersey_guernsey_isle_of_man'];

/**
 * The `updated_at` an application shows: the latest of its own row, the applicant's and the
 * enrolment's. `updated_since` and `sort=updated_at` use it, so what is filtered and ordered is
 * what is shown; the sort needs the applicant and enrolment joined (see `pageSource`).
 */
const SHOWN_UPDATED_AT = Prisma.raw('GREATEST(a.updated_at, u.updated_at, COALESCE(p.updated_at, a.updated_at))');

/** Whether a page needs the applicant and enrolment rows to be chosen. */
function needsJoins(sort: SortKey<NpqApplicationSortColumn>[]): boolean {
  return sort.some((key) => key.column === 'updated_at');
}

function pageSource(joined: boolean): Prisma.Sql {
  return joined
    ? Prisma.sql`npq_applications a JOIN users u ON u.id = a.user_id LEFT JOIN npq_participant_profiles p ON p.npq_application_id = a.id`
    : Prisma.sql`npq_applications a`;
}

function conditions(leadProviderId: string, filters: NpqApplicationFilters): Prisma.Sql {
  const parts = [Prisma.sql`a.lead_provider_id = ${leadProviderId}::uuid`];
  parts.push(
    filters.cohorts
      ? Prisma.sql`a.cohort_id IN (SELECT id FROM cohorts WHERE start_year = ANY(${filters.cohorts}::int[]))`
      : Prisma.sql`a.cohort_id IN (SELECT id FROM cohorts WHERE start_year > 2020)`,
  );
  if (filters.updatedSince) {
    // The shown updated_at after the moment, written so each of its parts walks an index.
    const since = filters.updatedSince;
    parts.push(Prisma.sql`(a.updated_at > ${since}::timestamptz
      OR a.user_id IN (SELECT id FROM users WHERE updated_at > ${since}::timestamptz)
      OR a.id IN (SELECT npq_application_id FROM npq_participant_profiles WHERE updated_at > ${since}::timestamptz))`);
  }
  if (filters.participantIds) parts.push(Prisma.sql`a.user_id = ANY(${filters.participantIds}::uuid[])`);
  return Prisma.join(parts, ' AND ');
}

function order(sort: SortKey<NpqApplicationSortColumn>[]): Prisma.Sql {
  const column = { created_at: 'a.created_at', updated_at: SHOWN_UPDATED_AT.text };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('a.created_at ASC');
  // Ties break in the direction of the first key, so a descending sort is the ascending one reversed.
  keys.push(`a.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`);
  return Prisma.raw(keys.join(', '));
}

/** The columns of one application, hydrated (with whether its person was previously funded). */
const HYDRATE = Prisma.sql`
  SELECT a.id, a.user_id, u.full_name, u.email, a.teacher_reference_number, a.trn_verified,
         a.school_urn, a.school_ukprn, a.private_childcare_provider_urn, a.headteacher_status::text AS headteacher_status,
         a.eligible_for_funding, a.funded_place, a.funding_choice::text AS funding_choice, c.identifier AS course_identifier,
         a.status::text AS status, a.works_in_school, a.employer_name, a.employment_role,
         a.created_at, a.updated_at, u.updated_at AS user_updated_at, p.updated_at AS profile_updated_at,
         co.start_year, a.targeted_delivery_funding_eligibility, a.teacher_catchment, a.teacher_catchment_country,
         a.teacher_catchment_iso_country_code, a.itt_provider, a.lead_mentor, s.schedule_identifier,
         ${previouslyFunded('a', 'c')} AS previously_funded
    FROM npq_applications a
    JOIN users u ON u.id = a.user_id
    JOIN npq_courses c ON c.id = a.npq_course_id
    JOIN cohorts co ON co.id = a.cohort_id
    LEFT JOIN npq_participant_profiles p ON p.npq_application_id = a.id
    LEFT JOIN npq_schedules s ON s.id = p.npq_schedule_id`;

interface Row {
  id: string;
  user_id: string;
  full_name: string;
  email: string;
  teacher_reference_number: string | null;
  trn_verified: boolean;
  school_urn: string | null;
  school_ukprn: string | null;
  private_childcare_provider_urn: string | null;
  headteacher_status: string | null;
  eligible_for_funding: boolean;
  funded_place: boolean | null;
  funding_choice: string | null;
  course_identifier: string;
  status: NpqApplicationStatus;
  works_in_school: boolean | null;
  employer_name: string | null;
  employment_role: string | null;
  created_at: Date;
  updated_at: Date;
  user_updated_at: Date;
  profile_updated_at: Date | null;
  start_year: number;
  targeted_delivery_funding_eligibility: boolean;
  teacher_catchment: string | null;
  teacher_catchment_country: string | null;
  teacher_catchment_iso_country_code: string | null;
  itt_provider: string | null;
  lead_mentor: boolean | null;
  schedule_identifier: string | null;
  previously_funded: boolean;
}

function toRecord(row: Row): NpqApplicationRecord {
  return {
    id: row.id,
    participantId: row.user_id,
    fullName: row.full_name,
    email: row.email,
    teacherReferenceNumber: row.teacher_reference_number,
    trnVerified: row.trn_verified,
    schoolUrn: row.school_urn,
    schoolUkprn: row.school_ukprn,
    privateChildcareProviderUrn: row.private_childcare_provider_urn,
    headteacherStatus: row.headteacher_status,
    eligibleForFunding: row.previously_funded ? false : row.eligible_for_funding,
    storedEligibleForFunding: row.eligible_for_funding,
    fundedPlace: row.funded_place,
    fundingChoice: row.funding_choice,
    courseIdentifier: row.course_identifier,
    status: row.status,
    worksInSchool: row.works_in_school,
    employerName: row.employer_name,
    employmentRole: row.employment_role,
    createdAt: row.created_at,
    updatedAt: latest(row.updated_at, row.user_updated_at, row.profile_updated_at),
    ineligibleForFundingReason: row.previously_funded ? 'previously-funded' : row.eligible_for_funding ? null : 'establishment-ineligible',
    cohort: String(row.start_year),
    targetedDeliveryFundingEligibility: row.targeted_delivery_funding_eligibility,
    teacherCatchment: row.teacher_catchment !== null && CATCHMENT_AREAS.includes(row.teacher_catchment),
    teacherCatchmentCountry: row.teacher_catchment_country,
    teacherCatchmentIsoCountryCode: row.teacher_catchment_iso_country_code,
    ittProvider: row.itt_provider,
    leadMentor: row.lead_mentor,
    scheduleIdentifier: row.status === 'accepted' ? row.schedule_identifier : null,
  };
}

/** A page of the provider's applications: one query. */
export async function listNpqApplications(
  reader: Reader,
  leadProviderId: string,
  filters: NpqApplicationFilters,
  sort: SortKey<NpqApplicationSortColumn>[],
  page: Page,
): Promise<NpqApplicationRecord[]> {
  const by = order(sort);
  const rows = await reader.rows<Row>(Prisma.sql`WITH page AS (
        SELECT a.id FROM ${pageSource(needsJoins(sort))} WHERE ${conditions(leadProviderId, filters)}
         ORDER BY ${by} LIMIT ${page.limit} OFFSET ${page.offset})
      ${HYDRATE} JOIN page ON page.id = a.id ORDER BY ${by}`,
  );
  return rows.map(toRecord);
}

/**
 * Every matching application in creation order, a batch at a time (CSV exports): each batch
 * continues after the last row's key, so memory stays flat and no row is skipped or repeated.
 */
export async function* streamNpqApplications(reader: Reader, leadProviderId: string, filters: NpqApplicationFilters, batchSize = 1000) {
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const keyset = after ? Prisma.sql` AND (a.created_at, a.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
    const rows = await reader.rows<Row & { cursor: string }>(Prisma.sql`WITH page AS (
          SELECT a.id FROM ${pageSource(false)} WHERE ${conditions(leadProviderId, filters)}${keyset}
           ORDER BY a.created_at, a.id LIMIT ${batchSize})
        SELECT h.*, h.created_at::text AS cursor FROM (${HYDRATE} JOIN page ON page.id = a.id) h ORDER BY h.created_at, h.id`,
    );
    yield rows.map(toRecord);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { createdAt: last.cursor, id: last.id };
  }
}

/** One of the provider's applications, or null (another provider's is never found). */
export async function findNpqApplication(reader: Reader, leadProviderId: string, id: string): Promise<NpqApplicationRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await reader.rows<Row>(Prisma.sql`${HYDRATE} WHERE a.id = ${id.toLowerCase()}::uuid AND a.lead_provider_id = ${leadProviderId}::uuid`);
  return rows[0] ? toRecord(rows[0]) : null;
}
