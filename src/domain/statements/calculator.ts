import type { Db } from '../shared/db.ts';
import { calculateStatementAmounts, type StatementAmounts } from './calculation.ts';
import { NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { loadStatementInputs, statementHeading, type StatementHeading } from './loading.ts';
import { calculateNpqStatement, loadNpqLineCounts, npqStatementReport } from './npq-statement.ts';
import { statementReport } from './presentation.ts';

// A statement's calculation end to end: load its inputs, calculate (pure, exact decimals), and
// present. For ECF statements the three steps live in loading.ts, calculation.ts and
// presentation.ts; NPQ statements are calculated in npq-statement.ts.

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

/** What `statements show` prints for any statement, ECF or NPQ. */
export async function statementReportLines(db: Db, statementId: string): Promise<string[]> {
  const statement = isUuid(statementId)
    ? await db.statement.findUnique({ where: { id: statementId.toLowerCase() }, include: { cohort: true, leadProvider: true } })
    : null;
  if (!statement) throw new NotFound(`No statement ${statementId} (see: statements list)`);
  if (statement.type === 'npq') {
    const amounts = calculateNpqStatement(await loadNpqLineCounts(db, statement.id), statement.leadProvider.vatChargeable);
    return npqStatementReport(statementHeading(statement), amounts);
  }
  return statementCalculationReport(await calculateStatement(db, statementId));
}
