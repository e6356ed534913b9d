import { declarationTypes } from '../reference-data/schedules.ts';
import {
  DECLARATION_TYPE_SHARE,
  DEFAULT_MENTOR_FEE_PER_PARTICIPANT,
  FIRST_PARTICIPANT,
  MENTOR_DECLARATION_SHARE,
  Money,
  PENCE_PLACES,
  SERVICE_FEE_INSTALMENTS,
  UPLIFT_DECLARATION_TYPE,
  VAT_RATE,
} from './rates.ts';

// What a statement pays, as a pure function of its inputs (no I/O). Before 2025 one banded
// calculation covers every declaration; from 2025 (mentor funding) ECTs are banded and mentors
// paid a flat rate.
//
// Banding, per declaration type: the provider's earlier statements of the cohort fill bands A
// upward; this statement's payable lines fill what is left (its additions); its refunds come off
// the highest band first, from this statement's additions, then from earlier fills.
//
// Arithmetic is exact in Decimal; each payment component is rounded to the penny once, and the
// total is the sum of the rounded components, so a statement's lines add up to its total.

export interface Band {
  name: string;
  min: number;
  max: number | null;
  perParticipant: Money;
  outputPaymentPercentage: number;
  serviceFeePercentage: number;
}

export interface BandFill {
  band: string;
  previous: number;
  additions: number;
  subtractions: number;
}

/** Statement line items of one kind, counted. */
export interface LineCount {
  declarationType: string;
  profileType: 'ect' | 'mentor';
  sparsityUplift: boolean;
  pupilPremiumUplift: boolean;
  /** Lines the statement pays. */
  billable: number;
  /** Lines the statement claws back. */
  refundable: number;
}

export interface ContractTerms {
  bands: Band[];
  recruitmentTarget: number;
  setUpFee: Money;
  /** A fixed monthly service fee; null to derive it from the bands. */
  monthlyServiceFee: Money | null;
  /** Per uplifted participant; null when the contract pays no uplifts. */
  upliftAmount: Money | null;
  /** Flat rate per mentor (mentor funding); null for the standard rate. */
  mentorPaymentPerParticipant: Money | null;
}

export interface StatementInputs {
  contract: ContractTerms;
  /** The cohort pays mentors a flat rate and bands ECTs only. */
  mentorFunding: boolean;
  vatChargeable: boolean;
  reconcileAmount: Money;
  /** This statement's lines. */
  current: LineCount[];
  /** Lines on the provider's earlier statements for the cohort. */
  previous: LineCount[];
}

export interface TypeCounts {
  billable: number;
  refundable: number;
}

export interface BandedType {
  declarationType: string;
  fills: BandFill[];
  additionsFee: Money;
  deductionsFee: Money;
}

export interface StatementAmounts {
  /** Lines on this statement by declaration type (every participant type). */
  counts: Record<string, TypeCounts>;
  /** Banded output payment (all participants before 2025; ECTs from 2025). */
  banded: {
    participants: 'all' | 'ect';
    byType: BandedType[];
    feePerDeclaration: { band: string; declarationType: string; fee: Money }[];
  };
  outputFee: Money;
  clawbackDeductions: Money;
  serviceFee: Money;
  uplift: { fee: Money; additions: number; subtractions: number; total: Money; deductions: Money } | null;
  mentors: { feePerParticipant: Money; byType: { declarationType: string; billable: number; refundable: number; fee: Money }[]; total: Money } | null;
  reconcileAmount: Money;
  total: Money;
  vat: Money;
  totalWithVat: Money;
}

/** To the penny, halves away from zero. */
export const toPence = (amount: Money): Money => amount.toDecimalPlaces(PENCE_PLACES, Money.ROUND_HALF_UP);

const ZERO = new Money(0);
const sumMoney = (amounts: Money[]): Money => amounts.reduce((total, amount) => total.plus(amount), ZERO);
const upperBound = (band: Band) => band.max ?? Infinity;
const bandOrder = (bands: Band[]) => [...bands].sort((a, b) => upperBound(a) - upperBound(b));

/** Fills bands for one declaration type. */
export function bandFills(bands: Band[], previous: number, billable: number, refundable: number): BandFill[] {
  const fills = bandOrder(bands).map((band) => {
    const capacity = upperBound(band) - Math.max(band.min, FIRST_PARTICIPANT) + 1;
    return { band: band.name, capacity, previous: 0, additions: 0, subtractions: 0 };
  });
  let pot = Math.max(previous, 0);
  for (const fill of fills) {
    fill.previous = Math.min(pot, fill.capacity);
    pot -= fill.previous;
  }
  pot = billable;
  for (const fill of fills) {
    fill.additions = Math.min(pot, fill.capacity - fill.previous);
    pot -= fill.additions;
  }
  pot = refundable;
  for (const fill of [...fills].reverse()) {
    const taken = Math.min(fill.additions, pot);
    fill.subtractions = taken;
    pot -= taken;
  }
  for (const fill of [...fills].reverse()) {
    if (pot <= 0) break;
    const taken = Math.min(fill.previous, pot);
    fill.subtractions += taken;
    pot -= taken;
  }
  return fills.map(({ band, previous: p, additions, subtractions }) => ({ band, previous: p, additions, subtractions }));
}

/** A band's output payment for one declaration of a type (exact, not rounded). */
export function outputFeePerDeclaration(band: Band, declarationType: string): Money {
  return band.perParticipant.times(band.outputPaymentPercentage).dividedBy(100).times(DECLARATION_TYPE_SHARE[declarationType] ?? ZERO);
}

/**
 * Monthly service fee from the bands: the recruitment target's participants in each band at the
 * band's service-fee share, less the set-up fee spread over band A, in equal instalments (exact).
 */
export function calculatedServiceFee(bands: Band[], recruitmentTarget: number, setUpFee: Money): Money {
  const ordered = bandOrder(bands);
  const bandA = ordered[0];
  const setUpPerParticipant = bandA?.max ? setUpFee.dividedBy(bandA.max) : ZERO;
  const total = sumMoney(ordered.map((band) => {
    const lower = band.min === 0 ? 0 : band.min - 1;
    const participants = Math.max(0, Math.min(recruitmentTarget, upperBound(band)) - lower);
    const perParticipant = band.perParticipant.times(band.serviceFeePercentage).dividedBy(100).minus(band.min === 0 ? setUpPerParticipant : ZERO);
    return perParticipant.times(participants);
  }));
  return total.dividedBy(SERVICE_FEE_INSTALMENTS);
}

/** A participant earns an uplift on its start when either uplift applies (once, even if both do). */
const earnsUplift = (line: LineCount): boolean =>
  line.declarationType === UPLIFT_DECLARATION_TYPE && (line.sparsityUplift || line.pupilPremiumUplift);

function sum(lines: LineCount[], pick: (line: LineCount) => number, where: (line: LineCount) => boolean): number {
  return lines.reduce((total, line) => (where(line) ? total + pick(line) : total), 0);
}

export function calculateStatementAmounts(inputs: StatementInputs): StatementAmounts {
  const { contract, current, previous, mentorFunding } = inputs;
  const { bands } = contract;
  const inBands = (line: LineCount) => !mentorFunding || line.profileType === 'ect';

  const counts: Record<string, TypeCounts> = {};
  const seenTypes = new Set(current.map((line) => line.declarationType));
  const countedTypes = [...declarationTypes.filter((type) => seenTypes.has(type)), ...[...seenTypes].filter((type) => !(declarationTypes as readonly string[]).includes(type))];
  for (const type of countedTypes) {
    const ofType = (line: LineCount) => line.declarationType === type;
    counts[type] = { billable: sum(current, (line) => line.billable, ofType), refundable: sum(current, (line) => line.refundable, ofType) };
  }

  const byType: BandedType[] = declarationTypes.map((declarationType) => {
    const ofType = (line: LineCount) => line.declarationType === declarationType && inBands(line);
    const fills = bandFills(
      bands,
      sum(previous, (line) => line.billable - line.refundable, ofType),
      sum(current, (line) => line.billable, ofType),
      sum(current, (line) => line.refundable, ofType),
    );
    const feeOf = (band: string) => outputFeePerDeclaration(bands.find((b) => b.name === band)!, declarationType);
    return {
      declarationType,
      fills,
      additionsFee: toPence(sumMoney(fills.map((fill) => feeOf(fill.band).times(fill.additions)))),
      deductionsFee: toPence(sumMoney(fills.map((fill) => feeOf(fill.band).times(fill.subtractions)))),
    };
  });
  const outputFee = sumMoney(byType.map((entry) => entry.additionsFee));
  const clawbackDeductions = sumMoney(byType.map((entry) => entry.deductionsFee));
  const serviceFee = toPence(contract.monthlyServiceFee ?? calculatedServiceFee(bands, contract.recruitmentTarget, contract.setUpFee));

  let uplift: StatementAmounts['uplift'] = null;
  if (contract.upliftAmount !== null) {
    const fee = contract.upliftAmount;
    const uplifted = (line: LineCount) => earnsUplift(line) && inBands(line);
    const additions = sum(current, (line) => line.billable, uplifted);
    const subtractions = sum(current, (line) => line.refundable, uplifted);
    uplift = { fee, additions, subtractions, total: toPence(fee.times(additions)), deductions: toPence(fee.times(subtractions)) };
  }

  let mentors: StatementAmounts['mentors'] = null;
  if (mentorFunding) {
    const feePerParticipant = contract.mentorPaymentPerParticipant ?? DEFAULT_MENTOR_FEE_PER_PARTICIPANT;
    const mentorTypes = Object.keys(MENTOR_DECLARATION_SHARE).map((declarationType) => {
      const ofType = (line: LineCount) => line.declarationType === declarationType && line.profileType === 'mentor';
      return {
        declarationType,
        billable: sum(current, (line) => line.billable, ofType),
        refundable: sum(current, (line) => line.refundable, ofType),
        fee: feePerParticipant.times(MENTOR_DECLARATION_SHARE[declarationType]!),
      };
    });
    mentors = {
      feePerParticipant,
      byType: mentorTypes,
      total: toPence(sumMoney(mentorTypes.map((entry) => entry.fee.times(entry.billable - entry.refundable)))),
    };
  }

  const reconcileAmount = toPence(inputs.reconcileAmount);
  const upliftNet = uplift ? uplift.total.minus(uplift.deductions) : ZERO;
  const total = serviceFee.plus(outputFee).minus(clawbackDeductions).plus(upliftNet).plus(mentors?.total ?? ZERO).plus(reconcileAmount);
  const vat = inputs.vatChargeable ? toPence(total.times(VAT_RATE)) : ZERO;
  return {
    counts,
    banded: {
      participants: mentorFunding ? 'ect' : 'all',
      byType,
      feePerDeclaration: bands.flatMap((band) =>
        declarationTypes.map((declarationType) => ({ band: band.name, declarationType, fee: outputFeePerDeclaration(band, declarationType) })),
      ),
    },
    outputFee,
    clawbackDeductions,
    serviceFee,
    uplift,
    mentors,
    reconcileAmount,
    total,
    vat,
    totalWithVat: total.plus(vat),
  };
}
