import type { Enrolment } from '../../domain/participants/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';

// The v1/v2 participant: flat, one item per registration. v1 and v2 share this shape exactly;
// each version's handler table names it explicitly.

export function flatParticipantAttributes(record: Enrolment) {
  return {
    email: record.email,
    full_name: record.fullName,
    mentor_id: record.mentorId,
    school_urn: record.schoolUrn,
    participant_type: record.participantType,
    cohort: record.cohort,
    status: record.recordStatus,
    teacher_reference_number: record.trn,
    teacher_reference_number_validated: record.trnValidated,
    eligible_for_funding: record.eligibleForFunding,
    pupil_premium_uplift: record.pupilPremiumUplift,
    sparsity_uplift: record.sparsityUplift,
    training_status: record.trainingStatus,
    training_record_id: record.trainingRecordId,
    schedule_identifier: record.scheduleIdentifier as ScheduleIdentifier,
    updated_at: rfc3339(record.updatedAt),
  };
}

export type ScheduleIdentifier =
  | `ecf-${'standard' | 'reduced' | 'extended' | 'replacement'}-${'september' | 'january' | 'april'}`;

export function flatParticipant(record: Enrolment) {
  return { id: record.userId, type: 'participant' as const, attributes: flatParticipantAttributes(record) };
}

/** CSV columns: `id`, then the JSON attributes in order (no `type`). */
export const FLAT_PARTICIPANT_CSV_COLUMNS = [
  'id', 'email', 'full_name', 'mentor_id', 'school_urn', 'participant_type', 'cohort', 'status',
  'teacher_reference_number', 'teacher_reference_number_validated', 'eligible_for_funding',
  'pupil_premium_uplift', 'sparsity_uplift', 'training_status', 'training_record_id',
  'schedule_identifier', 'updated_at',
] as const;

export function flatParticipantCsvRow(record: Enrolment): Record<string, unknown> {
  return { id: record.userId, ...flatParticipantAttributes(record) };
}
