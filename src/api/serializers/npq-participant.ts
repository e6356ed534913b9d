import type { NpqEnrolmentRecord, NpqParticipantRecord } from '../../domain/npq/participants/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import type { NpqDeferReason, NpqWithdrawReason } from '../../domain/npq/participants/reasons.ts';
import type { NpqCourseIdentifier } from './npq-application.ts';

// The NPQ participant resource, one shape per version: v1 lists courses and funded places, v2
// nests the enrolments, v3 adds each enrolment's email, withdrawal, deferral and creation time,
// and the participant's id changes (and drops the top-level email).

export type NpqScheduleIdentifier =
  | 'npq-leadership-autumn' | 'npq-leadership-spring' | 'npq-specialist-autumn' | 'npq-specialist-spring'
  | 'npq-ehco-november' | 'npq-ehco-december' | 'npq-ehco-march' | 'npq-ehco-june'
  | 'npq-aso-november' | 'npq-aso-december' | 'npq-aso-march' | 'npq-aso-june';

const course = (enrolment: NpqEnrolmentRecord) => enrolment.courseIdentifier as NpqCourseIdentifier;

export function npqParticipantResource<Attributes>(record: NpqParticipantRecord, attributes: Attributes) {
  return { id: record.id, type: 'npq-participant' as const, attributes };
}

export function npqParticipantAttributesV1(record: NpqParticipantRecord) {
  return {
    participant_id: record.id,
    email: record.email,
    full_name: record.fullName,
    npq_courses: record.enrolments.map(course),
    funded_places: record.enrolments.map((enrolment) => ({
      npq_course: course(enrolment),
      funded_place: enrolment.fundedPlace,
      npq_application_id: enrolment.id,
    })),
    teacher_reference_number: record.teacherReferenceNumber,
    updated_at: rfc3339(record.updatedAt),
  };
}

function enrolmentV2(enrolment: NpqEnrolmentRecord) {
  return {
    course_identifier: course(enrolment),
    schedule_identifier: enrolment.scheduleIdentifier as NpqScheduleIdentifier,
    cohort: enrolment.cohort,
    npq_application_id: enrolment.id,
    eligible_for_funding: enrolment.eligibleForFunding,
    training_status: enrolment.trainingStatus,
    school_urn: enrolment.schoolUrn,
    targeted_delivery_funding_eligibility: enrolment.targetedDeliveryFundingEligibility,
    funded_place: enrolment.fundedPlace,
  };
}

export function npqParticipantAttributesV2(record: NpqParticipantRecord) {
  return {
    email: record.email,
    full_name: record.fullName,
    teacher_reference_number: record.teacherReferenceNumber,
    updated_at: rfc3339(record.updatedAt),
    npq_enrolments: record.enrolments.map(enrolmentV2),
  };
}

/** The reason as recorded; the API only ever records reasons from its own lists. */
function stateChange<Reason extends string>(change: { reason: string; date: Date } | null) {
  return change ? { reason: change.reason as Reason, date: rfc3339(change.date) } : null;
}

export function npqParticipantAttributesV3(record: NpqParticipantRecord) {
  return {
    full_name: record.fullName,
    teacher_reference_number: record.teacherReferenceNumber,
    updated_at: rfc3339(record.updatedAt),
    npq_enrolments: record.enrolments.map((enrolment) => ({
      email: record.email,
      ...enrolmentV2(enrolment),
      withdrawal: stateChange<NpqWithdrawReason>(enrolment.withdrawal),
      deferral: stateChange<NpqDeferReason>(enrolment.deferral),
      created_at: rfc3339(enrolment.createdAt),
    })),
    participant_id_changes: record.idChanges.map((change) => ({
      from_participant_id: change.fromParticipantId,
      to_participant_id: change.toParticipantId,
      changed_at: rfc3339(change.changedAt),
    })),
  };
}
