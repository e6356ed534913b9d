import type { Db } from '../shared/db.ts';
import { SqlParams } from '../shared/sql.ts';
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

const UNCHALLENGED = 'p.challenged_at IS NULL AND p.challenge_reason IS NULL';
const UPDATED_AT = 'GREATEST(s.updated_at, COALESCE(sc.updated_at, s.updated_at))';

/**
 * The schools listed for a cohort. Whether an ineligible school has a confirmed partnership is
 * looked up (by index) only for ineligible schools: most schools are eligible, so walking a page
 * in order costs a probe for a few rows rather than a scan of every partnership of the cohort.
 */
function listedSchools(cohort: string, withSchoolCohort: boolean): string {
  return `
    FROM schools s
    ${withSchoolCohort ? `LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.cohort_id = ${cohort}` : ''}
    LEFT JOIN LATERAL (
      SELECT true AS confirmed FROM partnerships p
       WHERE NOT (s.eligible AND NOT s.cip_only)
         AND p.school_id = s.id AND p.cohort_id = ${cohort} AND NOT p.relationship AND ${UNCHALLENGED}
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
async function hydrate(db: Db, schoolIds: string[], cohortId: string, startYear: number): Promise<SchoolView[]> {
  if (schoolIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<SchoolRow[]>(
    `SELECT s.id, s.name, s.urn, s.created_at, ${UPDATED_AT} AS updated_at,
            sc.induction_programme_choice::text AS induction_programme_choice,
            EXISTS (SELECT 1 FROM partnerships p WHERE p.school_id = s.id AND p.cohort_id = $2::uuid AND ${UNCHALLENGED}) AS in_partnership
       FROM unnest($1::uuid[]) WITH ORDINALITY AS page(id, position)
       JOIN schools s ON s.id = page.id
       LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.cohort_id = $2::uuid
      ORDER BY page.position`,
    schoolIds,
    cohortId,
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

function order(sort: SortKey<SchoolSortColumn>[]): string {
  const column = { created_at: 's.created_at', updated_at: UPDATED_AT };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('s.created_at ASC');
  return [...keys, `s.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', ');
}

async function cohortId(db: Db, startYear: number | null): Promise<string | null> {
  if (startYear === null) return null;
  return (await db.cohort.findUnique({ where: { startYear }, select: { id: true } }))?.id ?? null;
}

/** A page of the cohort's schools: their ids in order on the schools table, then their attributes. */
export async function listSchools(db: Db, filters: SchoolFilters, sort: SortKey<SchoolSortColumn>[], page: Page): Promise<SchoolView[]> {
  const id = await cohortId(db, filters.cohortStartYear);
  if (!id) return [];
  const params = new SqlParams();
  const cohort = `${params.add(id)}::uuid`;
  const conditions: string[] = [];
  if (filters.urn !== undefined) conditions.push(`s.urn = ${params.add(filters.urn)}`);
  if (filters.updatedSince) {
    const since = `${params.add(filters.updatedSince)}::timestamptz`;
    conditions.push(`(s.updated_at >= ${since} OR sc.updated_at >= ${since})`);
  }
  // The school cohort is only needed to page when the order or a filter reads its updated_at.
  const withSchoolCohort = filters.updatedSince !== undefined || sort.some((key) => key.column === 'updated_at');
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT s.id ${listedSchools(cohort, withSchoolCohort)} ${conditions.map((condition) => `AND ${condition}`).join(' ')}
      ORDER BY ${order(sort)} LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}`,
    ...params.values,
  );
  return hydrate(db, rows.map((row) => row.id), id, filters.cohortStartYear!);
}

export async function findSchool(db: Db, schoolId: string, cohortStartYear: number | null): Promise<SchoolView | null> {
  if (!isUuid(schoolId)) return null;
  const id = await cohortId(db, cohortStartYear);
  if (!id) return null;
  const listed = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT s.id ${listedSchools('$1::uuid', false)} AND s.id = $2::uuid`,
    id,
    schoolId.toLowerCase(),
  );
  if (listed.length === 0) return null;
  return (await hydrate(db, [listed[0]!.id], id, cohortStartYear!))[0] ?? null;
}
