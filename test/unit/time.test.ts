// Date rendering and the readers of client date-times (declaration_date, filter[updated_since],
// X-With-Server-Date).
import t from 'tap';
import { castDateTime, isoDate, isRfc3339DateTime, latest, nullableIsoDate, parseIso8601DateTime, parseRfc3339DateTime, rfc3339, rfc3339Millis, utcDate } from '../../src/domain/shared/time.ts';
import { updatedSinceFilter } from '../../src/api/list-params.ts';

const instant = new Date('2024-03-05T07:08:09.123Z');

await t.test('rendering', async (t) => {
  t.equal(rfc3339(instant), '2024-03-05T07:08:09Z', 'RFC 3339 in UTC without fractions');
  t.equal(rfc3339Millis(instant), '2024-03-05T07:08:09.123Z', 'with milliseconds');
  t.equal(isoDate(instant), '2024-03-05', 'date only');
  t.equal(nullableIsoDate(null), null);
  t.equal(nullableIsoDate(instant), '2024-03-05');
  t.same(utcDate('2024-02-29'), new Date('2024-02-29T00:00:00.000Z'), 'a calendar day is midnight UTC');
  t.same(latest(null, instant, undefined, new Date('2020-01-01T00:00:00Z')), instant, 'the latest of several');
  t.same(latest(null, undefined), new Date(0), 'the epoch when there is none');
});

await t.test('declaration_date casts leniently', async (t) => {
  for (const [raw, expected] of [
    ['2024-03-05T07:08:09Z', '2024-03-05T07:08:09.000Z'],
    ['2024-03-05T07:08:09.5Z', '2024-03-05T07:08:09.500Z'],
    ['2024-03-05T07:08:09+01:00', '2024-03-05T06:08:09.000Z'],
    ['2024-03-05T07:08:09-0130', '2024-03-05T08:38:09.000Z'],
    ['2024-03-05T07:08:09', '2024-03-05T07:08:09.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024-3-5 7:08', '2024-03-05T07:08:00.000Z'],
    [' 2024-03-05T07:08:09 UTC ', '2024-03-05T07:08:09.000Z'],
    ['0099-01-01', '0099-01-01T00:00:00.000Z'],
  ] as const) {
    t.equal(castDateTime(raw)?.toISOString(), expected, raw);
  }
  for (const raw of [undefined, '', 'yesterday', '2024-02-30', '2023-02-29', '2024-13-01', '0000-01-01', '2024-03-05T24:00:00Z', '2024-03-05T07:60:00Z']) {
    t.equal(castDateTime(raw), null, `${raw} does not cast`);
  }
  t.ok(castDateTime('2024-02-29'), 'a leap day does');
});

await t.test('declaration_date must be RFC 3339', async (t) => {
  for (const raw of ['2024-03-05T07:08:09Z', '2024-03-05T07:08:09.123+01:00', '2024-03-05T07:08:09', '2024-03-05t07:08:09z', '2024-03-05T07:08:09+0100']) {
    t.ok(isRfc3339DateTime(raw), raw);
  }
  for (const raw of ['2024-03-05', '2024-03-05 07:08:09Z', '2024-3-5T07:08:09Z', '2024-03-05T07:08Z']) {
    t.notOk(isRfc3339DateTime(raw), `${raw} is refused`);
  }
});

await t.test('filter[updated_since]', async (t) => {
  t.equal(updatedSinceFilter({}), undefined, 'absent');
  t.equal(updatedSinceFilter({ filter: {} }), undefined, 'absent from the filter');
  for (const [value, expected] of [
    ['2024-03-05T07:08:09Z', '2024-03-05T07:08:09.000Z'],
    ['2024-03-05T07:08:09.25Z', '2024-03-05T07:08:09.250Z'],
    ['2024-03-05T07:08:09 01:00', '2024-03-05T06:08:09.000Z'],
    ['2024-03-05T07:08:09%2B01:00', '2024-03-05T06:08:09.000Z'],
    ['2024-03-05T07:08:09-0500', '2024-03-05T12:08:09.000Z'],
    ['2024-03-05T07:08:09+01', '2024-03-05T06:08:09.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
  ] as const) {
    t.equal(updatedSinceFilter({ filter: { updated_since: value } })?.toISOString(), expected, value);
  }
  for (const value of ['yesterday', '2021-13-45T00:00:00Z', '2024-03-32', '%E0%A4%A']) {
    t.throws(() => updatedSinceFilter({ filter: { updated_since: value } }), { message: "The filter '#/updated_since' must be a valid RCF3339 date", name: 'Error' }, `${value} is refused`);
  }
});

await t.test('X-With-Server-Date: RFC 3339, seconds optional, zone-less as UTC', async (t) => {
  t.equal(parseRfc3339DateTime('2025-03-01T10:00:00Z')?.toISOString(), '2025-03-01T10:00:00.000Z');
  t.equal(parseRfc3339DateTime(' 2025-03-01 10:00 ')?.toISOString(), '2025-03-01T10:00:00.000Z', 'a space and no seconds');
  t.equal(parseRfc3339DateTime('2025-03-01T10:00:00+01:00')?.toISOString(), '2025-03-01T09:00:00.000Z');
  for (const raw of ['2025-03-01', 'yesterday', '2025-13-01T10:00:00Z', '']) t.equal(parseRfc3339DateTime(raw), null, `${JSON.stringify(raw)} is unreadable`);
});

await t.test('filter[updated_since]: ISO 8601 dates and date-times', async (t) => {
  t.equal(parseIso8601DateTime('2025-03-01')?.toISOString(), '2025-03-01T00:00:00.000Z', 'a date alone is midnight UTC');
  t.equal(parseIso8601DateTime('2025-03-01T10:00:00.5+0100')?.toISOString(), '2025-03-01T09:00:00.500Z');
  for (const raw of ['2025-02-32', '2025-3-1', 'now']) t.equal(parseIso8601DateTime(raw), null, `${raw} is unreadable`);
});
