import type { Db } from '../shared/db.ts';
import { calculateStatementAmounts, type StatementAmounts } from './calculation.ts';
import { loadStatementInputs, type StatementHeading } from './loading.ts';
import { statementReport } from './presentation.ts';

// A statement's calculation end to end: load its inputs, calculate (pure, exact decimals), and
// present. The three steps live in loading.ts, calculation.ts and presentation.ts.

export interface StatementCalculation {
  statement: StatementHeading;
  amounts: StatementAmounts;
}

export async function calculateStatement(db: Db, statementId: string): Promise<StatementCalculation> {
  const { statement, inputs } = await loadStatementInputs(db, statementId);
  return { statement, amounts: calculateStatementAmounts(inputs) };
}

/** The calculation as the lines `statements show` prints. */
export const statementCalculationReport = (calculation: StatementCalculation): string[] =>
  statementReport(calculation.statement, calculation.amounts);
