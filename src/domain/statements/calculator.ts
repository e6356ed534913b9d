import type { Db } from '../participants/visibility.ts';
import { InvalidRequest, NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { isoDate } from '../shared/time.ts';
import { declarationTypes } from '../reference-data/schedules.ts';

// What a statement pays (domain-rules §8.3). Before 2025 one banded calculator covers every
// declaration; from 2025 (mentor funding) ECTs are banded and mentors paid a flat rate.
//
// Banding, per declaration type: the provider's earlier statements of the cohort fill bands A
// upward; this statement's payable lines fill what is left (its additions); its refunds come off
// the highest band first, from this statement's additions, then from earlier fills.

const TYPE_SHARE: Record<string, number> = {
  started: 0.2,
  completed: 0.2,
  'retained-1': 0.15,
  'retained-2': 0.15,
  'retained-3': 0.15,
  'retained-4': 0.15,
  'extended-1': 0.15,
  'extended-2': 0.15,
  'extended-3': 0.15,
};

const SERVICE_FEE_PAYMENTS = 29;
const MENTOR_SHARE: Record<string, number> = { started: 0.5, completed: 0.5 };

export interface Band {
  name: string;
  min: number;
  max: number | null;
  perParticipant: number;
  outputPaymentPercentage: number;
  serviceFeePercentage: number;
}

export interface BandFill {
  band: string;
  previous: number;
  additions: number;
  subtractions: number;
}

/** Fills bands for one declaration type (ECF1's BandingCalculator). */
export function bandFills(bands: Band[], previous: number, billable: number, refundable: number): BandFill[] {
  const ordered = [...bands].sort((a, b) => (a.max ?? Infinity) - (b.max ?? Infinity));
  const fills = ordered.map((band) => ({ band: band.name, min: Math.max(band.min, 1), max: band.max ?? Infinity, previous: 0, additions: 0, subtractions: 0 }));
  let pot = Math.max(previous, 0);
  for (const fill of fills) {
    fill.previous = Math.min(pot, fill.max - fill.min + 1);
    pot -= fill.previous;
  }
  pot = billable;
  for (const fill of fills) {
    fill.additions = Math.min(pot, fill.max - fill.min + 1 - fill.previous);
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

export function outputFeePerDeclaration(band: Band, declarationType: string): number {
  return band.perParticipant * (band.outputPaymentPercentage / 100) * (TYPE_SHARE[declarationType] ?? 0);
}

/** Monthly service fee from the bands: the recruitment target's participants in each band, ÷ 29. */
export function calculatedServiceFee(bands: Band[], recruitmentTarget: number, setUpFee: number): number {
  const ordered = [...bands].sort((a, b) => (a.max ?? Infinity) - (b.max ?? Infinity));
  const bandA = ordered[0];
  const setUpPerParticipant = bandA?.max ? setUpFee / bandA.max : 0;
  let total = 0;
  for (const band of ordered) {
    const lower = band.min === 0 ? 0 : band.min - 1;
    const participants = Math.max(0, Math.min(recruitmentTarget, band.max ?? Infinity) - lower);
    const perParticipant = band.perParticipant * (band.serviceFeePercentage / 100) - (band.min === 0 ? setUpPerParticipant : 0);
    total += participants * perParticipant;
  }
  return total / SERVICE_FEE_PAYMENTS;
}

export interface TypeCounts {
  billable: number;
  refundable: number;
}

export interface StatementCalculation {
  statement: { id: string; name: string; leadProvider: string; cohort: number; status: string; deadline: string; paymentDate: string };
  /** Lines on this statement by declaration type (every participant type). */
  counts: Record<string, TypeCounts>;
  /** Banded output payment (all participants before 2025; ECTs from 2025). */
  banded: {
    participants: 'all' | 'ect';
    byType: { declarationType: string; fills: BandFill[]; additionsFee: number; deductionsFee: number }[];
    feePerDeclaration: { band: string; declarationType: string; fee: number }[];
  };
  outputFee: number;
  clawbackDeductions: number;
  serviceFee: number;
  uplift: { fee: number; additions: number; subtractions: number; total: number; deductions: number } | null;
  mentors: { feePerParticipant: number; byType: { declarationType: string; billable: number; refundable: number; fee: number }[]; total: number } | null;
  reconcileAmount: number;
  total: number;
  vat: number;
  totalWithVat: number;
}

type LineCount = { declaration_type: string; profile_type: 'ect' | 'mentor'; billable: number; refundable: number; uplift_billable: number; uplift_refundable: number };

async function lineCounts(db: Db, statementIds: string[]): Promise<LineCount[]> {
  if (statementIds.length === 0) return [];
  return db.$queryRawUnsafe<LineCount[]>(
    `SELECT d.declaration_type, d.profile_type,
            COUNT(*) FILTER (WHERE li.state IN ('eligible', 'payable', 'paid'))::int AS billable,
            COUNT(*) FILTER (WHERE li.state IN ('awaiting_clawback', 'clawed_back'))::int AS refundable,
            COUNT(*) FILTER (WHERE li.state IN ('eligible', 'payable', 'paid') AND d.declaration_type = 'started'
                               AND (d.sparsity_uplift OR d.pupil_premium_uplift))::int AS uplift_billable,
            COUNT(*) FILTER (WHERE li.state IN ('awaiting_clawback', 'clawed_back') AND d.declaration_type = 'started'
                               AND (d.sparsity_uplift OR d.pupil_premium_uplift))::int AS uplift_refundable
       FROM statement_line_items li
       JOIN participant_declarations d ON d.id = li.participant_declaration_id
      WHERE li.statement_id = ANY($1::uuid[])
      GROUP BY d.declaration_type, d.profile_type`,
    statementIds,
  );
}

function sum(rows: LineCount[], pick: (row: LineCount) => number, where: (row: LineCount) => boolean = () => true): number {
  return rows.filter(where).reduce((total, row) => total + pick(row), 0);
}

const money = (value: unknown) => Number(value ?? 0);
const round2 = (value: number) => Math.round(value * 100) / 100;

export async function calculateStatement(db: Db, statementId: string): Promise<StatementCalculation> {
  const statement = isUuid(statementId)
    ? await db.statement.findUnique({
        where: { id: statementId.toLowerCase() },
        include: { cohort: true, leadProvider: true },
      })
    : null;
  if (!statement) throw new NotFound(`No statement ${statementId} (see: statements list)`);
  const contracts = await db.callOffContract.findMany({
    where: { leadProviderId: statement.leadProviderId, cohortId: statement.cohortId },
    include: { bands: true },
    orderBy: { createdAt: 'desc' },
  });
  const contract = contracts.find((c) => c.version === statement.contractVersion) ?? contracts[0];
  if (!contract) throw new InvalidRequest(`${statement.leadProvider.name} has no contract for the ${statement.cohort.startYear} cohort`);
  const bands: Band[] = contract.bands.map((band) => ({
    name: band.name,
    min: band.min,
    max: band.max,
    perParticipant: money(band.perParticipant),
    outputPaymentPercentage: band.outputPaymentPercentage,
    serviceFeePercentage: band.serviceFeePercentage,
  }));

  const earlier = await db.statement.findMany({
    where: { leadProviderId: statement.leadProviderId, cohortId: statement.cohortId, paymentDate: { lt: statement.paymentDate } },
    select: { id: true },
  });
  const [current, previous] = await Promise.all([lineCounts(db, [statement.id]), lineCounts(db, earlier.map((s) => s.id))]);

  const mentorFunding = statement.cohort.mentorFunding;
  const inBands = (row: LineCount) => !mentorFunding || row.profile_type === 'ect';
  const counts: Record<string, TypeCounts> = {};
  for (const row of current) {
    const entry = (counts[row.declaration_type] ??= { billable: 0, refundable: 0 });
    entry.billable += row.billable;
    entry.refundable += row.refundable;
  }

  const byType = declarationTypes.map((declarationType) => {
    const ofType = (row: LineCount) => row.declaration_type === declarationType && inBands(row);
    const fills = bandFills(
      bands,
      sum(previous, (row) => row.billable - row.refundable, ofType),
      sum(current, (row) => row.billable, ofType),
      sum(current, (row) => row.refundable, ofType),
    );
    const feeOf = (band: string) => outputFeePerDeclaration(bands.find((b) => b.name === band)!, declarationType);
    return {
      declarationType,
      fills,
      additionsFee: fills.reduce((total, fill) => total + fill.additions * feeOf(fill.band), 0),
      deductionsFee: fills.reduce((total, fill) => total + fill.subtractions * feeOf(fill.band), 0),
    };
  });
  const outputFee = byType.reduce((total, entry) => total + entry.additionsFee, 0);
  const clawbackDeductions = byType.reduce((total, entry) => total + entry.deductionsFee, 0);
  const serviceFee = contract.monthlyServiceFee !== null
    ? money(contract.monthlyServiceFee)
    : calculatedServiceFee(bands, contract.recruitmentTarget, money(contract.setUpFee));

  let uplift: StatementCalculation['uplift'] = null;
  if (contract.upliftAmount !== null) {
    const fee = money(contract.upliftAmount);
    const additions = sum(current, (row) => row.uplift_billable, inBands);
    const subtractions = sum(current, (row) => row.uplift_refundable, inBands);
    uplift = { fee, additions, subtractions, total: additions * fee, deductions: subtractions * fee };
  }

  let mentors: StatementCalculation['mentors'] = null;
  if (mentorFunding) {
    const feePerParticipant = money(contract.mentorPaymentPerParticipant ?? 1000);
    const mentorTypes = Object.keys(MENTOR_SHARE).map((declarationType) => {
      const ofType = (row: LineCount) => row.declaration_type === declarationType && row.profile_type === 'mentor';
      const billable = sum(current, (row) => row.billable, ofType);
      const refundable = sum(current, (row) => row.refundable, ofType);
      return { declarationType, billable, refundable, fee: feePerParticipant * MENTOR_SHARE[declarationType]! };
    });
    mentors = {
      feePerParticipant,
      byType: mentorTypes,
      total: mentorTypes.reduce((total, entry) => total + (entry.billable - entry.refundable) * entry.fee, 0),
    };
  }

  const reconcileAmount = money(statement.reconcileAmount);
  const upliftNet = uplift ? uplift.total - uplift.deductions : 0;
  const total = serviceFee + outputFee - clawbackDeductions + upliftNet + (mentors?.total ?? 0) + reconcileAmount;
  const vat = statement.leadProvider.vatChargeable ? total * 0.2 : 0;
  return {
    statement: {
      id: statement.id,
      name: statement.name,
      leadProvider: statement.leadProvider.name,
      cohort: statement.cohort.startYear,
      status: statement.status,
      deadline: isoDate(statement.deadlineDate),
      paymentDate: isoDate(statement.paymentDate),
    },
    counts,
    banded: {
      participants: mentorFunding ? 'ect' : 'all',
      byType,
      feePerDeclaration: bands.flatMap((band) =>
        declarationTypes.map((declarationType) => ({ band: band.name, declarationType, fee: round2(outputFeePerDeclaration(band, declarationType)) })),
      ),
    },
    outputFee: round2(outputFee),
    clawbackDeductions: round2(clawbackDeductions),
    serviceFee: round2(serviceFee),
    uplift: uplift && { ...uplift, total: round2(uplift.total), deductions: round2(uplift.deductions) },
    mentors: mentors && { ...mentors, total: round2(mentors.total) },
    reconcileAmount: round2(reconcileAmount),
    total: round2(total),
    vat: round2(vat),
    totalWithVat: round2(total + vat),
  };
}
