// The timestamptz reader: every text form PostgreSQL gives for a four-digit year reads as the
// exact instant (to the millisecond, cut not rounded); anything else reads as node-postgres reads it.
import t from 'tap';
import fc from 'fast-check';
import pg from 'pg';
import { parseTimestamptz } from '../../src/db/timestamps.ts';

const general = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The text PostgreSQL writes for an instant shown at a UTC offset (in seconds), with some microseconds. */
function pgText(instant: number, micros: number, offsetSeconds: number): string {
  const local = new Date(instant + offsetSeconds * 1000);
  const fraction = micros === 0 ? '' : `.${pad(micros, 6).replace(/0+$/, '')}`;
  const size = Math.abs(offsetSeconds);
  const [h, m, s] = [Math.floor(size / 3600), Math.floor((size % 3600) / 60), size % 60];
  const offset = `${offsetSeconds < 0 ? '-' : '+'}${pad(h)}${m || s ? `:${pad(m)}` : ''}${s ? `:${pad(s)}` : ''}`;
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${offset}`;
}

const FIRST = Date.UTC(1000, 0, 2);
const LAST = Date.UTC(9999, 11, 30);

await t.test('reads every instant at every offset exactly, the fraction cut to milliseconds', async (t) => {
  fc.assert(fc.property(
    fc.integer({ min: FIRST / 1000, max: LAST / 1000 }),
    fc.integer({ min: 0, max: 999_999 }),
    fc.oneof(fc.constant(0), fc.integer({ min: -16 * 3600, max: 16 * 3600 }), fc.integer({ min: -15, max: 15 }).map((h) => h * 1800)),
    (seconds, micros, offset) => {
      const text = pgText(seconds * 1000, micros, offset);
      const expected = seconds * 1000 + Math.floor(micros / 1000);
      return parseTimestamptz(text).getTime() === expected;
    },
  ), { numRuns: 20_000 });
  t.pass('20,000 instants');
});

await t.test('agrees with node-postgres wherever its arithmetic is exact', async (t) => {
  for (const text of ['2026-12-01 09:00:00+00', '2026-12-01 09:00:00.5+00', '2024-02-29 23:59:59.999+05:30', '1999-12-31 23:00:00-01', '2026-03-29 01:30:00.25+01']) {
    t.equal(parseTimestamptz(text).getTime(), general(text).getTime(), text);
  }
});

await t.test('hands every other form to node-postgres', async (t) => {
  for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '10000-01-01 00:00:00+00', '2026-12-01 09:00:00', '2026-12-01T09:00:00Z', 'garbage']) {
    const ours = parseTimestamptz(text);
    const theirs = general(text);
    t.same(ours instanceof Date ? ours.getTime() : ours, theirs instanceof Date ? theirs.getTime() : theirs, text);
  }
});
