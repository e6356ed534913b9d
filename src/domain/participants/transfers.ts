import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isoDate, latest } from '../shared/time.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page } from '../shared/paging.ts';

// v3 participant transfers (docs/participants.md): people, involved with the provider, who have been
// reported as leaving a school, each with the moves that concern the provider. The page is chosen
// in SQL; the leaving/joining pairs are then worked out from the page's induction records.

export interface TransferSide {
  schoolUrn: string;
  provider: string | null;
  date: Date | null;
}

export interface Transfer {
  trainingRecordId: string;
  transferType: 'new_school' | 'new_provider' | 'unknown';
  status: 'complete' | 'incomplete';
  leaving: TransferSide;
  joining: TransferSide | null;
  createdAt: Date;
}

export interface ParticipantTransfers {
  id: string;
  updatedAt: Date;
  transfers: Transfer[];
}

export interface TransferFilters {
  updatedSince?: Date;
}

/**
 * The people listed for a provider: someone with a `leaving` record on a registration that has,
 * under one of the provider's partnerships, a school-transfer record or a leaving record.
 */
function transferSetConditions(leadProviderId: string): Prisma.Sql {
  return Prisma.sql`u.id IN (
    SELECT pp.user_id
      FROM partnerships p
      JOIN induction_programmes ip ON ip.partnership_id = p.id
      JOIN induction_records ir ON ir.induction_programme_id = ip.id
      JOIN participant_profiles pp ON pp.id = ir.participant_profile_id
     WHERE p.lead_provider_id = ${leadProviderId}::uuid
       AND (ir.school_transfer OR ir.induction_status = 'leaving')
       AND EXISTS (SELECT 1 FROM induction_records l WHERE l.participant_profile_id = pp.id AND l.induction_status = 'leaving'))`;
}

interface RecordRow {
  user_id: string;
  profile_id: string;
  id: string;
  induction_status: string;
  school_transfer: boolean;
  start_date: Date;
  end_date: Date | null;
  created_at: Date;
  updated_at: Date;
  school_id: string;
  urn: string;
  lead_provider_id: string | null;
  lead_provider_name: string | null;
}

function side(record: RecordRow, date: Date | null): TransferSide {
  return { schoolUrn: record.urn, provider: record.lead_provider_name, date };
}

/** `incomplete` while the later of the leaving and joining dates is after today. */
function transferStatus(leaving: RecordRow, joining: RecordRow | null, now: Date): Transfer['status'] {
  const dates = [leaving.end_date, joining?.start_date ?? null].filter((date): date is Date => date !== null);
  if (dates.length === 0) return 'incomplete';
  return isoDate(latest(...dates)) > isoDate(now) ? 'incomplete' : 'complete';
}

/**
 * Pairs one registration's records, oldest first: each `leaving` record with the first record not
 * yet paired that is not leaving, is at another school and is a school transfer (as the DfE
 * service's BuildTransfers does). A pair is the provider's when it is on either side; an unpaired
 * leaving record when it is the leaving side.
 */
function buildTransfers(records: RecordRow[], leadProviderId: string, now: Date): { transfers: Transfer[]; records: RecordRow[] } {
  const used = new Set<string>();
  const transfers: Transfer[] = [];
  const involved: RecordRow[] = [];
  for (const leaving of records) {
    if (leaving.induction_status !== 'leaving') continue;
    used.add(leaving.id);
    const joining =
      records.find(
        (candidate) =>
          !used.has(candidate.id) &&
          candidate.induction_status !== 'leaving' &&
          candidate.school_id !== leaving.school_id &&
          candidate.school_transfer,
      ) ?? null;
    if (joining) used.add(joining.id);
    const ours = leaving.lead_provider_id === leadProviderId || (joining !== null && joining.lead_provider_id === leadProviderId);
    if (!ours) continue;
    const newProvider =
      joining !== null && leaving.lead_provider_id !== null && joining.lead_provider_id !== null && leaving.lead_provider_id !== joining.lead_provider_id;
    transfers.push({
      trainingRecordId: leaving.profile_id,
      transferType: joining === null ? 'unknown' : newProvider ? 'new_provider' : 'new_school',
      status: transferStatus(leaving, joining, now),
      leaving: side(leaving, leaving.end_date),
      joining: joining && side(joining, joining.start_date),
      createdAt: leaving.created_at,
    });
    involved.push(leaving, ...(joining ? [joining] : []));
  }
  return { transfers, records: involved };
}

async function hydrate(reader: Reader, leadProviderId: string, users: { id: string; updated_at: Date }[], now: Date): Promise<ParticipantTransfers[]> {
  if (users.length === 0) return [];
  const rows = await reader.rows<RecordRow>(Prisma.sql`SELECT pp.user_id, pp.id AS profile_id, ir.id, ir.induction_status::text AS induction_status, ir.school_transfer,
            ir.start_date, ir.end_date, ir.created_at, ir.updated_at, sc.school_id, s.urn,
            p.lead_provider_id, lp.name AS lead_provider_name
       FROM participant_profiles pp
       JOIN induction_records ir ON ir.participant_profile_id = pp.id
       JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
       JOIN school_cohorts sc ON sc.id = ip.school_cohort_id
       JOIN schools s ON s.id = sc.school_id
       LEFT JOIN partnerships p ON p.id = ip.partnership_id
       LEFT JOIN lead_providers lp ON lp.id = p.lead_provider_id
      WHERE pp.user_id = ANY(${users.map((user) => user.id)}::uuid[])
      ORDER BY pp.user_id, pp.created_at, pp.id, ir.created_at, ir.id`,
  );
  const byProfile = new Map<string, RecordRow[]>();
  for (const row of rows) {
    const list = byProfile.get(row.profile_id) ?? [];
    list.push(row);
    byProfile.set(row.profile_id, list);
  }
  const byUser = new Map<string, RecordRow[][]>();
  for (const list of byProfile.values()) {
    const userId = list[0]!.user_id;
    byUser.set(userId, [...(byUser.get(userId) ?? []), list]);
  }
  return users.map((user) => {
    const transfers: Transfer[] = [];
    const involved: RecordRow[] = [];
    for (const profileRecords of byUser.get(user.id) ?? []) {
      const built = buildTransfers(profileRecords, leadProviderId, now);
      transfers.push(...built.transfers);
      involved.push(...built.records);
    }
    const updatedAt = involved.length > 0 ? latest(...involved.map((record) => record.updated_at)) : user.updated_at;
    return { id: user.id, updatedAt, transfers };
  });
}

/** A page of people with transfers: by user creation, or by user update with `updated_since`. */
export async function listParticipantTransfers(reader: Reader, leadProviderId: string, filters: TransferFilters, page: Page, now: Date) {
  const conditions = [transferSetConditions(leadProviderId)];
  if (filters.updatedSince) conditions.push(Prisma.sql`u.updated_at >= ${filters.updatedSince}::timestamptz`);
  const order = Prisma.raw(filters.updatedSince ? 'u.updated_at, u.id' : 'u.created_at, u.id');
  const users = await reader.rows<{ id: string; updated_at: Date }>(Prisma.sql`SELECT u.id, u.updated_at FROM users u WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return hydrate(reader, leadProviderId, users, now);
}

/** One person's transfers, or null when they are not in the provider's transfer set. */
export async function findParticipantTransfers(reader: Reader, leadProviderId: string, userId: string, now: Date) {
  if (!isUuid(userId)) return null;
  const users = await reader.rows<{ id: string; updated_at: Date }>(Prisma.sql`SELECT u.id, u.updated_at FROM users u
      WHERE u.id = ${userId.toLowerCase()}::uuid AND ${transferSetConditions(leadProviderId)}`,
  );
  return (await hydrate(reader, leadProviderId, users, now))[0] ?? null;
}
