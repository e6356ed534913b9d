import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';

// ECF participants as one provider sees them (docs/participants.md). Every read is one statement
// on the read model participant_list_rows: the unfiltered lists in their default order are one
// range scan over a dense per-provider ordinal (page N costs what page 1 costs); filtered or
// re-sorted lists walk the same table's indexes.

export type ParticipantStatus = 'active' | 'joining' | 'leaving' | 'left' | 'withdrawn';

export interface Enrolment {
  userId: string;
  fullName: string;
  trn: string | null;
  userCreatedAt: Date;
  userUpdatedAt: Date;
  trainingRecordId: string;
  email: string;
  mentorId: string | null;
  schoolUrn: string;
  participantType: 'ect' | 'mentor';
  cohort: string;
  /** v1/v2 `status` */
  recordStatus: 'active' | 'withdrawn';
  trainingStatus: 'active' | 'deferred' | 'withdrawn';
  participantStatus: ParticipantStatus;
  trnValidated: boolean | null;
  eligibleForFunding: boolean | null;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  scheduleIdentifier: string;
  deliveryPartnerId: string | null;
  withdrawal: { reason: string; date: Date } | null;
  deferral: { reason: string; date: Date } | null;
  createdAt: Date;
  inductionEndDate: Date | null;
  mentorFundingEndDate: Date | null;
  cohortChangedAfterPaymentsFrozen: boolean;
  mentorIneligibleForFundingReason: string | null;
  updatedAt: Date;
}

export interface IdChange {
  fromParticipantId: string;
  toParticipantId: string;
  changedAt: Date;
}

export interface Participant {
  id: string;
  fullName: string;
  trn: string | null;
  updatedAt: Date;
  enrolments: Enrolment[];
  idChanges: IdChange[];
}

export interface ParticipantFilters {
  cohorts?: number[];
  updatedSince?: Date;
  trainingStatus?: 'active' | 'deferred' | 'withdrawn';
  fromParticipantId?: string;
}

export type ParticipantSortColumn = 'created_at' | 'updated_at';

function listConditions(leadProviderId: string, filters: ParticipantFilters, alias = 'r'): Prisma.Sql {
  const a = Prisma.raw(alias);
  const conditions = [Prisma.sql`${a}.lead_provider_id = ${leadProviderId}::uuid`];
  // No cohort filter means every cohort after 2020.
  conditions.push(filters.cohorts ? Prisma.sql`${a}.cohort_start_year = ANY(${filters.cohorts}::int[])` : Prisma.sql`${a}.cohort_start_year > 2020`);
  if (filters.updatedSince) conditions.push(Prisma.sql`${a}.user_updated_at >= ${filters.updatedSince}::timestamptz`);
  if (filters.trainingStatus) conditions.push(Prisma.sql`${a}.training_status = ${filters.trainingStatus}::training_status`);
  if (filters.fromParticipantId) {
    conditions.push(
      Prisma.sql`${a}.user_id IN (SELECT user_id FROM participant_id_changes WHERE from_participant_id = ${filters.fromParticipantId}::uuid)`,
    );
  }
  return Prisma.join(conditions, ' AND ');
}

/** A row of participant_list_rows, as the driver parses it. */
interface ListRow {
  participant_profile_id: string;
  user_id: string;
  user_created_at: Date;
  user_updated_at: Date;
  profile_created_at: Date;
  updated_at: Date;
  full_name: string;
  email: string;
  trn: string | null;
  profile_type: 'ect' | 'mentor';
  pupil_premium_uplift: boolean;
  sparsity_uplift: boolean;
  induction_completion_date: Date | null;
  mentor_completion_date: Date | null;
  mentor_completion_reason: string | null;
  cohort_changed_after_payments_frozen: boolean;
  eligibility_status: string | null;
  eligibility_reason: string | null;
  training_status: 'active' | 'deferred' | 'withdrawn';
  induction_status: string;
  start_date: Date;
  end_date: Date | null;
  mentor_user_id: string | null;
  school_urn: string;
  school_cohort_year: number;
  schedule_identifier: string;
  delivery_partner_id: string | null;
  state_reason: string | null;
  state_created_at: Date | null;
}

const ROW_COLUMNS = Prisma.raw(`r.user_id, r.participant_profile_id, r.user_created_at, r.user_updated_at, r.profile_created_at,
  r.updated_at, r.full_name, r.email, r.trn, r.profile_type, r.pupil_premium_uplift, r.sparsity_uplift,
  r.induction_completion_date, r.mentor_completion_date, r.mentor_completion_reason, r.cohort_changed_after_payments_frozen,
  r.eligibility_status, r.eligibility_reason, r.training_status, r.induction_status, r.start_date, r.end_date,
  r.mentor_user_id, r.school_urn, r.school_cohort_year, r.schedule_identifier, r.delivery_partner_id,
  r.state_reason, r.state_created_at`);

function participantStatus(row: ListRow, now: Date): ParticipantStatus {
  if (row.end_date) return row.end_date > now ? 'leaving' : 'left';
  if (row.start_date > now) return 'joining';
  return row.induction_status === 'withdrawn' || row.induction_status === 'changed' ? 'withdrawn' : 'active';
}

function toEnrolment(row: ListRow, now: Date): Enrolment {
  const isMentor = row.profile_type === 'mentor';
  const state = row.state_created_at ? { reason: row.state_reason ?? 'other', date: row.state_created_at } : null;
  return {
    userId: row.user_id,
    fullName: row.full_name,
    trn: row.trn,
    userCreatedAt: row.user_created_at,
    userUpdatedAt: row.user_updated_at,
    trainingRecordId: row.participant_profile_id,
    email: row.email,
    mentorId: isMentor ? null : row.mentor_user_id,
    schoolUrn: row.school_urn,
    participantType: row.profile_type,
    cohort: String(row.school_cohort_year),
    recordStatus: row.induction_status === 'withdrawn' || row.induction_status === 'changed' ? 'withdrawn' : 'active',
    trainingStatus: row.training_status,
    participantStatus: participantStatus(row, now),
    trnValidated: row.trn ? row.eligibility_reason !== null && row.eligibility_reason !== 'different_trn' : null,
    eligibleForFunding: row.eligibility_status === 'eligible' ? true : row.eligibility_status === 'ineligible' ? false : null,
    pupilPremiumUplift: row.pupil_premium_uplift,
    sparsityUplift: row.sparsity_uplift,
    scheduleIdentifier: row.schedule_identifier,
    deliveryPartnerId: row.delivery_partner_id,
    withdrawal: row.training_status === 'withdrawn' ? state : null,
    deferral: row.training_status === 'deferred' ? state : null,
    createdAt: row.profile_created_at,
    inductionEndDate: isMentor ? null : row.induction_completion_date,
    mentorFundingEndDate: isMentor ? row.mentor_completion_date : null,
    cohortChangedAfterPaymentsFrozen: row.cohort_changed_after_payments_frozen,
    mentorIneligibleForFundingReason: isMentor ? row.mentor_completion_reason : null,
    updatedAt: row.updated_at,
  };
}

/** No filter at all: the list is the provider's numbered rows, so a page is a range of ordinals. */
function unfiltered(filters: ParticipantFilters): boolean {
  return !filters.cohorts && !filters.updatedSince && !filters.trainingStatus && !filters.fromParticipantId;
}

/** Ordinals (offset, offset + limit], in bigint so a page far past the data cannot overflow. */
function ordinalRange(column: string, page: Page): Prisma.Sql {
  const ordinal = Prisma.raw(column);
  return Prisma.sql`${ordinal} > ${page.offset}::bigint AND ${ordinal} <= ${page.offset}::bigint + ${page.limit}::bigint`;
}

// ---------------------------------------------------------------------------------------------
// v1/v2: one item per registration (profile).

const RECORD_KEYS = {
  created: ['r.user_created_at', 'r.user_id', 'r.profile_created_at', 'r.participant_profile_id'],
  updated: ['r.user_updated_at', 'r.user_id', 'r.profile_created_at', 'r.participant_profile_id'],
};

/** Where a streamed export has got to: the last row's sort key, as PostgreSQL printed it. */
type RecordCursor = [string, string, string, string];

type CursorRow = ListRow & { k1: string; k2: string; k3: string; k4: string };

/** `after`: continue from that key; null: walk by key from the start (streams); absent: a page. */
async function recordRows(reader: Reader, leadProviderId: string, filters: ParticipantFilters, page: Page, after?: RecordCursor | null) {
  if (unfiltered(filters) && after === undefined) {
    return reader.rows<CursorRow>(Prisma.sql`SELECT ${ROW_COLUMNS} FROM participant_list_rows r
       WHERE r.lead_provider_id = ${leadProviderId}::uuid AND ${ordinalRange('r.record_ordinal', page)}
       ORDER BY r.record_ordinal`);
  }
  const keys = (filters.updatedSince ? RECORD_KEYS.updated : RECORD_KEYS.created).map((key) => Prisma.raw(key));
  const conditions = [listConditions(leadProviderId, filters)];
  if (after) {
    const [a, b, c, d] = after;
    conditions.push(Prisma.sql`(${Prisma.join(keys)}) > (${a}::timestamptz, ${b}::uuid, ${c}::timestamptz, ${d}::uuid)`);
  }
  return reader.rows<CursorRow>(Prisma.sql`SELECT ${ROW_COLUMNS}, ${keys[0]}::text AS k1, ${keys[1]}::text AS k2, ${keys[2]}::text AS k3, ${keys[3]}::text AS k4
       FROM participant_list_rows r
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${Prisma.join(keys)} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

/** A page of registrations: by user creation, or by user update when `updated_since` is given. */
export async function listParticipantRecords(reader: Reader, leadProviderId: string, filters: ParticipantFilters, page: Page, now: Date) {
  const rows = await recordRows(reader, leadProviderId, filters, page);
  return rows.map((row) => toEnrolment(row, now));
}

/**
 * Every matching registration, in the list order, a batch at a time (CSV exports). Batches
 * continue from the last row's key (not an ordinal, which moves when rows before it change), so
 * memory stays flat and rows that change mid-export are never skipped.
 */
export async function* streamParticipantRecords(reader: Reader, leadProviderId: string, filters: ParticipantFilters, now: Date, batchSize = 1000) {
  let after: RecordCursor | null = null;
  for (;;) {
    const rows = await recordRows(reader, leadProviderId, filters, { limit: batchSize, offset: 0 }, after);
    if (rows.length > 0) yield rows.map((row) => toEnrolment(row, now));
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = [last.k1, last.k2, last.k3, last.k4];
  }
}

/**
 * One participant's registration with this provider: the given registration, or the ECT one
 * when they are also a mentor.
 */
export async function findParticipantRecord(reader: Reader, leadProviderId: string, userId: string, now: Date, profileId?: string) {
  if (!isUuid(userId)) return null;
  const rows = await reader.rows<ListRow>(Prisma.sql`SELECT ${ROW_COLUMNS} FROM participant_list_rows r
      WHERE r.lead_provider_id = ${leadProviderId}::uuid AND r.user_id = ${userId.toLowerCase()}::uuid AND r.cohort_start_year > 2020${
    profileId ? Prisma.sql` AND r.participant_profile_id = ${profileId}::uuid` : Prisma.empty}
      ORDER BY (r.profile_type = 'ect') DESC, r.profile_created_at LIMIT 1`);
  return rows[0] ? toEnrolment(rows[0], now) : null;
}

// ---------------------------------------------------------------------------------------------
// v3: one item per person, registrations nested.

export const PARTICIPANT_SORT_COLUMNS = ['created_at', 'updated_at'] as const;

function personOrder(sort: SortKey<ParticipantSortColumn>[], alias: string): string {
  const column = { created_at: `${alias}.user_created_at`, updated_at: `${alias}.user_updated_at` };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push(`${alias}.user_created_at ASC`);
  // Ties break in the direction of the first key, so `-created_at` is exactly `created_at` reversed.
  return [...keys, `${alias}.user_id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', ');
}

/** A row with its person's id changes: [from, to, epoch milliseconds], oldest first. */
type PersonRow = ListRow & { id_changes: [string, string, number][] };

/** Rows in person order, each person's registrations together, into people. */
function groupPeople(rows: PersonRow[], now: Date): Participant[] {
  const people: Participant[] = [];
  let current: Participant | undefined;
  for (const row of rows) {
    const enrolment = toEnrolment(row, now);
    if (current?.id !== row.user_id) {
      current = {
        id: row.user_id,
        fullName: row.full_name,
        trn: row.trn,
        updatedAt: enrolment.updatedAt,
        enrolments: [],
        idChanges: row.id_changes.map(([from, to, at]) => ({ fromParticipantId: from, toParticipantId: to, changedAt: new Date(at) })),
      };
      people.push(current);
    }
    current.enrolments.push(enrolment);
    if (enrolment.updatedAt > current.updatedAt) current.updatedAt = enrolment.updatedAt;
  }
  return people;
}

const PERSON_COLUMNS = Prisma.sql`${ROW_COLUMNS}, r.id_changes`;

function peopleQuery(leadProviderId: string, filters: ParticipantFilters, sort: SortKey<ParticipantSortColumn>[], page: Page): Prisma.Sql {
  const provider = Prisma.sql`r.lead_provider_id = ${leadProviderId}::uuid`;
  const single = sort.length === 1 ? sort[0]! : undefined;
  if (unfiltered(filters) && (sort.length === 0 || single?.column === 'created_at')) {
    if (single?.direction !== 'desc') {
      return Prisma.sql`SELECT ${PERSON_COLUMNS} FROM participant_list_rows r
        WHERE ${provider} AND ${ordinalRange('r.person_ordinal', page)}
        ORDER BY r.person_ordinal, r.profile_created_at, r.participant_profile_id`;
    }
    // Newest first: the same ordinals counted down from the provider's last.
    return Prisma.sql`SELECT ${PERSON_COLUMNS}
        FROM (SELECT max(person_ordinal) AS last FROM participant_list_rows WHERE lead_provider_id = ${leadProviderId}::uuid) n,
             participant_list_rows r
        WHERE ${provider} AND r.person_ordinal <= n.last - ${page.offset}::bigint AND r.person_ordinal > n.last - ${page.offset}::bigint - ${page.limit}::bigint
        ORDER BY r.person_ordinal DESC, r.profile_created_at, r.participant_profile_id`;
  }
  // One row per person: a person's matching registration with the lowest id stands for them, so
  // the walk stays on the (provider, user timestamp) indexes and stops after LIMIT people. The
  // registrations shown are the ones matching the cohort and training status filters.
  return Prisma.sql`WITH page AS (
      SELECT v.user_id FROM participant_list_rows v
       WHERE ${listConditions(leadProviderId, filters, 'v')}
         AND NOT EXISTS (
           SELECT 1 FROM participant_list_rows d
            WHERE d.user_id = v.user_id AND d.participant_profile_id < v.participant_profile_id
              AND ${listConditions(leadProviderId, filters, 'd')})
       ORDER BY ${Prisma.raw(personOrder(sort, 'v'))} LIMIT ${page.limit} OFFSET ${page.offset})
    SELECT ${PERSON_COLUMNS} FROM page JOIN participant_list_rows r ON r.user_id = page.user_id
     WHERE ${listConditions(leadProviderId, { cohorts: filters.cohorts, trainingStatus: filters.trainingStatus })}
     ORDER BY ${Prisma.raw(personOrder(sort, 'r'))}, r.profile_created_at, r.participant_profile_id`;
}

export async function listParticipants(
  reader: Reader,
  leadProviderId: string,
  filters: ParticipantFilters,
  sort: SortKey<ParticipantSortColumn>[],
  page: Page,
  now: Date,
): Promise<Participant[]> {
  return groupPeople(await reader.rows<PersonRow>(peopleQuery(leadProviderId, filters, sort, page)), now);
}

export async function findParticipant(reader: Reader, leadProviderId: string, userId: string, now: Date): Promise<Participant | null> {
  if (!isUuid(userId)) return null;
  const rows = await reader.rows<PersonRow>(Prisma.sql`SELECT ${PERSON_COLUMNS} FROM participant_list_rows r
      WHERE r.lead_provider_id = ${leadProviderId}::uuid AND r.user_id = ${userId.toLowerCase()}::uuid AND r.cohort_start_year > 2020
      ORDER BY r.profile_created_at, r.participant_profile_id`);
  return groupPeople(rows, now)[0] ?? null;
}
