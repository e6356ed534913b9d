import { Prisma, type NpqCourseGroup } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { NPQ_DECLARATION_TYPES } from '../npq/schedules.ts';
import { toPence } from './calculation.ts';
import { gbp } from './presentation.ts';
import { BILLABLE_LINE_STATES, Money, REFUNDABLE_LINE_STATES, VAT_RATE } from './rates.ts';
import type { StatementHeading } from './loading.ts';

// An NPQ statement's output payments (docs/statements.md): each course's contract price per
// participant, of which the output share is paid in equal parts over the course's milestones (so
// a declaration earns price × share ÷ milestones); refunds on the statement take the same amount
// back. Exact decimals throughout; totals are rounded to the penny once.

/** The part of an NPQ contract's per-participant price paid through declarations. */
export const NPQ_OUTPUT_SHARE = new Money('0.6');

export interface NpqLineCount {
  courseIdentifier: string;
  group: NpqCourseGroup;
  declarationType: string;
  billable: number;
  refundable: number;
  /** The provider's contract price for the course in the statement's cohort (null without a contract). */
  perParticipant: Money | null;
}

export interface NpqStatementAmounts {
  lines: (NpqLineCount & { feePerDeclaration: Money; paid: Money; clawedBack: Money })[];
  outputFee: Money;
  clawbacks: Money;
  total: Money;
  vat: Money;
  totalWithVat: Money;
}

export function calculateNpqStatement(counts: NpqLineCount[], vatChargeable: boolean): NpqStatementAmounts {
  const lines = counts.map((count) => {
    const milestones = NPQ_DECLARATION_TYPES[count.group].length;
    const feePerDeclaration = count.perParticipant ? count.perParticipant.times(NPQ_OUTPUT_SHARE).dividedBy(milestones) : new Money(0);
    return { ...count, feePerDeclaration, paid: feePerDeclaration.times(count.billable), clawedBack: feePerDeclaration.times(count.refundable) };
  });
  const outputFee = toPence(lines.reduce((sum, line) => sum.plus(line.paid), new Money(0)));
  const clawbacks = toPence(lines.reduce((sum, line) => sum.plus(line.clawedBack), new Money(0)));
  const total = outputFee.minus(clawbacks);
  const vat = vatChargeable ? toPence(total.times(VAT_RATE)) : new Money(0);
  return { lines, outputFee, clawbacks, total, vat, totalWithVat: total.plus(vat) };
}

type Row = { course_identifier: string; course_group: NpqCourseGroup; declaration_type: string; billable: number; refundable: number; per_participant: string | null };

export async function loadNpqLineCounts(db: Db, statementId: string): Promise<NpqLineCount[]> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT d.course_identifier, c.course_group::text AS course_group, d.declaration_type,
           COUNT(*) FILTER (WHERE li.state::text = ANY(${BILLABLE_LINE_STATES}::text[]))::int AS billable,
           COUNT(*) FILTER (WHERE li.state::text = ANY(${REFUNDABLE_LINE_STATES}::text[]))::int AS refundable,
           (SELECT k.per_participant::text FROM npq_contracts k
             WHERE k.lead_provider_id = s.lead_provider_id AND k.cohort_id = s.cohort_id AND k.npq_course_id = c.id
             ORDER BY string_to_array(k.version, '.')::int[] DESC LIMIT 1) AS per_participant
      FROM statement_line_items li
      JOIN statements s ON s.id = li.statement_id
      JOIN participant_declarations d ON d.id = li.participant_declaration_id
      JOIN npq_courses c ON c.identifier = d.course_identifier
     WHERE li.statement_id = ${statementId}::uuid
     GROUP BY s.lead_provider_id, s.cohort_id, c.id, d.course_identifier, c.course_group, d.declaration_type
     ORDER BY d.course_identifier, d.declaration_type`);
  return rows.map((row) => ({
    courseIdentifier: row.course_identifier,
    group: row.course_group,
    declarationType: row.declaration_type,
    billable: row.billable,
    refundable: row.refundable,
    perParticipant: row.per_participant === null ? null : new Money(row.per_participant),
  }));
}

export function npqStatementReport(statement: StatementHeading, amounts: NpqStatementAmounts): string[] {
  const out = [`${statement.leadProvider} ${statement.name} (NPQ), cohort ${statement.cohort} (${statement.status}; cut-off ${statement.deadline}, payment ${statement.paymentDate})`];
  out.push('Declarations on this statement (payable lines / refunds × fee per declaration):');
  if (amounts.lines.length === 0) out.push('  none');
  for (const line of amounts.lines) {
    const fee = line.perParticipant ? gbp(line.feePerDeclaration) : 'no contract';
    out.push(`  ${line.courseIdentifier} ${line.declarationType}: ${line.billable} / ${line.refundable} × ${fee}`);
  }
  out.push(`Output fee: ${gbp(amounts.outputFee)}`);
  out.push(`Clawbacks: -${gbp(amounts.clawbacks)}`);
  out.push(`Total: ${gbp(amounts.total)}`);
  out.push(`VAT: ${gbp(amounts.vat)}`);
  out.push(`Total with VAT: ${gbp(amounts.totalWithVat)}`);
  return out;
}
