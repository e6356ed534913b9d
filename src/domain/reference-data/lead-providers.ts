/**
 * ECF lead providers and their call-off contracts (how contracts pay: docs/statements.md).
 *
 * SANDBOX FIGURES: the provider names are real; every contract number below is invented but
 * plausible (DfE contract values are not public). Every provider gets a contract for every
 * cohort 2021–2025 so that sandbox integrations can exercise all of them.
 */

export const leadProviderNames = [
  'Ambition Institute',
  'Best Practice Network',
  'Capita',
  'Teach First',
  'National Institute of Teaching',
  'Education Development Trust',
  'UCL Institute of Education',
] as const;
export type LeadProviderName = (typeof leadProviderNames)[number];

export interface ParticipantBandDefinition {
  band: 'A' | 'B' | 'C' | 'D';
  min: number;
  /** null = no upper bound */
  max: number | null;
  /** £ per participant */
  perParticipant: number;
  outputPaymentPercentage: number;
  serviceFeePercentage: number;
}

export interface CallOffContractDefinition {
  version: string;
  recruitmentTarget: number;
  setUpFee: number;
  /** £ per `started` declaration with a sparsity or pupil-premium uplift; null = no uplifts (2025+) */
  upliftAmount: number | null;
  /** share of participants expected to attract an uplift; null when there are no uplifts */
  upliftTarget: number | null;
  /** null = derived from the bands and the recruitment target (÷ 29 monthly payments) */
  monthlyServiceFee: number | null;
  bands: ParticipantBandDefinition[];
}

/** Flat-rate mentor contract, cohorts with `mentorFunding` (2025+). */
export interface MentorCallOffContractDefinition {
  version: string;
  recruitmentTarget: number;
  /** £; paid half on `started`, half on `completed` */
  paymentPerParticipant: number;
}

export interface ContractDefinition {
  leadProviderName: LeadProviderName;
  cohortStartYear: number;
  callOffContract: CallOffContractDefinition;
  mentorCallOffContract: MentorCallOffContractDefinition | null;
}

/** Sandbox: ECT recruitment target per cohort (sized so the largest provider has ~60k participants in all). */
const recruitmentTargets: Record<LeadProviderName, number> = {
  'Ambition Institute': 12_000,
  'Teach First': 10_000,
  'Education Development Trust': 7_000,
  'UCL Institute of Education': 6_000,
  'Best Practice Network': 4_500,
  'National Institute of Teaching': 3_500,
  Capita: 2_500,
};

/** Sandbox: £ per participant in bands A–D, by cohort. */
const bandRates: Record<number, readonly [number, number, number, number]> = {
  2021: [995, 979, 966, 951],
  2022: [1_005, 989, 975, 960],
  2023: [1_030, 1_013, 998, 983],
  2024: [1_065, 1_048, 1_032, 1_016],
  2025: [1_180, 1_160, 1_140, 1_120],
};

/** Band limits (participants per band): A 0–2000, B 2001–4000, C 4001–6000, D 6001+. */
const bandLimits = [
  ['A', 0, 2_000],
  ['B', 2_001, 4_000],
  ['C', 4_001, 6_000],
  ['D', 6_001, null],
] as const;

const MENTOR_PAYMENT_PER_PARTICIPANT = 1_000;

function callOffContract(cohortStartYear: number, recruitmentTarget: number): CallOffContractDefinition {
  const rates = bandRates[cohortStartYear]!;
  const bands = bandLimits.map(([band, min, max], i) => ({
    band,
    min,
    max,
    perParticipant: rates[i]!,
    outputPaymentPercentage: 60,
    serviceFeePercentage: 40,
  }));
  const from2025 = cohortStartYear >= 2025; // mentor funding era: no uplifts, fixed service fee
  return {
    version: '0.0.1',
    recruitmentTarget,
    // Set-up fees were paid once, on the first (2021) contracts.
    setUpFee: cohortStartYear === 2021 ? Math.round(recruitmentTarget * 12.5) : 0,
    upliftAmount: from2025 ? null : 100,
    upliftTarget: from2025 ? null : 0.33,
    // 2025 contracts fix the monthly service fee (here: 40% of band A per target participant over
    // 29 months); earlier cohorts derive it from the bands.
    monthlyServiceFee: from2025 ? Math.round((recruitmentTarget * rates[0] * 0.4) / 29) : null,
    bands,
  };
}

export const contractDefinitions: readonly ContractDefinition[] = [2021, 2022, 2023, 2024, 2025].flatMap(
  (cohortStartYear) =>
    leadProviderNames.map((leadProviderName) => {
      const target = recruitmentTargets[leadProviderName];
      return {
        leadProviderName,
        cohortStartYear,
        callOffContract: callOffContract(cohortStartYear, target),
        mentorCallOffContract:
          cohortStartYear >= 2025
            ? { version: '0.0.1', recruitmentTarget: Math.round(target * 0.6), paymentPerParticipant: MENTOR_PAYMENT_PER_PARTICIPANT }
            : null,
      };
    }),
);

export function contractFor(leadProviderName: LeadProviderName, cohortStartYear: number): ContractDefinition | undefined {
  return contractDefinitions.find((c) => c.leadProviderName === leadProviderName && c.cohortStartYear === cohortStartYear);
}
