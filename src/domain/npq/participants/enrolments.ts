import { Prisma } from '../../../../generated/prisma/client.ts';
import type { Reader } from '../../shared/db.ts';
import type { TrainingStatus } from './query.ts';

// Every enrolment of the provider's NPQ participants, one row each (the v2 enrolments CSV), in
// order of each enrolment's last change, streamed a batch at a time.

export interface NpqEnrolmentRow {
  participantId: string;
  courseIdentifier: string;
  scheduleIdentifier: string;
  /** Start year of the current schedule's cohort. */
  cohort: string;
  applicationId: string;
  /** The eligibility recorded on the application. */
  eligibleForFunding: boolean;
  fundedPlace: boolean | null;
  trainingStatus: TrainingStatus;
  schoolUrn: string | null;
}

export interface NpqEnrolmentFilters {
  /** Enrolments changed strictly after this moment. */
  updatedSince?: Date;
}

interface Row {
  id: string;
  user_id: string;
  course_identifier: string;
  schedule_identifier: string;
  start_year: number;
  eligible_for_funding: boolean;
  funded_place: boolean | null;
  training_status: TrainingStatus;
  school_urn: string | null;
  cursor: string;
}

/**
 * The rows in `(updated_at, id)` order: each batch continues after the last row's key (the
 * timestamp read back as text, so no precision is lost), so memory stays flat and no row is
 * skipped or repeated.
 */
export async function* streamNpqEnrolments(reader: Reader, leadProviderId: string, filters: NpqEnrolmentFilters, batchSize = 1000) {
  const since = filters.updatedSince ? Prisma.sql` AND p.updated_at > ${filters.updatedSince}::timestamptz` : Prisma.empty;
  let after: { cursor: string; id: string } | undefined;
  for (;;) {
    const keyset = after ? Prisma.sql` AND (p.updated_at, p.id) > (${after.cursor}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
    const rows = await reader.rows<Row>(Prisma.sql`SELECT p.id, p.user_id, c.identifier AS course_identifier, s.schedule_identifier, sc.start_year,
          a.eligible_for_funding, a.funded_place, p.training_status::text AS training_status, p.school_urn, p.updated_at::text AS cursor
        FROM npq_participant_profiles p
        JOIN npq_applications a ON a.id = p.npq_application_id
        JOIN npq_courses c ON c.id = p.npq_course_id
        JOIN npq_schedules s ON s.id = p.npq_schedule_id
        JOIN cohorts sc ON sc.id = s.cohort_id
       WHERE p.lead_provider_id = ${leadProviderId}::uuid${since}${keyset}
       ORDER BY p.updated_at, p.id LIMIT ${batchSize}`);
    yield rows.map((row): NpqEnrolmentRow => ({
      participantId: row.user_id,
      courseIdentifier: row.course_identifier,
      scheduleIdentifier: row.schedule_identifier,
      cohort: String(row.start_year),
      applicationId: row.id,
      eligibleForFunding: row.eligible_for_funding,
      fundedPlace: row.funded_place,
      trainingStatus: row.training_status,
      schoolUrn: row.school_urn,
    }));
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { cursor: last.cursor, id: last.id };
  }
}
