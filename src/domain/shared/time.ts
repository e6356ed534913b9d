/** `YYYY-MM-DDTHH:MM:SSZ`: the DfE service renders datetimes in UTC without fractions. */
export function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ`: Rails' default JSON encoding (partnership `challenged_at`). */
export function rfc3339Millis(date: Date): string {
  return date.toISOString();
}

/** `YYYY-MM-DD` for date-only columns. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function nullableIsoDate(date: Date | null): string | null {
  return date ? isoDate(date) : null;
}

/** `YYYY-MM-DD`, the API's date-only format. */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real `YYYY-MM-DD` calendar date as midnight UTC; null for anything else (2025-02-30 included). */
export function parseCalendarDate(text: string): Date | null {
  if (!CALENDAR_DATE.test(text)) return null;
  const parsed = utcDate(text);
  return !Number.isNaN(parsed.getTime()) && isoDate(parsed) === text ? parsed : null;
}

/** A UTC calendar date string as a Date at midnight UTC. */
export function utcDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function latest(...dates: (Date | null | undefined)[]): Date {
  let result: Date | null = null;
  for (const date of dates) if (date && (!result || date > result)) result = date;
  return result ?? new Date(0);
}

// ---------------------------------------------------------------------------------------------
// Reading the date-times clients send. Each input has its own DfE rule, so each has its own reader.

/** RFC 3339 (seconds optional, `T` or a space, zone optional meaning UTC): `X-With-Server-Date`. */
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseRfc3339DateTime(value: string): Date | null {
  const trimmed = value.trim();
  if (!RFC3339_DATE_TIME.test(trimmed)) return null;
  const date = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** An ISO 8601 date or date-time (`filter[updated_since]`); zone-less means UTC; null when unreadable. */
export function parseIso8601DateTime(value: string): Date | null {
  const match = ISO_8601.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(month) > 12 || Number(day) > 31) return null;
  return date;
}

// declaration_date: the DfE service casts the text leniently (a date alone parses, a zone-less time
// is UTC), then separately requires the raw text to be RFC 3339 with seconds and an optional zone.

const RFC3339_WITH_SECONDS = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-](\d{2})(:?\d{2})?)?$/i;
const LENIENT_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The instant a lenient date-time cast gives (null when it cannot parse); zone-less means UTC. */
export function castDateTime(raw: string | undefined): Date | null {
  if (raw === undefined) return null;
  const match = LENIENT_DATE.exec(raw.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  // Year 0 does not exist in PostgreSQL (or the Gregorian calendar): unreadable, like 30 February.
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > lastDay) return null;
  let offsetMinutes = 0;
  if (!/^(z|utc)$/i.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, Math.floor(Number(`0.${fraction}`) * 1000)));
  utc.setUTCFullYear(y); // Date.UTC reads years 0-99 as 19xx
  return new Date(utc.getTime() - offsetMinutes * 60_000);
}

/** RFC 3339 with seconds, an optional fraction and an optional zone (the declaration_date format). */
export function isRfc3339DateTime(raw: string): boolean {
  return RFC3339_WITH_SECONDS.test(raw);
}
