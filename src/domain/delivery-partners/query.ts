import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';

// The delivery partners a provider works with (a live provider relationship in some cohort), as
// the v3 API shows them. One query per page.

export interface DeliveryPartnerView {
  id: string;
  name: string;
  /** Start years of every cohort the delivery partner works with this provider in, ascending. */
  cohorts: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryPartnerFilters {
  cohorts?: number[];
}

export const DELIVERY_PARTNER_SORT_COLUMNS = ['created_at', 'updated_at'] as const;
export type DeliveryPartnerSortColumn = (typeof DELIVERY_PARTNER_SORT_COLUMNS)[number];

function select(provider: string): Prisma.Sql {
  return Prisma.sql`
    SELECT dp.id, dp.name, dp.created_at, dp.updated_at,
           ARRAY(SELECT c.start_year::text
                   FROM provider_relationships pr JOIN cohorts c ON c.id = pr.cohort_id
                  WHERE pr.delivery_partner_id = dp.id AND pr.lead_provider_id = ${provider}::uuid AND pr.discarded_at IS NULL
                  ORDER BY c.start_year) AS cohorts
      FROM delivery_partners dp`;
}

function related(provider: string, cohortCondition: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM provider_relationships pr JOIN cohorts c ON c.id = pr.cohort_id
                   WHERE pr.delivery_partner_id = dp.id AND pr.lead_provider_id = ${provider}::uuid
                     AND pr.discarded_at IS NULL AND ${cohortCondition})`;
}

interface DeliveryPartnerRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  cohorts: string[];
}

function toView(row: DeliveryPartnerRow): DeliveryPartnerView {
  return { id: row.id, name: row.name, cohorts: row.cohorts, createdAt: row.created_at, updatedAt: row.updated_at };
}

function order(sort: SortKey<DeliveryPartnerSortColumn>[]): Prisma.Sql {
  const column = { created_at: 'dp.created_at', updated_at: 'dp.updated_at' };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('dp.created_at ASC');
  return Prisma.raw([...keys, `dp.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', '));
}

export async function listDeliveryPartners(
  reader: Reader,
  leadProviderId: string,
  filters: DeliveryPartnerFilters,
  sort: SortKey<DeliveryPartnerSortColumn>[],
  page: Page,
): Promise<DeliveryPartnerView[]> {
  // No cohort filter means every cohort after 2020.
  const cohorts = filters.cohorts ? Prisma.sql`c.start_year = ANY(${filters.cohorts}::int[])` : Prisma.sql`c.start_year > 2020`;
  const rows = await reader.rows<DeliveryPartnerRow>(Prisma.sql`${select(leadProviderId)} WHERE ${related(leadProviderId, cohorts)}
      ORDER BY ${order(sort)} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return rows.map(toView);
}

/** A delivery partner the provider works with in any cohort. */
export async function findDeliveryPartner(reader: Reader, leadProviderId: string, id: string): Promise<DeliveryPartnerView | null> {
  if (!isUuid(id)) return null;
  const rows = await reader.rows<DeliveryPartnerRow>(Prisma.sql`${select(leadProviderId)} WHERE dp.id = ${id.toLowerCase()}::uuid AND ${related(leadProviderId, Prisma.sql`true`)}`,
  );
  return rows[0] ? toView(rows[0]) : null;
}
