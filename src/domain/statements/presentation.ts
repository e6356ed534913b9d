import type { StatementAmounts } from './calculation.ts';
import { toPence } from './calculation.ts';
import type { StatementHeading } from './loading.ts';
import type { Money } from './rates.ts';

// A statement's calculation as the lines the admin CLI prints. Amounts are formatted from their
// exact decimal strings: whole pounds grouped as a BigInt, pence appended, never via a float.

/** £ with thousands separators, to the penny: £86,758.62 (a negative amount as £-5.00). */
export function gbp(amount: Money): string {
  const pence = toPence(amount);
  const [pounds, fraction] = pence.abs().toFixed(2).split('.') as [string, string];
  return `£${pence.isNegative() && !pence.isZero() ? '-' : ''}${BigInt(pounds).toLocaleString('en-GB')}.${fraction}`;
}

export function statementReport(statement: StatementHeading, amounts: StatementAmounts): string[] {
  const out: string[] = [];
  out.push(`${statement.leadProvider} ${statement.name}, cohort ${statement.cohort} (${statement.status}; cut-off ${statement.deadline}, payment ${statement.paymentDate})`);
  out.push('Declarations on this statement (payable lines / refunds):');
  const types = Object.keys(amounts.counts);
  if (types.length === 0) out.push('  none');
  for (const type of types) out.push(`  ${type}: ${amounts.counts[type]!.billable} / ${amounts.counts[type]!.refundable}`);
  out.push(`Output payments by band (${amounts.banded.participants === 'all' ? 'all participants' : 'ECTs'}):`);
  for (const entry of amounts.banded.byType) {
    const active = entry.fills.filter((fill) => fill.additions || fill.subtractions);
    if (active.length === 0) continue;
    const bands = active.map((fill) => {
      const fee = amounts.banded.feePerDeclaration.find((f) => f.band === fill.band && f.declarationType === entry.declarationType)!.fee;
      return `band ${fill.band} +${fill.additions}/-${fill.subtractions} × ${gbp(fee)}`;
    });
    out.push(`  ${entry.declarationType}: ${bands.join('; ')} = ${gbp(entry.additionsFee)} (clawed back ${gbp(entry.deductionsFee)})`);
  }
  out.push(`Output fee: ${gbp(amounts.outputFee)}`);
  out.push(`Clawbacks: -${gbp(amounts.clawbackDeductions)}`);
  out.push(`Service fee: ${gbp(amounts.serviceFee)}`);
  if (amounts.uplift) {
    const u = amounts.uplift;
    out.push(`Uplifts: ${u.additions} × ${gbp(u.fee)} = ${gbp(u.total)}, clawed back ${u.subtractions} = -${gbp(u.deductions)}`);
  } else {
    out.push('Uplifts: none under this contract');
  }
  if (amounts.mentors) {
    const m = amounts.mentors;
    const parts = m.byType.map((entry) => `${entry.declarationType} ${entry.billable}/-${entry.refundable} × ${gbp(entry.fee)}`);
    out.push(`Mentors (flat rate ${gbp(m.feePerParticipant)}): ${parts.join('; ')} = ${gbp(m.total)}`);
  }
  if (!amounts.reconcileAmount.isZero()) out.push(`Reconciliation: ${gbp(amounts.reconcileAmount)}`);
  out.push(`Total: ${gbp(amounts.total)}`);
  out.push(`VAT: ${gbp(amounts.vat)}`);
  out.push(`Total with VAT: ${gbp(amounts.totalWithVat)}`);
  return out;
}
