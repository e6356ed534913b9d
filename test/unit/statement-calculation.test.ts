// The statement calculation on its own: typed inputs in, exact decimal amounts out, no database.
// One test per banding rule and per uplift rule, the service fee instalments, output-payment
// splits, clawbacks, mentors, VAT, and a 10,000-declaration statement summed to the penny against
// an independent integer-pence computation.
import t from 'tap';
import {
  bandFills,
  calculateStatementAmounts,
  calculatedServiceFee,
  outputFeePerDeclaration,
  type Band,
  type ContractTerms,
  type LineCount,
  type StatementInputs,
} from '../../src/domain/statements/calculation.ts';
import { gbp } from '../../src/domain/statements/presentation.ts';
import { Money, SERVICE_FEE_INSTALMENTS } from '../../src/domain/statements/rates.ts';

const band = (name: string, min: number, max: number | null, perParticipant: string, outputPaymentPercentage = 60): Band => ({
  name, min, max, perParticipant: new Money(perParticipant), outputPaymentPercentage, serviceFeePercentage: 100 - outputPaymentPercentage,
});
// The three-band contract the seed data uses: 2,000 participants a band at £1,065, £1,048, £1,032.
const BANDS = [band('A', 0, 2000, '1065'), band('B', 2001, 4000, '1048'), band('C', 4001, 6000, '1032')];
const SMALL_BANDS = [band('A', 0, 2, '1000'), band('B', 3, 4, '800'), band('C', 5, null, '500')];

const contract = (overrides: Partial<ContractTerms> = {}): ContractTerms => ({
  bands: BANDS, recruitmentTarget: 6000, setUpFee: new Money(0), monthlyServiceFee: new Money(0),
  upliftAmount: null, mentorPaymentPerParticipant: null, ...overrides,
});
const line = (declarationType: string, billable: number, refundable = 0, extra: Partial<LineCount> = {}): LineCount => ({
  declarationType, profileType: 'ect', sparsityUplift: false, pupilPremiumUplift: false, billable, refundable, ...extra,
});
const inputs = (overrides: Partial<StatementInputs> = {}): StatementInputs => ({
  contract: contract(), mentorFunding: false, vatChargeable: false, reconcileAmount: new Money(0), current: [], previous: [], ...overrides,
});
const money = (value: Money) => value.toFixed(2);

await t.test('banding: earlier statements fill band A upward', async (t) => {
  t.same(bandFills(SMALL_BANDS, 3, 0, 0).map((f) => f.previous), [2, 1, 0]);
});

await t.test('banding: this statement\'s lines fill what earlier statements left', async (t) => {
  t.same(bandFills(SMALL_BANDS, 1, 2, 0).map((f) => [f.previous, f.additions]), [[1, 1], [0, 1], [0, 0]]);
});

await t.test('banding: a band starting at 0 holds participants 1 to its max', async (t) => {
  t.same(bandFills([band('A', 0, 2, '1'), band('B', 3, null, '1')], 0, 3, 0).map((f) => f.additions), [2, 1]);
});

await t.test('banding: the top band without a max takes every participant beyond the others', async (t) => {
  t.same(bandFills(SMALL_BANDS, 0, 1000, 0).map((f) => f.additions), [2, 2, 996]);
});

await t.test('banding: bands are filled in order of their max, whatever order they are listed in', async (t) => {
  t.same(bandFills([...SMALL_BANDS].reverse(), 0, 3, 0).map((f) => [f.band, f.additions]), [['A', 2], ['B', 1], ['C', 0]]);
});

await t.test('banding: refunds come off this statement\'s additions, highest band first', async (t) => {
  t.same(bandFills(SMALL_BANDS, 0, 5, 2).map((f) => f.subtractions), [0, 1, 1]);
});

await t.test('banding: refunds beyond this statement\'s additions come off earlier fills, highest first', async (t) => {
  t.same(bandFills(SMALL_BANDS, 3, 1, 3).map((f) => [f.band, f.additions, f.subtractions]), [['A', 0, 1], ['B', 1, 2], ['C', 0, 0]]);
  t.same(bandFills(SMALL_BANDS, 3, 0, 3).map((f) => f.subtractions), [2, 1, 0]);
});

await t.test('banding: a net-negative earlier total fills nothing', async (t) => {
  t.same(bandFills(SMALL_BANDS, -4, 1, 0).map((f) => [f.previous, f.additions]), [[0, 1], [0, 0], [0, 0]]);
});

await t.test('output payment splits: start and completion a fifth, each retention and extension 15%', async (t) => {
  const a = BANDS[0]!;
  const expected: Record<string, string> = {
    started: '127.8', completed: '127.8', 'retained-1': '95.85', 'retained-2': '95.85', 'retained-3': '95.85',
    'retained-4': '95.85', 'extended-1': '95.85', 'extended-2': '95.85', 'extended-3': '95.85',
  };
  for (const [type, fee] of Object.entries(expected)) t.equal(outputFeePerDeclaration(a, type).toString(), fee, type);
  t.equal(outputFeePerDeclaration(a, 'unknown').toString(), '0', 'an unknown type earns nothing');
  t.equal(outputFeePerDeclaration(band('X', 0, 1, '1065', 100), 'started').toString(), '213', 'at the band\'s own output share');
});

await t.test('output payment: each band\'s declarations at that band\'s fee', async (t) => {
  const amounts = calculateStatementAmounts(inputs({
    contract: contract({ bands: SMALL_BANDS }),
    current: [line('started', 5), line('retained-1', 1)],
  }));
  // started: 2 × £120 + 2 × £96 + 1 × £60; retained-1: 1 × £90.
  t.equal(money(amounts.banded.byType.find((e) => e.declarationType === 'started')!.additionsFee), '492.00');
  t.equal(money(amounts.outputFee), '582.00');
  t.same(amounts.counts, { started: { billable: 5, refundable: 0 }, 'retained-1': { billable: 1, refundable: 0 } });
});

await t.test('clawbacks: refunds deducted at the fee of the band they come off', async (t) => {
  const amounts = calculateStatementAmounts(inputs({
    contract: contract({ bands: SMALL_BANDS }),
    previous: [line('started', 3)],
    current: [line('started', 0, 2)],
  }));
  // Earlier fills: A 2, B 1. Two refunds: B (£96) then A (£120).
  t.equal(money(amounts.clawbackDeductions), '216.00');
  t.equal(money(amounts.total), '-216.00');
});

await t.test('service fee: the bands\' service share of the recruitment target in 29 instalments', async (t) => {
  t.equal(SERVICE_FEE_INSTALMENTS, 29);
  // 2,000 × 40% × (£1,065 + £1,048 + £1,032) = £2,516,000, ÷ 29.
  const fee = calculatedServiceFee(BANDS, 6000, new Money(0));
  t.ok(fee.times(29).equals(2_516_000), 'exactly a 29th');
  t.equal(money(calculateStatementAmounts(inputs({ contract: contract({ monthlyServiceFee: null }) })).serviceFee), '86758.62');
});

await t.test('service fee: only the participants the recruitment target reaches, less the set-up fee', async (t) => {
  // 2,500 participants: 2,000 in A at £426, 500 in B at £419.20; the £29,000 set-up fee spread over band A.
  const fee = calculatedServiceFee(BANDS, 2500, new Money(29000));
  t.ok(fee.times(29).equals(new Money(2000 * 426 + 500 * 419.2 - 29000)), 'set-up fee comes off band A');
});

await t.test('service fee: a contract\'s fixed monthly fee is paid as it is', async (t) => {
  t.equal(money(calculateStatementAmounts(inputs({ contract: contract({ monthlyServiceFee: new Money('1234.56') }) })).serviceFee), '1234.56');
});

const upliftOf = (current: LineCount[], overrides: Partial<StatementInputs> = {}) =>
  calculateStatementAmounts(inputs({ contract: contract({ upliftAmount: new Money(100) }), current, ...overrides })).uplift;

await t.test('uplift: a sparsity uplift is paid on the start', async (t) => {
  t.match(upliftOf([line('started', 1, 0, { sparsityUplift: true })]), { additions: 1 });
});

await t.test('uplift: a pupil premium uplift is paid on the start', async (t) => {
  t.match(upliftOf([line('started', 1, 0, { pupilPremiumUplift: true })]), { additions: 1 });
});

await t.test('uplift: both uplifts pay once', async (t) => {
  const uplift = upliftOf([line('started', 1, 0, { sparsityUplift: true, pupilPremiumUplift: true })]);
  t.equal(uplift!.additions, 1);
  t.equal(money(uplift!.total), '100.00');
});

await t.test('uplift: no uplift on any declaration but the start', async (t) => {
  t.match(upliftOf([line('retained-1', 1, 0, { sparsityUplift: true }), line('completed', 1, 0, { pupilPremiumUplift: true })]), { additions: 0 });
});

await t.test('uplift: a participant with neither uplift earns none', async (t) => {
  t.match(upliftOf([line('started', 3)]), { additions: 0 });
});

await t.test('uplift: a refunded start claws its uplift back', async (t) => {
  const uplift = upliftOf([line('started', 0, 2, { sparsityUplift: true })]);
  t.match(uplift, { additions: 0, subtractions: 2 });
  t.equal(money(uplift!.deductions), '200.00');
});

await t.test('uplift: none when the contract pays no uplift', async (t) => {
  t.equal(calculateStatementAmounts(inputs({ current: [line('started', 1, 0, { sparsityUplift: true })] })).uplift, null);
});

await t.test('uplift: with mentor funding, mentors earn no uplift', async (t) => {
  const mentor = line('started', 1, 0, { profileType: 'mentor', sparsityUplift: true });
  t.match(upliftOf([mentor], { mentorFunding: true }), { additions: 0 });
  t.match(upliftOf([mentor], { mentorFunding: false }), { additions: 1 }, 'before mentor funding they do');
});

await t.test('mentor funding: ECTs banded, mentors at a flat rate split between start and completion', async (t) => {
  const amounts = calculateStatementAmounts(inputs({
    mentorFunding: true,
    current: [line('started', 1), line('started', 3, 1, { profileType: 'mentor' }), line('completed', 1, 0, { profileType: 'mentor' })],
  }));
  t.equal(amounts.banded.participants, 'ect');
  t.equal(money(amounts.outputFee), '127.80', 'only the ECT is banded');
  t.equal(money(amounts.mentors!.feePerParticipant), '1000.00', 'the standard rate when the contract names none');
  t.equal(money(amounts.mentors!.total), '1500.00', '(3 − 1) starts and 1 completion at £500');
  t.same(amounts.counts.started, { billable: 4, refundable: 1 }, 'counts cover every participant type');
});

await t.test('VAT: a fifth of the total when the provider is VAT-registered, none otherwise', async (t) => {
  const paid = inputs({ contract: contract({ monthlyServiceFee: new Money('86758.62') }), current: [line('started', 1)] });
  const withVat = calculateStatementAmounts({ ...paid, vatChargeable: true });
  t.equal(money(withVat.total), '86886.42');
  t.equal(money(withVat.vat), '17377.28');
  t.equal(money(withVat.totalWithVat), '104263.70');
  t.equal(money(calculateStatementAmounts(paid).vat), '0.00');
});

await t.test('reconciliation is added to the total', async (t) => {
  const amounts = calculateStatementAmounts(inputs({ reconcileAmount: new Money('-10.05'), current: [line('started', 1)] }));
  t.equal(money(amounts.total), '117.75');
  t.equal(gbp(amounts.reconcileAmount), '£-10.05');
});

await t.test('presentation: pounds grouped in thousands, to the penny, halves up', async (t) => {
  t.equal(gbp(new Money('86758.6206896551')), '£86,758.62');
  t.equal(gbp(new Money('1234567890123.005')), '£1,234,567,890,123.01');
  t.equal(gbp(new Money('0.1').plus('0.2')), '£0.30');
  t.equal(gbp(new Money('-0.001')), '£0.00');
});

// A deterministic pseudo-random sequence, so the large statement is the same on every run.
function* sequence(seed: number) {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield state;
  }
}

await t.test('a statement of 10,000 declarations sums to the penny', async (t) => {
  const types = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1'];
  // Awkward fees: pence that do not divide evenly by the type shares.
  const bands = [band('A', 0, 1500, '1065.33'), band('B', 1501, 3000, '1048.07'), band('C', 3001, null, '1031.99', 55)];
  const random = sequence(42);
  const next = (n: number) => random.next().value! % n;
  const current: LineCount[] = [];
  const previous: LineCount[] = [];
  for (let i = 0; i < 10_000; i++) {
    const refund = next(10) === 0;
    current.push(line(types[next(types.length)]!, refund ? 0 : 1, refund ? 1 : 0, { sparsityUplift: next(4) === 0, pupilPremiumUplift: next(5) === 0 }));
  }
  for (let i = 0; i < 2_000; i++) previous.push(line(types[next(types.length)]!, 1));
  const terms = contract({ bands, recruitmentTarget: 5000, setUpFee: new Money('14999.99'), monthlyServiceFee: null, upliftAmount: new Money('100.01') });
  const amounts = calculateStatementAmounts({ contract: terms, mentorFunding: false, vatChargeable: true, reconcileAmount: new Money('0.01'), current, previous });

  // The same statement in integer arithmetic: pence × 10,000 (percentages and shares are hundredths).
  const SCALE = 10_000n;
  const pence = (pounds: string) => BigInt(pounds.replace('.', ''));
  const share: Record<string, bigint> = { started: 20n, completed: 20n };
  const roundToPence = (scaled: bigint, divisor = 1n) => {
    const d = SCALE * divisor;
    return scaled >= 0n ? (scaled + d / 2n) / d : -((-scaled + d / 2n) / d);
  };
  const feeScaled = (b: Band, type: string) => pence(b.perParticipant.toFixed(2)) * BigInt(b.outputPaymentPercentage) * (share[type] ?? 15n);
  let output = 0n;
  let clawback = 0n;
  for (const type of types) {
    const ofType = (list: LineCount[], pick: (l: LineCount) => number) => list.filter((l) => l.declarationType === type).reduce((s, l) => s + pick(l), 0);
    const fills = bandFills(bands, ofType(previous, (l) => l.billable), ofType(current, (l) => l.billable), ofType(current, (l) => l.refundable));
    let add = 0n;
    let sub = 0n;
    for (const fill of fills) {
      const fee = feeScaled(bands.find((b) => b.name === fill.band)!, type);
      add += BigInt(fill.additions) * fee;
      sub += BigInt(fill.subtractions) * fee;
    }
    output += roundToPence(add);
    clawback += roundToPence(sub);
  }
  // Service fee: 1,500 in A, 1,500 in B, 2,000 in C; A less the set-up fee over its 1,500.
  const serviceScaled = 1500n * pence('1065.33') * 40n * 100n - pence('14999.99') * SCALE + 1500n * pence('1048.07') * 40n * 100n + 2000n * pence('1031.99') * 45n * 100n;
  const service = roundToPence(serviceScaled, 29n);
  const uplifted = current.filter((l) => l.declarationType === 'started' && (l.sparsityUplift || l.pupilPremiumUplift));
  const upliftNet = BigInt(uplifted.reduce((s, l) => s + l.billable - l.refundable, 0)) * 10_001n;
  const total = service + output - clawback + upliftNet + 1n;
  const vat = roundToPence(total * 20n * 100n);

  t.equal(current.length, 10_000);
  t.equal(amounts.outputFee.times(100).toFixed(0), output.toString(), 'output fee');
  t.equal(amounts.clawbackDeductions.times(100).toFixed(0), clawback.toString(), 'clawbacks');
  t.equal(amounts.serviceFee.times(100).toFixed(0), service.toString(), 'service fee');
  t.equal(amounts.total.times(100).toFixed(0), total.toString(), 'total');
  t.equal(amounts.vat.times(100).toFixed(0), vat.toString(), 'VAT');
  t.equal(amounts.totalWithVat.times(100).toFixed(0), (total + vat).toString(), 'total with VAT');
  t.ok(amounts.total.decimalPlaces() <= 2, 'the total is whole pence');
});
