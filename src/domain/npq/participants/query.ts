import { Prisma } from '../../../../generated/prisma/client.ts';
import type { Reader } from '../../shared/db.ts';
import type { Page, SortKey } from '../../shared/paging.ts';
import { npqParticipantsOf } from '../../shared/sql-fragments.ts';
import { isUuid } from '../../shared/uuid.ts';

// NPQ participants as one provider sees them (docs/npq-participants.md): each person with at least
// one enrolment (an accepted application) with the provider, with those enrolments only. A list is
// one statement: the page is chosen on users (in a deterministic order), then hydrated with the
// enrolments and id changes aggregated per person in the same query.

export type TrainingStatus = 'active' | 'deferred' | 'withdrawn';

export interface NpqStateChange {
  reason: string;
  date: Date;
}

export interface NpqEnrolmentRecord {
  /** The enrolment's id, which is its application's. */
  id: string;
  courseIdentifier: string;
  scheduleIdentifier: string;
  /** Start year of the current schedule's cohort. */
  cohort: string;
  /** The eligibility recorded on the application (not adjusted for earlier funding). */
  eligibleForFunding: boolean;
  fundedPlace: boolean | null;
  trainingStatus: TrainingStatus;
  schoolUrn: string | null;
  targetedDeliveryFundingEligibility: boolean;
  createdAt: Date;
  /** The provider's latest withdrawal, while the enrolment is withdrawn. */
  withdrawal: NpqStateChange | null;
  /** The provider's latest deferral, while the enrolment is deferred. */
  deferral: NpqStateChange | null;
}

export interface NpqIdChange {
  fromParticipantId: string;
  toParticipantId: string;
  changedAt: Date;
}

export interface NpqParticipantRecord {
  id: string;
  fullName: string;
  email: string;
  teacherReferenceNumber: string | null;
  /** The latest change to the person, their TRN or one of their enrolments with the provider. */
  updatedAt: Date;
  enrolments: NpqEnrolmentRecord[];
  idChanges: NpqIdChange[];
}

export interface NpqParticipantFilters {
  /** Participants whose shown `updated_at` is strictly after this moment. */
  updatedSince?: Date;
  /** Participants with an enrolment with the provider in this status. */
  trainingStatus?: TrainingStatus;
  /** The participant whose id replaced this one. */
  fromParticipantId?: string;
}

export const NPQ_PARTICIPANT_SORT_COLUMNS = ['created_at', 'updated_at'] as const;
export type NpqParticipantSortColumn = (typeof NPQ_PARTICIPANT_SORT_COLUMNS)[number];

/**
 * The `updated_at` a participant shows: the latest of the person, their teacher record and each
 * enrolment with the provider and its application. `updated_since` and `sort=updated_at` use it.
 */
function shownUpdatedAt(leadProviderId: string): Prisma.Sql {
  return Prisma.sql`GREATEST(u.updated_at,
      COALESCE((SELECT tp.updated_at FROM teacher_profiles tp WHERE tp.user_id = u.id), u.updated_at),
      (SELECT MAX(GREATEST(ep.updated_at, ea.updated_at)) FROM npq_participant_profiles ep
         JOIN npq_applications ea ON ea.id = ep.npq_application_id
        WHERE ep.user_id = u.id AND ep.lead_provider_id = ${leadProviderId}::uuid))`;
}

function conditions(leadProviderId: string, filters: NpqParticipantFilters): Prisma.Sql {
  const parts = [Prisma.sql`u.id IN (${npqParticipantsOf(leadProviderId)})`];
  if (filters.updatedSince) {
    // The shown updated_at after the moment, each part on an indexed updated_at.
    const since = filters.updatedSince;
    parts.push(Prisma.sql`(u.updated_at > ${since}::timestamptz
      OR u.id IN (SELECT user_id FROM teacher_profiles WHERE updated_at > ${since}::timestamptz)
      OR u.id IN (SELECT user_id FROM npq_participant_profiles WHERE lead_provider_id = ${leadProviderId}::uuid AND updated_at > ${since}::timestamptz)
      OR u.id IN (SELECT user_id FROM npq_applications WHERE lead_provider_id = ${leadProviderId}::uuid AND status = 'accepted' AND updated_at > ${since}::timestamptz))`);
  }
  if (filters.trainingStatus) {
    parts.push(Prisma.sql`u.id IN (SELECT user_id FROM npq_participant_profiles WHERE lead_provider_id = ${leadProviderId}::uuid
                                      AND training_status = ${filters.trainingStatus}::training_status)`);
  }
  if (filters.fromParticipantId) {
    parts.push(Prisma.sql`u.id IN (SELECT user_id FROM participant_id_changes WHERE from_participant_id = ${filters.fromParticipantId}::uuid)`);
  }
  return Prisma.join(parts, ' AND ');
}

/** The order over the page's columns (`id`, `created_at`, `updated_at`), qualified by `prefix`. */
function order(sort: SortKey<NpqParticipantSortColumn>[], prefix = ''): Prisma.Sql {
  const keys = sort.map((key) => `${prefix}${key.column} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push(`${prefix}created_at ASC`);
  // Ties break in the direction of the first key, so a descending sort is the ascending one reversed.
  keys.push(`${prefix}id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`);
  return Prisma.raw(keys.join(', '));
}

/** The latest state of `state` the provider recorded for enrolment `p`, as `{reason, date}`. */
function latestState(leadProviderId: string, state: TrainingStatus): Prisma.Sql {
  return Prisma.sql`CASE WHEN p.training_status = ${state}::training_status THEN (
      SELECT json_build_object('reason', st.reason, 'date', st.created_at) FROM npq_profile_states st
       WHERE st.npq_participant_profile_id = p.id AND st.lead_provider_id = ${leadProviderId}::uuid AND st.state = ${state}::training_status
       ORDER BY st.created_at DESC, st.id DESC LIMIT 1) END`;
}

/** The person's enrolments with the provider (oldest first) and id changes, as JSON arrays. */
function hydrate(leadProviderId: string): Prisma.Sql {
  return Prisma.sql`u.id, u.full_name, u.email, tp.trn,
      COALESCE((SELECT json_agg(json_build_object(
          'id', p.id, 'course_identifier', c.identifier, 'schedule_identifier', s.schedule_identifier, 'cohort', sc.start_year,
          'eligible_for_funding', a.eligible_for_funding, 'funded_place', a.funded_place, 'training_status', p.training_status,
          'school_urn', p.school_urn, 'targeted_delivery_funding_eligibility', a.targeted_delivery_funding_eligibility,
          'created_at', p.created_at,
          'withdrawal', ${latestState(leadProviderId, 'withdrawn')},
          'deferral', ${latestState(leadProviderId, 'deferred')}) ORDER BY p.created_at, p.id)
         FROM npq_participant_profiles p
         JOIN npq_applications a ON a.id = p.npq_application_id
         JOIN npq_courses c ON c.id = p.npq_course_id
         JOIN npq_schedules s ON s.id = p.npq_schedule_id
         JOIN cohorts sc ON sc.id = s.cohort_id
        WHERE p.user_id = u.id AND p.lead_provider_id = ${leadProviderId}::uuid), '[]'::json) AS enrolments,
      COALESCE((SELECT json_agg(json_build_object('from', ic.from_participant_id, 'to', ic.to_participant_id, 'at', ic.created_at)
                  ORDER BY ic.created_at, ic.id)
         FROM participant_id_changes ic WHERE ic.user_id = u.id), '[]'::json) AS id_changes`;
}

interface StateJson {
  reason: string | null;
  date: string;
}

interface EnrolmentJson {
  id: string;
  course_identifier: string;
  schedule_identifier: string;
  cohort: number;
  eligible_for_funding: boolean;
  funded_place: boolean | null;
  training_status: TrainingStatus;
  school_urn: string | null;
  targeted_delivery_funding_eligibility: boolean;
  created_at: string;
  withdrawal: StateJson | null;
  deferral: StateJson | null;
}

interface Row {
  id: string;
  full_name: string;
  email: string;
  trn: string | null;
  shown_updated_at: Date;
  enrolments: EnrolmentJson[] | string;
  id_changes: { from: string; to: string; at: string }[] | string;
}

/** A JSON column: parsed by the driver on PostgreSQL, a string on some drivers. */
function parsed<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function stateChange(json: StateJson | null): NpqStateChange | null {
  return json ? { reason: json.reason ?? '', date: new Date(json.date) } : null;
}

function toRecord(row: Row): NpqParticipantRecord {
  return {
    id: row.id,
    fullName: row.full_name,
    email: row.email,
    teacherReferenceNumber: row.trn,
    updatedAt: row.shown_updated_at,
    enrolments: parsed(row.enrolments).map((enrolment) => ({
      id: enrolment.id,
      courseIdentifier: enrolment.course_identifier,
      scheduleIdentifier: enrolment.schedule_identifier,
      cohort: String(enrolment.cohort),
      eligibleForFunding: enrolment.eligible_for_funding,
      fundedPlace: enrolment.funded_place,
      trainingStatus: enrolment.training_status,
      schoolUrn: enrolment.school_urn,
      targetedDeliveryFundingEligibility: enrolment.targeted_delivery_funding_eligibility,
      createdAt: new Date(enrolment.created_at),
      withdrawal: stateChange(enrolment.withdrawal),
      deferral: stateChange(enrolment.deferral),
    })),
    idChanges: parsed(row.id_changes).map((change) => ({ fromParticipantId: change.from, toParticipantId: change.to, changedAt: new Date(change.at) })),
  };
}

/** A page of the provider's NPQ participants: one query. */
export async function listNpqParticipants(
  reader: Reader,
  leadProviderId: string,
  filters: NpqParticipantFilters,
  sort: SortKey<NpqParticipantSortColumn>[],
  page: Page,
): Promise<NpqParticipantRecord[]> {
  const rows = await reader.rows<Row>(Prisma.sql`WITH page AS (
        SELECT u.id, u.created_at, ${shownUpdatedAt(leadProviderId)} AS updated_at FROM users u
         WHERE ${conditions(leadProviderId, filters)}
         ORDER BY ${order(sort)} LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${hydrate(leadProviderId)}, page.updated_at AS shown_updated_at
        FROM page JOIN users u ON u.id = page.id LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
       ORDER BY ${order(sort, 'page.')}`);
  return rows.map(toRecord);
}

/** One of the provider's NPQ participants, or null (someone else's is never found). */
export async function findNpqParticipant(reader: Reader, leadProviderId: string, id: string): Promise<NpqParticipantRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await reader.rows<Row>(Prisma.sql`SELECT ${hydrate(leadProviderId)}, ${shownUpdatedAt(leadProviderId)} AS shown_updated_at
        FROM users u LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
       WHERE u.id = ${id.toLowerCase()}::uuid AND ${conditions(leadProviderId, {})}`);
  return rows[0] ? toRecord(rows[0]) : null;
}
