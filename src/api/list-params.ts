import { BadRequestError, messages } from '../errors.ts';
import { isUuid } from '../domain/shared/uuid.ts';
import { parseIso8601DateTime } from '../domain/shared/time.ts';
import type { Page, SortKey } from '../domain/shared/paging.ts';
import { PARTICIPANT_SORT_COLUMNS, type ParticipantFilters } from '../domain/participants/query.ts';
import type { DeclarationFilters } from '../domain/declarations/query.ts';
import { SCHOOL_SORT_COLUMNS, type SchoolFilters } from '../domain/schools/query.ts';
import type { TransferFilters } from '../domain/participants/transfers.ts';
import { UNFUNDED_MENTOR_SORT_COLUMNS, type UnfundedMentorFilters } from '../domain/participants/unfunded-mentors.ts';
import type { StatementFilters } from '../domain/statements/query.ts';
import { PARTNERSHIP_SORT_COLUMNS, type PartnershipFilters } from '../domain/partnerships/query.ts';
import { DELIVERY_PARTNER_SORT_COLUMNS, type DeliveryPartnerFilters } from '../domain/delivery-partners/query.ts';
import { NPQ_APPLICATION_SORT_COLUMNS, type NpqApplicationFilters } from '../domain/npq/applications/query.ts';
import { NPQ_PARTICIPANT_SORT_COLUMNS, type NpqParticipantFilters } from '../domain/npq/participants/query.ts';
import type { NpqOutcomeFilters } from '../domain/npq/outcomes/query.ts';

// Reads the already structure-checked `filter`, `page` and `sort` query parameters into the
// domain's typed filters, answering the DfE service's exact 400s for values Ajv lets through.

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 3000;

export type Query = Record<string, unknown>;

function filters(query: Query): Record<string, unknown> {
  const filter = query.filter;
  if (filter === undefined || filter === '') return {};
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new BadRequestError(messages.filterNotHash, 'Bad parameter');
  }
  return filter as Record<string, unknown>;
}

export function filterValue(query: Query, name: string): string | undefined {
  const value = filters(query)[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new BadRequestError(`The filter '#/${name}' must be a single value`, 'Bad parameter');
}

/** A comma-separated filter (`filter[cohort]=2021,2022`) as its distinct non-empty members. */
export function filterList(query: Query, name: string): string[] | undefined {
  const value = filterValue(query, name);
  if (value === undefined) return undefined;
  return [...new Set(value.split(',').map((item) => item.trim()).filter(Boolean))];
}

/** Cohort years; an unknown or malformed year simply matches nothing. */
export function cohortFilter(query: Query): number[] | undefined {
  const years = filterList(query, 'cohort');
  if (!years) return undefined;
  return years.filter((year) => /^\d{4}$/.test(year)).map(Number);
}

/** Ids in a comma list; malformed ones match nothing (they cannot name a record). */
export function uuidListFilter(query: Query, name: string): string[] | undefined {
  const ids = filterList(query, name);
  return ids?.filter(isUuid).map((id) => id.toLowerCase());
}

/**
 * A date-time filter (`filter[updated_since]`, `filter[created_since]`). A `+` offset that was not
 * URL-encoded arrives as a space; the DfE service retries such values after decoding, and so do we.
 */
function dateTimeFilter(query: Query, name: string, message: string): Date | undefined {
  const value = filterValue(query, name);
  if (value === undefined) return undefined;
  const candidates = [value, value.replace(' ', '+')];
  try {
    candidates.push(decodeURIComponent(value));
  } catch { /* not URL-encoded */ }
  for (const candidate of candidates) {
    const date = parseIso8601DateTime(candidate);
    if (date) return date;
  }
  throw new BadRequestError(message);
}

export const updatedSinceFilter = (query: Query) => dateTimeFilter(query, 'updated_since', messages.updatedSince);

export const TRAINING_STATUSES = ['active', 'deferred', 'withdrawn'] as const;
export type TrainingStatusFilter = (typeof TRAINING_STATUSES)[number];

export function trainingStatusFilter(query: Query): TrainingStatusFilter | undefined {
  const value = filterValue(query, 'training_status');
  if (value === undefined) return undefined;
  if (!(TRAINING_STATUSES as readonly string[]).includes(value)) throw new BadRequestError(messages.trainingStatus);
  return value as TrainingStatusFilter;
}

function positiveInteger(value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 1) throw new BadRequestError(messages.pagination);
  return number;
}

/** `page[page]` (default 1) and `page[per_page]` (default 100, larger than 3000 clamped). */
export function pageParams(query: Query): Page {
  const page = query.page ?? {};
  if (typeof page !== 'object' || page === null || Array.isArray(page)) throw new BadRequestError(messages.pagination);
  const { page: number, per_page: perPage } = page as Record<string, unknown>;
  const limit = Math.min(positiveInteger(perPage, DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const pageNumber = positiveInteger(number, 1);
  // Past any real data set; keeps OFFSET arithmetic far from overflow.
  if (pageNumber > 1_000_000) return { limit, offset: Number.MAX_SAFE_INTEGER };
  return { limit, offset: (pageNumber - 1) * limit };
}

/** `sort=-updated_at,created_at`: known columns only, unknown ones ignored (as the DfE service). */
export function sortParams<Column extends string>(query: Query, allowed: readonly Column[]): SortKey<Column>[] {
  const value = query.sort;
  if (typeof value !== 'string') return [];
  const keys: SortKey<Column>[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    const direction = item.startsWith('-') ? 'desc' : 'asc';
    const column = item.replace(/^[+\-\s]/, '') as Column;
    if (allowed.includes(column) && !keys.some((key) => key.column === column)) keys.push({ column, direction });
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Each list operation's parameters. Where versions read the same parameter differently, the
// version's handler picks the reader here that says so.

/** A value that can name no record: a malformed id filters everything out. */
const NOTHING = '00000000-0000-0000-0000-000000000000';

/** v1/v2 participants: cohort and updated_since, in creation order. */
export function flatParticipantListParams(query: Query): { filters: ParticipantFilters; page: Page } {
  return { filters: { cohorts: cohortFilter(query), updatedSince: updatedSinceFilter(query) }, page: pageParams(query) };
}

/** v3 participants: also training_status and from_participant_id, and sortable. */
export function participantListParams(query: Query) {
  const filters: ParticipantFilters = { cohorts: cohortFilter(query), updatedSince: updatedSinceFilter(query), trainingStatus: trainingStatusFilter(query) };
  const from = filterValue(query, 'from_participant_id');
  if (from !== undefined) filters.fromParticipantId = isUuid(from) ? from.toLowerCase() : NOTHING;
  return { filters, sort: sortParams(query, PARTICIPANT_SORT_COLUMNS), page: pageParams(query) };
}

/** v1/v2 declarations: one participant id, updated_since strictly after. */
export function flatDeclarationListParams(query: Query) {
  const participantId = filterValue(query, 'participant_id');
  const filters: DeclarationFilters = {
    participantIds: participantId === undefined ? undefined : [isUuid(participantId) ? participantId.toLowerCase() : NOTHING],
    updatedAfter: updatedSinceFilter(query),
  };
  return { filters, page: pageParams(query) };
}

/** v3 declarations: cohort, participant and delivery partner lists, updated_since inclusive. */
export function declarationListParams(query: Query) {
  const filters: DeclarationFilters = {
    cohorts: cohortFilter(query),
    participantIds: uuidListFilter(query, 'participant_id'),
    deliveryPartnerIds: uuidListFilter(query, 'delivery_partner_id'),
    updatedSince: updatedSinceFilter(query),
  };
  return { filters, page: pageParams(query) };
}

/** `filter[cohort]` is required on both school endpoints; an empty value counts as missing. */
export function requiredCohortFilter(query: Query): number | null {
  const value = filterValue(query, 'cohort');
  if (value === undefined) throw new BadRequestError(messages.requiredFilter('cohort'), 'Bad parameter');
  return /^\d{4}$/.test(value) ? Number(value) : null;
}

export function schoolListParams(query: Query) {
  const filters: SchoolFilters = {
    cohortStartYear: requiredCohortFilter(query),
    urn: filterValue(query, 'urn'),
    updatedSince: updatedSinceFilter(query),
  };
  return { filters, sort: sortParams(query, SCHOOL_SORT_COLUMNS), page: pageParams(query) };
}

export function transferListParams(query: Query) {
  const filters: TransferFilters = { updatedSince: updatedSinceFilter(query) };
  return { filters, page: pageParams(query) };
}

export function unfundedMentorListParams(query: Query) {
  const filters: UnfundedMentorFilters = { updatedSince: updatedSinceFilter(query) };
  return { filters, sort: sortParams(query, UNFUNDED_MENTOR_SORT_COLUMNS), page: pageParams(query) };
}

export function statementListParams(query: Query): { filters: StatementFilters; page: Page } {
  return {
    filters: { cohorts: cohortFilter(query), type: filterValue(query, 'type'), updatedSince: updatedSinceFilter(query) },
    page: pageParams(query),
  };
}

export function partnershipListParams(query: Query) {
  const filters: PartnershipFilters = {
    cohorts: cohortFilter(query),
    deliveryPartnerIds: uuidListFilter(query, 'delivery_partner_id'),
    updatedSince: updatedSinceFilter(query),
  };
  return { filters, sort: sortParams(query, PARTNERSHIP_SORT_COLUMNS), page: pageParams(query) };
}

export function deliveryPartnerListParams(query: Query) {
  const filters: DeliveryPartnerFilters = { cohorts: cohortFilter(query) };
  return { filters, sort: sortParams(query, DELIVERY_PARTNER_SORT_COLUMNS), page: pageParams(query) };
}

/** v1/v2 NPQ applications: one cohort year (a list, or anything else, matches nothing) and updated_since. */
export function flatNpqApplicationListParams(query: Query): { filters: NpqApplicationFilters; page: Page } {
  const cohort = filterValue(query, 'cohort');
  const filters: NpqApplicationFilters = {
    cohorts: cohort === undefined ? undefined : /^\d{4}$/.test(cohort) ? [Number(cohort)] : [],
    updatedSince: updatedSinceFilter(query),
  };
  return { filters, page: pageParams(query) };
}

/** v3 NPQ applications: cohort and participant lists, updated_since, and sortable. */
export function npqApplicationListParams(query: Query) {
  const filters: NpqApplicationFilters = {
    cohorts: cohortFilter(query),
    updatedSince: updatedSinceFilter(query),
    participantIds: uuidListFilter(query, 'participant_id'),
  };
  return { filters, sort: sortParams(query, NPQ_APPLICATION_SORT_COLUMNS), page: pageParams(query) };
}

/** v1/v2 NPQ participants: updated_since only, in creation order. */
export function flatNpqParticipantListParams(query: Query): { filters: NpqParticipantFilters; page: Page } {
  return { filters: { updatedSince: updatedSinceFilter(query) }, page: pageParams(query) };
}

/** v3 NPQ participants: also training_status and from_participant_id, and sortable. */
export function npqParticipantListParams(query: Query) {
  const filters: NpqParticipantFilters = { updatedSince: updatedSinceFilter(query), trainingStatus: trainingStatusFilter(query) };
  const from = filterValue(query, 'from_participant_id');
  if (from !== undefined) filters.fromParticipantId = isUuid(from) ? from.toLowerCase() : NOTHING;
  return { filters, sort: sortParams(query, NPQ_PARTICIPANT_SORT_COLUMNS), page: pageParams(query) };
}

/** NPQ outcomes: created_since (inclusive), in every version. */
export function npqOutcomeListParams(query: Query): { filters: NpqOutcomeFilters; page: Page } {
  return { filters: { createdSince: dateTimeFilter(query, 'created_since', messages.createdSince) }, page: pageParams(query) };
}
