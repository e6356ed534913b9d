// The v1 and v2 serializers: the flat participant both versions share, and each version's
// declaration (v1 keeps the deprecated payment flags). A typed domain record in, the wire shape out.
import t from 'tap';
import type { DeclarationState } from '../../generated/prisma/client.ts';
import type { DeclarationView } from '../../src/domain/declarations/query.ts';
import type { Enrolment } from '../../src/domain/participants/query.ts';
import { FLAT_PARTICIPANT_CSV_COLUMNS, flatParticipant, flatParticipantCsvRow } from '../../src/api/serializers/flat-participant.ts';
import * as v1 from '../../src/api/v1/declaration-serializer.ts';
import * as v2 from '../../src/api/v2/declaration-serializer.ts';

const updatedAt = new Date('2024-06-07T08:09:10.111Z');

const enrolment: Enrolment = {
  userId: 'u-1', fullName: 'Ada Lovelace', trn: '1234567', userCreatedAt: new Date('2023-01-01T00:00:00Z'),
  userUpdatedAt: updatedAt, trainingRecordId: 'pp-1', email: 'ada@example.com', mentorId: null, schoolUrn: '100001',
  participantType: 'ect', cohort: '2024', recordStatus: 'active', trainingStatus: 'deferred', participantStatus: 'active',
  trnValidated: true, eligibleForFunding: null, pupilPremiumUplift: true, sparsityUplift: false,
  scheduleIdentifier: 'ecf-standard-september', deliveryPartnerId: 'dp-1', withdrawal: null,
  deferral: { reason: 'career-break', date: new Date('2024-05-01T00:00:00Z') }, createdAt: new Date('2023-02-01T00:00:00Z'),
  inductionEndDate: null, mentorFundingEndDate: null, cohortChangedAfterPaymentsFrozen: false,
  mentorIneligibleForFundingReason: null, updatedAt,
};

await t.test('flat participant: one item per registration, id is the participant id', async (t) => {
  t.same(flatParticipant(enrolment), {
    id: 'u-1',
    type: 'participant',
    attributes: {
      email: 'ada@example.com', full_name: 'Ada Lovelace', mentor_id: null, school_urn: '100001', participant_type: 'ect',
      cohort: '2024', status: 'active', teacher_reference_number: '1234567', teacher_reference_number_validated: true,
      eligible_for_funding: null, pupil_premium_uplift: true, sparsity_uplift: false, training_status: 'deferred',
      training_record_id: 'pp-1', schedule_identifier: 'ecf-standard-september', updated_at: '2024-06-07T08:09:10Z',
    },
  }, 'nulls stay null, updated_at has no fraction');
});

await t.test('flat participant CSV: id then the attributes, in the documented column order', async (t) => {
  const row = flatParticipantCsvRow({ ...enrolment, mentorId: 'u-2', trn: null });
  t.same(Object.keys(row), [...FLAT_PARTICIPANT_CSV_COLUMNS], 'every column, in order');
  t.equal(row.id, 'u-1');
  t.equal(row.mentor_id, 'u-2');
  t.equal(row.teacher_reference_number, null);
});

function view(state: DeclarationState): DeclarationView {
  return {
    id: 'd-1', userId: 'u-1', declarationType: 'started', courseIdentifier: 'ecf-induction',
    declarationDate: new Date('2024-10-01T10:00:00.500Z'), state, stateReason: null, evidenceHeld: null, mentorUserId: null,
    deliveryPartnerId: 'dp-1', pupilPremiumUplift: false, sparsityUplift: false, leadProviderName: 'Ambition Institute',
    cohortStartYear: 2024, statementId: null, clawbackStatementId: null, upliftPaid: false, hasPassed: null,
    createdAt: new Date('2024-10-01T11:00:00Z'), updatedAt,
  };
}

await t.test('v1 declaration keeps eligible_for_payment and voided, derived from the state', async (t) => {
  t.same(v1.declaration(view('eligible')), {
    id: 'd-1',
    type: 'participant-declaration',
    attributes: {
      participant_id: 'u-1', declaration_type: 'started', course_identifier: 'ecf-induction', eligible_for_payment: true,
      declaration_date: '2024-10-01T10:00:00Z', updated_at: '2024-06-07T08:09:10Z', voided: false, state: 'eligible', has_passed: null,
    },
  });
  const flags = (state: DeclarationState) => {
    const { eligible_for_payment, voided, state: shown } = v1.declaration(view(state)).attributes;
    return { eligible_for_payment, voided, state: shown };
  };
  t.same(flags('payable'), { eligible_for_payment: true, voided: false, state: 'payable' }, 'payable is eligible for payment');
  t.same(flags('submitted'), { eligible_for_payment: false, voided: false, state: 'submitted' });
  t.same(flags('paid'), { eligible_for_payment: false, voided: false, state: 'paid' }, 'paid is no longer "eligible for payment"');
  t.same(flags('voided'), { eligible_for_payment: false, voided: true, state: 'voided' });
  t.same(flags('awaiting_clawback'), { eligible_for_payment: false, voided: false, state: 'awaiting-clawback' }, 'states are dasherised');
  t.same(Object.keys(v1.declarationCsvRow(view('paid'))), [...v1.DECLARATION_CSV_COLUMNS], 'CSV columns in order');
});

await t.test('v2 declaration drops the deprecated flags', async (t) => {
  t.same(v2.declaration(view('clawed_back')), {
    id: 'd-1',
    type: 'participant-declaration',
    attributes: {
      participant_id: 'u-1', declaration_type: 'started', course_identifier: 'ecf-induction',
      declaration_date: '2024-10-01T10:00:00Z', updated_at: '2024-06-07T08:09:10Z', state: 'clawed-back', has_passed: null,
    },
  });
  t.same(Object.keys(v2.declarationCsvRow(view('submitted'))), [...v2.DECLARATION_CSV_COLUMNS], 'CSV columns in order');
});
