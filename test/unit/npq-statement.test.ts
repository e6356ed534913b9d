// The NPQ statement rule: a declaration earns the course's price × the output share ÷ its milestones.
import t from 'tap';
import { calculateNpqStatement, type NpqLineCount } from '../../src/domain/statements/npq-statement.ts';
import { Money } from '../../src/domain/statements/rates.ts';

const line = (overrides: Partial<NpqLineCount>): NpqLineCount => ({
  courseIdentifier: 'npq-headship', group: 'leadership', declarationType: 'started', billable: 0, refundable: 0, perParticipant: new Money('2400.00'), ...overrides,
});

await t.test('fee per declaration by course kind, refunds, VAT', async (t) => {
  const amounts = calculateNpqStatement([
    line({ billable: 3, refundable: 1 }),
    line({ courseIdentifier: 'npq-leading-teaching', group: 'specialist', perParticipant: new Money('1200.00'), declarationType: 'completed', billable: 2 }),
  ], true);
  t.equal(amounts.lines[0]!.feePerDeclaration.toFixed(2), '360.00', 'leadership: 2400 × 60% ÷ 4');
  t.equal(amounts.lines[1]!.feePerDeclaration.toFixed(2), '240.00', 'specialist: 1200 × 60% ÷ 3');
  t.equal(amounts.outputFee.toFixed(2), '1560.00', '3 × 360 + 2 × 240');
  t.equal(amounts.clawbacks.toFixed(2), '360.00');
  t.equal(amounts.total.toFixed(2), '1200.00');
  t.equal(amounts.vat.toFixed(2), '240.00');
  t.equal(amounts.totalWithVat.toFixed(2), '1440.00');
});

await t.test('exact to the penny where a float would drift, and no VAT when not registered', async (t) => {
  const amounts = calculateNpqStatement([line({ perParticipant: new Money('1000.01'), group: 'specialist', billable: 10_000 })], false);
  t.equal(amounts.outputFee.toFixed(2), '2000020.00', '10,000 × (1000.01 × 0.6 ÷ 3), rounded once');
  t.equal(amounts.vat.toFixed(2), '0.00');
});

await t.test('a course without a contract earns nothing', async (t) => {
  t.equal(calculateNpqStatement([line({ perParticipant: null, billable: 5 })], true).outputFee.toFixed(2), '0.00');
});
