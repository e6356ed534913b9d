/**
 * The ECF statement calendar (docs/statements.md):
 * the statements each lead provider with a contract gets for a cohort.
 */

export interface StatementDefinition {
  /** "Month YYYY", e.g. "November 2021" */
  name: string;
  /** YYYY-MM-DD; the API's `cut_off_date` */
  deadlineDate: string;
  /** YYYY-MM-DD */
  paymentDate: string;
  /** output statements are the ones declarations attach to and the API lists */
  outputFee: boolean;
}

export type StatementStatus = 'open' | 'payable' | 'paid';

const monthNames = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Last statement month ("YYYY-MM") per cohort; 2024 onwards run to May of start year + 3. */
const lastMonth: Record<number, string> = { 2021: '2024-09', 2022: '2025-08', 2023: '2026-08' };

/** Output-fee months ("YYYY-MM"), the months whose statements pay declarations; every other month is service-fee only. */
const outputMonths: Record<number, readonly string[]> = {
  2021: ['2021-11', '2022-02', '2022-05', '2022-06', '2022-10', '2023-02', '2023-05', '2023-10', '2024-02', '2024-05', '2024-08'],
  2022: ['2022-11', '2023-02', '2023-05', '2023-06', '2023-10', '2024-02', '2024-05', '2024-10', '2025-02', '2025-05', '2025-08'],
  2023: ['2024-01', '2024-04', '2024-08', '2024-10', '2025-01', '2025-04', '2025-08', '2025-10', '2026-01', '2026-04', '2026-08'],
  2024: ['2025-01', '2025-04', '2025-08', '2025-10', '2026-01', '2026-04', '2026-08', '2026-10', '2027-01', '2027-04'],
  2025: ['2026-01', '2026-04', '2026-08', '2026-10', '2027-01', '2027-04', '2027-08', '2027-10', '2028-01', '2028-04'],
};

/**
 * 2021 and 2022 open with a "November" output statement whose deadline = payment = 30 Nov, and
 * there is no December statement in that first year: the January statement (deadline 31 Dec)
 * follows it directly.
 */
const FIRST_NOVEMBER_SPECIAL = new Set([2021, 2022]);

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;
/** Last day of `month` (1-12) of `year`; month 0 means December of year - 1. */
const lastDayOf = (year: number, month: number): string => {
  const d = new Date(Date.UTC(year, month, 0));
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

export function statementCalendar(cohortStartYear: number): StatementDefinition[] {
  const outputs = outputMonths[cohortStartYear];
  if (!outputs) return [];
  const end = lastMonth[cohortStartYear] ?? `${cohortStartYear + 3}-05`;
  const special = FIRST_NOVEMBER_SPECIAL.has(cohortStartYear);
  const statements: StatementDefinition[] = [];
  for (let i = 10; ; i++) {
    const year = cohortStartYear + Math.floor(i / 12);
    const month = (i % 12) + 1;
    const key = `${year}-${pad(month)}`;
    if (key > end) break;
    if (special && key === `${cohortStartYear}-12`) continue;
    const firstNovember = special && key === `${cohortStartYear}-11`;
    statements.push({
      name: `${monthNames[month - 1]} ${year}`,
      // The CSV's January deadlines of year 2+ read 31 Dec of the *same* year (a typo): we use the
      // intended last day of the previous month throughout.
      deadlineDate: firstNovember ? isoDate(year, 11, 30) : lastDayOf(year, month - 1),
      paymentDate: isoDate(year, month, firstNovember ? 30 : 25),
      outputFee: outputs.includes(key),
    });
  }
  return statements;
}

/**
 * The state a statement is created in when imported on `today` (YYYY-MM-DD): Paid once its
 * payment date has passed, Payable once its deadline has passed, otherwise open.
 */
export function statementStatusOn(
  statement: Pick<StatementDefinition, 'deadlineDate' | 'paymentDate'>,
  today: string,
): StatementStatus {
  if (statement.paymentDate < today) return 'paid';
  if (statement.deadlineDate < today) return 'payable';
  return 'open';
}
