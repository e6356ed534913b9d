import type { components } from '../../../generated/v3.ts';
import type { StatementView } from '../../domain/statements/query.ts';
import { isoDate, rfc3339 } from '../../domain/shared/time.ts';
import { statementMonthAndYear } from '../public-names.ts';

export function statement(view: StatementView): components['schemas']['Statement'] {
  const { month, year } = statementMonthAndYear(view.name);
  return {
    id: view.id,
    type: 'statement',
    attributes: {
      month,
      year,
      type: view.type,
      cohort: String(view.cohortStartYear),
      cut_off_date: isoDate(view.deadlineDate),
      payment_date: isoDate(view.paymentDate),
      paid: view.status === 'paid',
      created_at: rfc3339(view.createdAt),
      updated_at: rfc3339(view.updatedAt),
    },
  };
}
