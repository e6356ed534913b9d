import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';

// Schools as the v3 API shows them, always for one cohort (docs/partnerships.md): those a
// provider could partner with (eligible and not registered only for school-led training) plus
// any school already in an unchallenged partnership for the cohort. A page costs two queries:
// the ids in order on the schools table, then their attributes.

export interface SchoolView {
  id: string;
  name: string;
  urn: string;
  cohort: string;
  inPartnership: boolean;
  /** The school cohort's stored choice; null when the school has made none for the cohort. */
  inductionProgrammeChoice: string | null;
  createdAt: Date;
  /** The latest of the school and its record for the cohort. */
  updatedAt: Date;
}

export interface SchoolFilters {
  /** The required cohort: a start year, or null for a value that cannot name one (matches nothing). */
  cohortStartYear: number | null;
  urn?: string;
  updatedSince?: Date;
}

export const SCHOOL_SORT_COLUMNS = ['created_at', 'updated_at'] as const;
export type SchoolSortColumn = (typeof SCHOOL_SORT_COLUMNS)[number];

const UNCHALLENGED = Prisma.raw('p.challenged_at IS NULL AND p.challenge_reason IS NULL');
const UPDATED_AT = Prisma.raw('GREATEST(s.updated_at, COALESCE(sc.updated_at, s.updated_at))');

/**
 * The schools listed for a cohort. Whether an ineligible school has a confirmed partnership is
 * looked up (by index) only for ineligible schools: most schools are eligible, so walking a page
 * in order costs a probe for a few rows rather than a scan of every partnership of the cohort.
 */
function listedSchools(cohort: string, withSchoolCohort: boolean): Prisma.Sql {
  return Prisma.sql`
    FROM schools s
    ${withSchoolCohort ? Prisma.sql`LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.cohort_id = ${cohort}::uuid` : Prisma.empty}
    LEFT JOIN LATERAL (
      SELECT true AS confirmed FROM partnerships p
       WHERE NOT (s.eligible AND NOT s.cip_only)
         AND p.school_id = s.id AND p.cohort_id = ${cohort}::uuid AND NOT p.relationship AND ${UNCHALLENGED}
       LIMIT 1
    ) partnered ON true
    WHERE ((s.eligible AND NOT s.cip_only) OR partnered.confirmed)`;
}

interface SchoolRow {
  id: string;
  name: string;
  urn: string;
  created_at: Date;
  updated_at: Date;
  induction_programme_choice: string | null;
  in_partnership: boolean;
}

/** One query for the attributes of the given schools (in the given order), for one cohort. */
async function hydrate(reader: Reader, schoolIds: string[], cohortId: string, startYear: number): Promise<SchoolView[]> {
  if (schoolIds.length === 0) return [];
  const rows = await reader.rows<SchoolRow>(Prisma.sql`SELECT s.id, s.name, s.urn, s.created_at, ${UPDATED_AT} AS updated_at,
            sc.induction_programme_choice::text AS induction_programme_choice,
            EXISTS (SELECT 1 FROM partnerships p WHERE p.school_id = s.id AND p.cohort_id = ${cohortId}::uuid AND ${UNCHALLENGED}) AS in_partnership
       FROM unnest(${schoolIds}::uuid[]) WITH ORDINALITY AS page(id, position)
       JOIN schools s ON s.id = page.id
       LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.cohort_id = ${cohortId}::uuid
      ORDER BY page.position`,
  );
  return rows.map((row) => toView(row, startYear));
}

function toView(row: SchoolRow, startYear: number): SchoolView {
  return {
    id: row.id,
    name: row.name,
    urn: row.urn,
    cohort: String(startYear),
    inPartnership: row.in_partnership,
    inductionProgrammeChoice: row.induction_programme_choice,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function order(sort: SortKey<SchoolSortColumn>[]): Prisma.Sql {
  const column = { created_at: 's.created_at', updated_at: UPDATED_AT.text };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('s.created_at ASC');
  return Prisma.raw([...keys, `s.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', '));
}

async function cohortId(reader: Reader, startYear: number | null): Promise<string | null> {
  if (startYear === null) return null;
  const [cohort] = await reader.rows<{ id: string }>(Prisma.sql`SELECT id FROM cohorts WHERE start_year = ${startYear}`);
  return cohort?.id ?? null;
}

/** A page of the cohort's schools: their ids in order on the schools table, then their attributes. */
export async function listSchools(reader: Reader, filters: SchoolFilters, sort: SortKey<SchoolSortColumn>[], page: Page): Promise<SchoolView[]> {
  const id = await cohortId(reader, filters.cohortStartYear);
  if (!id) return [];
  const conditions: Prisma.Sql[] = [];
  if (filters.urn !== undefined) conditions.push(Prisma.sql`AND s.urn = ${filters.urn}`);
  if (filters.updatedSince) {
    const since = filters.updatedSince;
    conditions.push(Prisma.sql`AND (s.updated_at >= ${since}::timestamptz OR sc.updated_at >= ${since}::timestamptz)`);
  }
  // The school cohort is only needed to page when the order or a filter reads its updated_at.
  const withSchoolCohort = filters.updatedSince !== undefined || sort.some((key) => key.column === 'updated_at');
  const rows = await reader.rows<{ id: string }>(Prisma.sql`SELECT s.id ${listedSchools(id, withSchoolCohort)} ${conditions.length > 0 ? Prisma.join(conditions, ' ') : Prisma.empty}
      ORDER BY ${order(sort)} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return hydrate(reader, rows.map((row) => row.id), id, filters.cohortStartYear!);
}

export async function findSchool(reader: Reader, schoolId: string, cohortStartYear: number | null): Promise<SchoolView | null> {
  if (!isUuid(schoolId)) return null;
  const id = await cohortId(reader, cohortStartYear);
  if (!id) return null;
  const listed = await reader.rows<{ id: string }>(Prisma.sql`SELECT s.id ${listedSchools(id, false)} AND s.id = ${schoolId.toLowerCase()}::uuid`,
  );
  if (listed.length === 0) return null;
  return (await hydrate(reader, [listed[0]!.id], id, cohortStartYear!))[0] ?? null;
}
