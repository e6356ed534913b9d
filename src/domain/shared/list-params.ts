import { BadRequestError, messages } from '../../errors.ts';
import { isUuid } from './uuid.ts';

// Reads the already structure-checked `filter`, `page` and `sort` query parameters into typed
// values, answering the DfE service's exact 400s for values Ajv lets through.

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 3000;

export interface Page {
  limit: number;
  offset: number;
}

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

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso8601(value: string): Date | null {
  const match = ISO_8601.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(month) > 12 || Number(day) > 31) return null;
  return date;
}

/**
 * `filter[updated_since]`. A `+` offset that was not URL-encoded arrives as a space; the DfE
 * service retries such values after decoding, and so do we.
 */
export function updatedSinceFilter(query: Query): Date | undefined {
  const value = filterValue(query, 'updated_since');
  if (value === undefined) return undefined;
  const candidates = [value, value.replace(' ', '+')];
  try {
    candidates.push(decodeURIComponent(value));
  } catch { /* not URL-encoded */ }
  for (const candidate of candidates) {
    const date = parseIso8601(candidate);
    if (date) return date;
  }
  throw new BadRequestError(messages.updatedSince);
}

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

export interface SortKey<Column extends string> {
  column: Column;
  direction: 'asc' | 'desc';
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
