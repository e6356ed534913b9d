import type { Enrolment, Participant } from '../../domain/participants/query.ts';
import { nullableIsoDate, rfc3339 } from '../../domain/shared/time.ts';
import type { components } from '../../../generated/v3.ts';
import { publicWithdrawReason } from '../public-names.ts';

type Schemas = components['schemas'];
type EcfEnrolment = Schemas['EcfEnrolment'];

function enrolment(record: Enrolment): EcfEnrolment {
  return {
    training_record_id: record.trainingRecordId,
    email: record.email,
    mentor_id: record.mentorId,
    school_urn: record.schoolUrn,
    participant_type: record.participantType,
    cohort: record.cohort,
    training_status: record.trainingStatus,
    participant_status: record.participantStatus,
    teacher_reference_number_validated: record.trnValidated,
    eligible_for_funding: record.eligibleForFunding,
    pupil_premium_uplift: record.pupilPremiumUplift,
    sparsity_uplift: record.sparsityUplift,
    schedule_identifier: record.scheduleIdentifier as EcfEnrolment['schedule_identifier'],
    delivery_partner_id: record.deliveryPartnerId,
    withdrawal: record.withdrawal && {
      reason: publicWithdrawReason(record.withdrawal.reason) as NonNullable<EcfEnrolment['withdrawal']>['reason'],
      date: rfc3339(record.withdrawal.date),
    },
    deferral: record.deferral && {
      reason: record.deferral.reason as NonNullable<EcfEnrolment['deferral']>['reason'],
      date: rfc3339(record.deferral.date),
    },
    created_at: rfc3339(record.createdAt),
    induction_end_date: nullableIsoDate(record.inductionEndDate),
    mentor_funding_end_date: nullableIsoDate(record.mentorFundingEndDate),
    cohort_changed_after_payments_frozen: record.cohortChangedAfterPaymentsFrozen,
    mentor_ineligible_for_funding_reason: record.mentorIneligibleForFundingReason as EcfEnrolment['mentor_ineligible_for_funding_reason'],
  };
}

export function participant(person: Participant): Schemas['Participant'] {
  return {
    id: person.id,
    type: 'participant',
    attributes: {
      full_name: person.fullName,
      teacher_reference_number: person.trn,
      updated_at: rfc3339(person.updatedAt),
      ecf_enrolments: person.enrolments.map(enrolment),
      participant_id_changes: person.idChanges.map((change) => ({
        from_participant_id: change.fromParticipantId,
        to_participant_id: change.toParticipantId,
        changed_at: rfc3339(change.changedAt),
      })),
    },
  };
}
