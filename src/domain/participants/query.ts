import { Prisma } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { latest } from '../shared/time.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page, SortKey } from '../shared/paging.ts';

// ECF participants as one provider sees them (docs/participants.md). Lists page over
// participant_visibility (one indexed table) in a deterministic order, then hydrate the page with
// one query, so a request costs the same few queries whatever its page size.

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

function visibilityConditions(leadProviderId: string, filters: ParticipantFilters, alias = 'v'): Prisma.Sql {
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

const ENROLMENT_SELECT = Prisma.sql`
  SELECT u.id AS user_id, u.full_name, u.email AS user_email, u.created_at AS user_created_at,
         u.updated_at AS user_updated_at, tp.trn,
         pp.id AS profile_id, pp.profile_type, pp.pupil_premium_uplift, pp.sparsity_uplift,
         pp.created_at AS profile_created_at, pp.updated_at AS profile_updated_at,
         pp.induction_completion_date, pp.mentor_completion_date, pp.mentor_completion_reason,
         pp.cohort_changed_after_payments_frozen,
         e.status AS eligibility_status, e.reason AS eligibility_reason,
         ir.training_status, ir.induction_status, ir.start_date, ir.end_date, ir.updated_at AS record_updated_at,
         mentor.user_id AS mentor_user_id, pi.email AS preferred_email, pi.updated_at AS identity_updated_at,
         sch.urn AS school_urn, sc_cohort.start_year AS school_cohort_year, s.schedule_identifier,
         p.delivery_partner_id,
         st.reason AS state_reason, st.created_at AS state_created_at
    FROM participant_visibility v
    JOIN users u ON u.id = v.user_id
    JOIN participant_profiles pp ON pp.id = v.participant_profile_id
    JOIN induction_records ir ON ir.id = v.induction_record_id
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN partnerships p ON p.id = ip.partnership_id
    JOIN school_cohorts sc ON sc.id = ip.school_cohort_id
    JOIN schools sch ON sch.id = sc.school_id
    JOIN cohorts sc_cohort ON sc_cohort.id = sc.cohort_id
    JOIN schedules s ON s.id = ir.schedule_id
    LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
    LEFT JOIN ecf_participant_eligibilities e ON e.participant_profile_id = pp.id
    LEFT JOIN participant_profiles mentor ON mentor.id = ir.mentor_profile_id
    LEFT JOIN participant_identities pi ON pi.id = ir.preferred_identity_id
    LEFT JOIN LATERAL (
      SELECT reason, created_at FROM participant_profile_states
       WHERE participant_profile_id = pp.id AND lead_provider_id = v.lead_provider_id
         AND state = ir.training_status AND ir.training_status <> 'active'
       ORDER BY created_at DESC LIMIT 1
    ) st ON true`;

interface EnrolmentRow {
  user_id: string;
  full_name: string;
  user_email: string;
  user_created_at: Date;
  user_updated_at: Date;
  trn: string | null;
  profile_id: string;
  profile_type: 'ect' | 'mentor';
  pupil_premium_uplift: boolean;
  sparsity_uplift: boolean;
  profile_created_at: Date;
  profile_updated_at: Date;
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
  record_updated_at: Date;
  mentor_user_id: string | null;
  preferred_email: string | null;
  identity_updated_at: Date | null;
  school_urn: string;
  school_cohort_year: number;
  schedule_identifier: string;
  delivery_partner_id: string | null;
  state_reason: string | null;
  state_created_at: Date | null;
}

function participantStatus(row: EnrolmentRow, now: Date): ParticipantStatus {
  if (row.end_date) return row.end_date > now ? 'leaving' : 'left';
  if (row.start_date > now) return 'joining';
  return row.induction_status === 'withdrawn' || row.induction_status === 'changed' ? 'withdrawn' : 'active';
}

function toEnrolment(row: EnrolmentRow, now: Date): Enrolment {
  const isMentor = row.profile_type === 'mentor';
  const state = row.state_created_at ? { reason: row.state_reason ?? 'other', date: row.state_created_at } : null;
  return {
    userId: row.user_id,
    fullName: row.full_name,
    trn: row.trn,
    userCreatedAt: row.user_created_at,
    userUpdatedAt: row.user_updated_at,
    trainingRecordId: row.profile_id,
    email: row.preferred_email ?? row.user_email,
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
    updatedAt: latest(row.user_updated_at, row.profile_updated_at, row.record_updated_at, row.identity_updated_at),
  };
}

async function hydrateEnrolments(reader: Reader, leadProviderId: string, where: Prisma.Sql, order: string, now: Date) {
  const rows = await reader.rows<EnrolmentRow>(Prisma.sql`${ENROLMENT_SELECT} WHERE v.lead_provider_id = ${leadProviderId}::uuid AND ${where} ORDER BY ${Prisma.raw(order)}`,
  );
  return rows.map((row) => toEnrolment(row, now));
}

// ---------------------------------------------------------------------------------------------
// v1/v2: one item per registration (profile).

const RECORD_ORDER = {
  created: 'v.user_created_at, v.user_id, v.profile_created_at, v.participant_profile_id',
  updated: 'v.user_updated_at, v.user_id, v.profile_created_at, v.participant_profile_id',
};

const RECORD_KEYS = {
  created: ['v.user_created_at', 'v.user_id', 'v.profile_created_at', 'v.participant_profile_id'],
  updated: ['v.user_updated_at', 'v.user_id', 'v.profile_created_at', 'v.participant_profile_id'],
};

/** Where a streamed export has got to: the last row's sort key, as PostgreSQL printed it. */
type RecordCursor = [string, string, string, string];

async function recordIds(reader: Reader, leadProviderId: string, filters: ParticipantFilters, limit: number, offset: number, after?: RecordCursor) {
  const keys = (filters.updatedSince ? RECORD_KEYS.updated : RECORD_KEYS.created).map((key) => Prisma.raw(key));
  const conditions = [visibilityConditions(leadProviderId, filters)];
  if (after) {
    const [a, b, c, d] = after;
    conditions.push(Prisma.sql`(${Prisma.join(keys)}) > (${a}::timestamptz, ${b}::uuid, ${c}::timestamptz, ${d}::uuid)`);
  }
  const rows = await reader.rows<{ id: string; k1: string; k2: string; k3: string; k4: string }>(Prisma.sql`SELECT v.participant_profile_id AS id, ${keys[0]}::text AS k1, ${keys[1]}::text AS k2, ${keys[2]}::text AS k3, ${keys[3]}::text AS k4
       FROM participant_visibility v
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${Prisma.join(keys)} LIMIT ${limit} OFFSET ${offset}`,
  );
  const last = rows.at(-1);
  return { ids: rows.map((row) => row.id), last: last ? ([last.k1, last.k2, last.k3, last.k4] as RecordCursor) : undefined };
}

async function hydrateRecords(reader: Reader, leadProviderId: string, profileIds: string[], filters: ParticipantFilters, now: Date) {
  if (profileIds.length === 0) return [];
  const where = Prisma.sql`v.participant_profile_id = ANY(${profileIds}::uuid[])`;
  return hydrateEnrolments(reader, leadProviderId, where, filters.updatedSince ? RECORD_ORDER.updated : RECORD_ORDER.created, now);
}

/** A page of registrations: by user creation, or by user update when `updated_since` is given. */
export async function listParticipantRecords(reader: Reader, leadProviderId: string, filters: ParticipantFilters, page: Page, now: Date) {
  const { ids } = await recordIds(reader, leadProviderId, filters, page.limit, page.offset);
  return hydrateRecords(reader, leadProviderId, ids, filters, now);
}

/**
 * Every matching registration, in the list order, a batch at a time (CSV exports). Batches
 * continue from the last row's key, so memory stays flat and rows that change mid-export are
 * never skipped.
 */
export async function* streamParticipantRecords(reader: Reader, leadProviderId: string, filters: ParticipantFilters, now: Date, batchSize = 1000) {
  let after: RecordCursor | undefined;
  for (;;) {
    const { ids, last } = await recordIds(reader, leadProviderId, filters, batchSize, 0, after);
    yield* await hydrateRecords(reader, leadProviderId, ids, filters, now);
    if (ids.length < batchSize) return;
    after = last;
  }
}

/**
 * One participant's registration with this provider: the given registration, or the ECT one
 * when they are also a mentor.
 */
export async function findParticipantRecord(reader: Reader, leadProviderId: string, userId: string, now: Date, profileId?: string) {
  if (!isUuid(userId)) return null;
  const where = Prisma.sql`v.user_id = ${userId.toLowerCase()}::uuid AND v.cohort_start_year > 2020${
    profileId ? Prisma.sql` AND v.participant_profile_id = ${profileId}::uuid` : Prisma.empty}`;
  const rows = await hydrateEnrolments(reader, leadProviderId, where, `(v.profile_type = 'ect') DESC, v.profile_created_at`, now);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// v3: one item per person, registrations nested.

export const PARTICIPANT_SORT_COLUMNS = ['created_at', 'updated_at'] as const;

function personOrder(sort: SortKey<ParticipantSortColumn>[]): string {
  const column = { created_at: 'v.user_created_at', updated_at: 'v.user_updated_at' };
  const keys = sort.map((key) => `${column[key.column]} ${key.direction.toUpperCase()}`);
  if (!sort.some((key) => key.column === 'created_at')) keys.push('v.user_created_at ASC');
  // Ties break in the direction of the first key, so `-created_at` is exactly `created_at` reversed.
  return [...keys, `v.user_id ${(sort[0]?.direction ?? 'asc').toUpperCase()}`].join(', ');
}

async function idChangesFor(reader: Reader, userIds: string[]): Promise<Map<string, IdChange[]>> {
  const changes = new Map<string, IdChange[]>();
  if (userIds.length === 0) return changes;
  const rows = await reader.rows<{ user_id: string; from_participant_id: string; to_participant_id: string; created_at: Date }>(Prisma.sql`SELECT user_id, from_participant_id, to_participant_id, created_at FROM participant_id_changes
      WHERE user_id = ANY(${userIds}::uuid[]) ORDER BY created_at, id`,
  );
  for (const row of rows) {
    const list = changes.get(row.user_id) ?? [];
    list.push({ fromParticipantId: row.from_participant_id, toParticipantId: row.to_participant_id, changedAt: row.created_at });
    changes.set(row.user_id, list);
  }
  return changes;
}

function groupPeople(enrolments: Enrolment[], userIds: string[], idChanges: Map<string, IdChange[]>): Participant[] {
  const byUser = new Map<string, Enrolment[]>();
  for (const enrolment of enrolments) {
    const list = byUser.get(enrolment.userId) ?? [];
    list.push(enrolment);
    byUser.set(enrolment.userId, list);
  }
  return userIds.flatMap((userId) => {
    const list = byUser.get(userId);
    if (!list) return [];
    const first = list[0]!;
    return [{
      id: userId,
      fullName: first.fullName,
      trn: first.trn,
      updatedAt: latest(...list.map((enrolment) => enrolment.updatedAt)),
      enrolments: list,
      idChanges: idChanges.get(userId) ?? [],
    }];
  });
}

async function hydratePeople(reader: Reader, leadProviderId: string, userIds: string[], filters: ParticipantFilters, now: Date) {
  if (userIds.length === 0) return [];
  // The enrolments shown are the ones that matched the filters.
  const where = Prisma.sql`v.user_id = ANY(${userIds}::uuid[]) AND ${visibilityConditions(leadProviderId, { ...filters, updatedSince: undefined, fromParticipantId: undefined })}`;
  const [enrolments, idChanges] = await Promise.all([
    hydrateEnrolments(reader, leadProviderId, where, 'v.profile_created_at, v.participant_profile_id', now),
    idChangesFor(reader, userIds),
  ]);
  return groupPeople(enrolments, userIds, idChanges);
}

export async function listParticipants(
  reader: Reader,
  leadProviderId: string,
  filters: ParticipantFilters,
  sort: SortKey<ParticipantSortColumn>[],
  page: Page,
  now: Date,
): Promise<Participant[]> {
  const order = Prisma.raw(personOrder(sort));
  // One row per person: a person's matching registration with the lowest id stands for them. This
  // keeps the walk on the (provider, user timestamp) indexes, so a page stops after LIMIT rows
  // instead of de-duplicating every registration the provider has first.
  const rows = await reader.rows<{ user_id: string }>(Prisma.sql`SELECT v.user_id FROM participant_visibility v
      WHERE ${visibilityConditions(leadProviderId, filters)}
        AND NOT EXISTS (
          SELECT 1 FROM participant_visibility d
           WHERE d.user_id = v.user_id AND d.participant_profile_id < v.participant_profile_id
             AND ${visibilityConditions(leadProviderId, filters, 'd')})
      ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return hydratePeople(reader, leadProviderId, rows.map((row) => row.user_id), filters, now);
}

export async function findParticipant(reader: Reader, leadProviderId: string, userId: string, now: Date): Promise<Participant | null> {
  if (!isUuid(userId)) return null;
  const people = await hydratePeople(reader, leadProviderId, [userId.toLowerCase()], {}, now);
  return people[0] ?? null;
}

