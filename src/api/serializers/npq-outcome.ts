import type { NpqOutcomeRecord } from '../../domain/npq/outcomes/query.ts';
import { isoDate, rfc3339 } from '../../domain/shared/time.ts';

// The NPQ outcome resource: v3 adds `updated_at`. The completion date is a day, written (as the
// DfE service wrote it) as midnight UTC with an offset.

type OutcomeCourseIdentifier =
  | 'npq-senior-leadership' | 'npq-headship' | 'npq-executive-leadership' | 'npq-early-years-leadership' | 'npq-senco'
  | 'npq-leading-teaching' | 'npq-leading-behaviour-culture' | 'npq-leading-teaching-development' | 'npq-leading-literacy'
  | 'npq-leading-primary-mathematics';

export function npqOutcomeAttributes(record: NpqOutcomeRecord) {
  return {
    state: record.state,
    completion_date: `${isoDate(record.completionDate)}T00:00:00+00:00`,
    course_identifier: record.courseIdentifier as OutcomeCourseIdentifier,
    participant_id: record.participantId,
    created_at: rfc3339(record.createdAt),
  };
}

export function npqOutcomeAttributesV3(record: NpqOutcomeRecord) {
  return { ...npqOutcomeAttributes(record), updated_at: rfc3339(record.updatedAt) };
}

export function npqOutcomeResource<Attributes>(record: NpqOutcomeRecord, attributes: Attributes) {
  return { id: record.id, type: 'participant-outcome' as const, attributes };
}
