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
