import type { Prisma, StatementType } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page } from '../shared/paging.ts';

// A provider's financial statements (docs/statements.md): the list shows output statements only,
// ordered by payment date; show finds any of the provider's statements.

export interface StatementView {
  id: string;
  name: string;
  type: StatementType;
  cohortStartYear: number;
  deadlineDate: Date;
  paymentDate: Date;
  status: 'open' | 'payable' | 'paid';
  outputFee: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StatementFilters {
  cohorts?: number[];
  /** `filter[type]`: `ecf` or `npq`; any other value matches nothing. */
  type?: string;
  updatedSince?: Date;
}

const SELECT = {
  id: true,
  name: true,
  type: true,
  deadlineDate: true,
  paymentDate: true,
  status: true,
  outputFee: true,
  createdAt: true,
  updatedAt: true,
  cohort: { select: { startYear: true } },
} as const;

type StatementRow = Prisma.StatementGetPayload<{ select: typeof SELECT }>;

function toView(row: StatementRow): StatementView {
  const { cohort, ...rest } = row;
  return { ...rest, cohortStartYear: cohort.startYear };
}

export async function listStatements(db: Db, leadProviderId: string, filters: StatementFilters, page: Page): Promise<StatementView[]> {
  if (filters.type !== undefined && filters.type !== 'ecf' && filters.type !== 'npq') return [];
  if (page.offset >= Number.MAX_SAFE_INTEGER - page.limit) return [];
  const rows = await db.statement.findMany({
    where: {
      leadProviderId,
      outputFee: true,
      ...(filters.type ? { type: filters.type } : {}),
      cohort: filters.cohorts ? { startYear: { in: filters.cohorts } } : { startYear: { gt: 2020 } },
      ...(filters.updatedSince ? { updatedAt: { gte: filters.updatedSince } } : {}),
    },
    // Several cohorts share payment dates: the cohort, then creation, then id keep pages stable.
    orderBy: [{ paymentDate: 'asc' }, { cohort: { startYear: 'asc' } }, { createdAt: 'asc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
    select: SELECT,
  });
  return rows.map(toView);
}

export async function findStatement(db: Db, leadProviderId: string, id: string): Promise<StatementView | null> {
  if (!isUuid(id)) return null;
  const row = await db.statement.findFirst({ where: { id: id.toLowerCase(), leadProviderId }, select: SELECT });
  return row ? toView(row) : null;
}
