import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';
import { latestInductionRecordFirst, providerSeesProfile } from '../shared/sql-fragments.ts';

// v3 unfunded mentors (docs/participants.md): the mentors named on the latest records the provider sees
// of its ECTs whose own mentor registration the provider does not train. One item per mentor
// (user); `updated_at` is the user's, which assigning a mentor moves.

export interface UnfundedMentor {
  id: string;
  fullName: string;
  email: string;
  trn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type UnfundedMentorSortColumn = 'created_at' | 'updated_at';
export const UNFUNDED_MENTOR_SORT_COLUMNS = ['created_at', 'updated_at'] as const;

export interface UnfundedMentorFilters {
  updatedSince?: Date;
}

/**
 * The provider's unfunded mentors' user ids: mentors named on the records it sees whose own
 * registration it does not see. Worked out first (a few thousand at most), so the page query
 * then reads users by primary key.
 */
async function unfundedMentorIds(reader: Reader, leadProviderId: string): Promise<string[]> {
  const rows = await reader.rows<{ id: string }>(Prisma.sql`SELECT DISTINCT v.mentor_user_id AS id
       FROM participant_visibility v
      WHERE v.lead_provider_id = ${leadProviderId}::uuid AND v.mentor_profile_id IS NOT NULL
        AND NOT ${providerSeesProfile(leadProviderId, 'v.mentor_profile_id')}`,
  );
  return rows.map((row) => row.id);
}

/** One user is an unfunded mentor of the provider. */
function isUnfundedMentor(provider: string): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM participant_profiles mp
      JOIN participant_visibility v ON v.lead_provider_id = ${provider}::uuid AND v.mentor_profile_id = mp.id
     WHERE mp.user_id = u.id
       AND NOT ${providerSeesProfile(provider, 'mp.id')})`;
}

function order(sort: SortKey<UnfundedMentorSortColumn>[]): Prisma.Sql {
  const keys = sort.map((key) => `u.${key.column} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('u.created_at ASC');
  return Prisma.raw([...keys, `u.id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', '));
}

const HYDRATE = Prisma.sql`
  SELECT u.id, u.full_name, u.created_at, u.updated_at, tp.trn, COALESCE(preferred.email, u.email) AS email
    FROM users u
    LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
    LEFT JOIN LATERAL (
      SELECT pi.email
        FROM participant_profiles mp
        JOIN induction_records ir ON ir.participant_profile_id = mp.id
        JOIN participant_identities pi ON pi.id = ir.preferred_identity_id
       WHERE mp.user_id = u.id AND mp.profile_type = 'mentor'
       ORDER BY ${latestInductionRecordFirst()} LIMIT 1
    ) preferred ON true`;

interface Row {
  id: string;
  full_name: string;
  email: string;
  trn: string | null;
  created_at: Date;
  updated_at: Date;
}

const toMentor = (row: Row): UnfundedMentor => ({
  id: row.id,
  fullName: row.full_name,
  email: row.email,
  trn: row.trn,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listUnfundedMentors(
  reader: Reader,
  leadProviderId: string,
  filters: UnfundedMentorFilters,
  sort: SortKey<UnfundedMentorSortColumn>[],
  page: Page,
): Promise<UnfundedMentor[]> {
  const ids = await unfundedMentorIds(reader, leadProviderId);
  if (ids.length === 0) return [];
  const conditions = [Prisma.sql`u.id = ANY(${ids}::uuid[])`];
  if (filters.updatedSince) conditions.push(Prisma.sql`u.updated_at >= ${filters.updatedSince}::timestamptz`);
  const rows = await reader.rows<Row>(Prisma.sql`WITH page AS (
       SELECT u.id FROM users u WHERE ${Prisma.join(conditions, ' AND ')}
        ORDER BY ${order(sort)} LIMIT ${page.limit} OFFSET ${page.offset}
     )
     ${HYDRATE} WHERE u.id IN (SELECT id FROM page) ORDER BY ${order(sort)}`,
  );
  return rows.map(toMentor);
}

export async function findUnfundedMentor(reader: Reader, leadProviderId: string, userId: string): Promise<UnfundedMentor | null> {
  if (!isUuid(userId)) return null;
  const rows = await reader.rows<Row>(Prisma.sql`${HYDRATE} WHERE u.id = ${userId.toLowerCase()}::uuid AND ${isUnfundedMentor(leadProviderId)}`,
  );
  return rows[0] ? toMentor(rows[0]) : null;
}
