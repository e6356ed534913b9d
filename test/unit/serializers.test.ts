// The v3 serializers: a typed domain record in, the wire shape out (nulls kept, dates formatted).
import t from 'tap';
import { statement } from '../../src/api/v3/statement-serializer.ts';
import { deliveryPartner } from '../../src/api/v3/delivery-partner-serializer.ts';
import { partnership } from '../../src/api/v3/partnership-serializer.ts';

const createdAt = new Date('2024-01-02T03:04:05.678Z');
const updatedAt = new Date('2024-06-07T08:09:10.111Z');

await t.test('statement', async (t) => {
  const view = {
    id: 'st-1', name: 'January 2025', type: 'ecf' as const, cohortStartYear: 2024, deadlineDate: new Date('2024-12-31T00:00:00Z'),
    paymentDate: new Date('2025-01-25T00:00:00Z'), status: 'payable' as const, outputFee: true, createdAt, updatedAt,
  };
  t.same(statement(view), {
    id: 'st-1',
    type: 'statement',
    attributes: {
      month: 'January', year: '2025', type: 'ecf', cohort: '2024', cut_off_date: '2024-12-31', payment_date: '2025-01-25',
      paid: false, created_at: '2024-01-02T03:04:05Z', updated_at: '2024-06-07T08:09:10Z',
    },
  });
  t.equal(statement({ ...view, status: 'paid' }).attributes.paid, true, 'paid only once paid');
  t.equal(statement({ ...view, type: 'npq' }).attributes.type, 'npq', 'an NPQ statement says so');
});

await t.test('delivery partner', async (t) => {
  t.same(deliveryPartner({ id: 'dp-1', name: 'North Partnership', cohorts: ['2023', '2024'], createdAt, updatedAt }), {
    id: 'dp-1',
    type: 'delivery-partner',
    attributes: { name: 'North Partnership', cohort: ['2023', '2024'], created_at: '2024-01-02T03:04:05Z', updated_at: '2024-06-07T08:09:10Z' },
  });
});

await t.test('partnership', async (t) => {
  const view = {
    id: 'p-1', cohort: '2024', urn: '100001', schoolId: 's-1', deliveryPartnerId: 'dp-1', deliveryPartnerName: null,
    challengeReason: null, challengedAt: null, inductionTutorName: null, inductionTutorEmail: null, createdAt, updatedAt,
  };
  t.same(partnership(view), {
    id: 'p-1',
    type: 'partnership',
    attributes: {
      cohort: '2024', urn: '100001', school_id: 's-1', delivery_partner_id: 'dp-1', delivery_partner_name: null,
      status: 'active', challenged_reason: null, challenged_at: null, induction_tutor_name: null, induction_tutor_email: null,
      created_at: '2024-01-02T03:04:05Z', updated_at: '2024-06-07T08:09:10Z',
    },
  }, 'nulls stay null');
  const challenged = partnership({ ...view, challengeReason: 'mistake', challengedAt: new Date('2024-05-06T07:08:09.010Z'), inductionTutorName: 'Ann', inductionTutorEmail: 'ann@example.com' });
  t.equal(challenged.attributes.status, 'challenged');
  t.equal(challenged.attributes.challenged_reason, 'mistake');
  t.equal(challenged.attributes.challenged_at, '2024-05-06T07:08:09.010Z', 'challenged_at keeps its milliseconds');
  t.equal(challenged.attributes.induction_tutor_email, 'ann@example.com');
});
