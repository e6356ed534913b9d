import pg from 'pg';

// PostgreSQL's text form of a timestamptz, read into a Date without the general-purpose parser:
// reading a page of rows spent a sixth of its time in regular expressions over these strings.
// `YYYY-MM-DD HH:MM:SS[.fraction]±HH[:MM[:SS]]` with a four-digit year (what every timestamp this
// service stores looks like, in any session time zone); anything else (BC, infinity, year 10000,
// years before 1000) goes to node-postgres's own parser. The fraction is cut to milliseconds, as
// a Date holds, by its digits rather than by floating-point arithmetic.

const TIMESTAMPTZ_OID = 1184;
const general = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

const ZERO = 48;
const digit = (text: string, at: number) => {
  const value = text.charCodeAt(at) - ZERO;
  return value >= 0 && value <= 9 ? value : Number.NaN;
};
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

export function parseTimestamptz(text: string): Date {
  if (text.length < 22 || text[4] !== '-' || text[7] !== '-' || text[10] !== ' ' || text[13] !== ':' || text[16] !== ':') return general(text);
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  let at = 19;
  let millis = 0;
  if (text[at] === '.') {
    at += 1;
    for (let scale = 100; at < text.length && text[at] !== '+' && text[at] !== '-'; at += 1, scale /= 10) {
      const value = digit(text, at);
      if (Number.isNaN(value)) return general(text);
      if (scale >= 1) millis += value * scale;
    }
  }
  const sign = text[at] === '+' ? 1 : text[at] === '-' ? -1 : 0;
  let offsetSeconds = twoDigits(text, at + 1) * 3600;
  at += 3;
  for (const unit of [60, 1]) {
    if (text[at] !== ':') break;
    offsetSeconds += twoDigits(text, at + 1) * unit;
    at += 3;
  }
  if (sign === 0 || at !== text.length || !(year >= 1000) || Number.isNaN(offsetSeconds)) return general(text);
  const time = Date.UTC(year, twoDigits(text, 5) - 1, twoDigits(text, 8), twoDigits(text, 11), twoDigits(text, 14), twoDigits(text, 17), millis);
  if (Number.isNaN(time)) return general(text);
  return new Date(time - sign * offsetSeconds * 1000);
}
