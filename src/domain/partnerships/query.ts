import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';

// The provider's partnerships as the v3 API shows them (docs/partnerships.md): its own, never the
// relationship links made for transfers, challenged ones included. One query per page.

export interface PartnershipView {
  id: string;
  cohort: string;
  urn: string;
  schoolId: string;
  deliveryPartnerId: string;
  deliveryPartnerName: string | null;
  challengeReason: string | null;
  challengedAt: Date | null;
  inductionTutorName: string | null;
  inductionTutorEmail: string | null;
  createdAt: Date;
  /** The latest of the partnership, its school (and so its induction tutor) and its delivery partner. */
  updatedAt: Date;
}

export interface PartnershipFilters {
  cohorts?: number[];
  deliveryPartnerIds?: string[];
  updatedSince?: Date;
}

export const PARTNERSHIP_SORT_COLUMNS = ['created_at', 'updated_at'] as const;
export type PartnershipSortColumn = (typeof PARTNERSHIP_SORT_COLUMNS)[number];

const UPDATED_AT = Prisma.raw('GREATEST(p.updated_at, s.updated_at, dp.updated_at)');

const SELECT = Prisma.sql`
  SELECT p.id, c.start_year, s.urn, p.school_id, p.delivery_partner_id, dp.name AS delivery_partner_name,
         p.challenge_reason, p.challenged_at, s.induction_tutor_name, s.induction_tutor_email,
         p.created_at, ${UPDATED_AT} AS updated_at
    FROM partnerships p
    JOIN cohorts c ON c.id = p.cohort_id
    JOIN schools s ON s.id = p.school_id
    JOIN delivery_partners dp ON dp.id = p.delivery_partner_id`;

interface PartnershipRow {
  id: string;
  start_year: number;
  urn: string;
  school_id: string;
  delivery_partner_id: string;
  delivery_partner_name: string | null;
  challenge_reason: string | null;
  challenged_at: Date | null;
  induction_tutor_name: string | null;
  induction_tutor_email: string | null;
  created_at: Date;
  updated_at: Date;
}

function toView(row: PartnershipRow): PartnershipView {
  return {
    id: row.id,
    cohort: String(row.start_year),
    urn: row.urn,
    schoolId: row.school_id,
    deliveryPartnerId: row.delivery_partner_id,
    deliveryPartnerName: row.delivery_partner_name,
    challengeReason: row.challenge_reason,
    challengedAt: row.challenged_at,
    inductionTutorName: row.induction_tutor_name,
    inductionTutorEmail: row.induction_tutor_email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function order(sort: SortKey<PartnershipSortColumn>[]): Prisma.Sql {
  const column = { created_at: 'p.created_at', updated_at: UPDATED_AT.text };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('p.created_at ASC');
  // Ties break in the direction of the first key, so `-created_at` is exactly `created_at` reversed.
  return Prisma.raw([...keys, `p.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', '));
}

export async function listPartnerships(
  reader: Reader,
  leadProviderId: string,
  filters: PartnershipFilters,
  sort: SortKey<PartnershipSortColumn>[],
  page: Page,
): Promise<PartnershipView[]> {
  const conditions = [Prisma.sql`p.lead_provider_id = ${leadProviderId}::uuid`, Prisma.sql`NOT p.relationship`];
  // No cohort filter means every cohort after 2020.
  conditions.push(filters.cohorts ? Prisma.sql`c.start_year = ANY(${filters.cohorts}::int[])` : Prisma.sql`c.start_year > 2020`);
  if (filters.deliveryPartnerIds) conditions.push(Prisma.sql`p.delivery_partner_id = ANY(${filters.deliveryPartnerIds}::uuid[])`);
  if (filters.updatedSince) conditions.push(Prisma.sql`${UPDATED_AT} >= ${filters.updatedSince}::timestamptz`);
  const rows = await reader.rows<PartnershipRow>(Prisma.sql`${SELECT} WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY ${order(sort)} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return rows.map(toView);
}

export async function findPartnership(reader: Reader, leadProviderId: string, id: string): Promise<PartnershipView | null> {
  if (!isUuid(id)) return null;
  const rows = await reader.rows<PartnershipRow>(Prisma.sql`${SELECT} WHERE p.id = ${id.toLowerCase()}::uuid AND p.lead_provider_id = ${leadProviderId}::uuid AND NOT p.relationship`,
  );
  return rows[0] ? toView(rows[0]) : null;
}
