import t from 'tap';
import { defaultNpqScheduleIdentifier } from '../../src/domain/npq/schedules.ts';
import { npqCourseOffered, npqScheduleDefinitions } from '../../src/domain/reference-data/npq.ts';
import { npqCourseDefinitions } from '../../src/domain/npq/courses.ts';

const on = (day: string) => new Date(`${day}T12:00:00Z`);

await t.test('leadership and specialist: spring from 26 December to 2 April, autumn otherwise', async (t) => {
  for (const [day, expected] of [
    ['2024-01-01', 'spring'], ['2024-04-02', 'spring'], ['2024-04-03', 'autumn'], ['2024-12-25', 'autumn'],
    ['2024-12-26', 'spring'], ['2025-09-10', 'autumn'],
    // The second half of 2022 was all autumn.
    ['2022-06-01', 'autumn'], ['2022-12-25', 'autumn'], ['2022-12-26', 'spring'],
  ] as const) {
    t.equal(defaultNpqScheduleIdentifier('leadership', 2024, on(day)), `npq-leadership-${expected}`, day);
    t.equal(defaultNpqScheduleIdentifier('specialist', 2024, on(day)), `npq-specialist-${expected}`, day);
  }
});

await t.test('coaching offer: by the day relative to the cohort year', async (t) => {
  t.equal(defaultNpqScheduleIdentifier('ehco', 2021, on('2021-10-01')), 'npq-ehco-june', 'before 2022 there is one schedule');
  for (const [day, expected] of [
    ['2024-09-01', 'november'], ['2024-11-30', 'november'], ['2024-12-01', 'december'], ['2025-02-28', 'december'],
    ['2025-03-01', 'march'], ['2025-05-31', 'march'], ['2025-06-01', 'june'], ['2025-09-30', 'june'], ['2024-08-01', 'june'],
  ] as const) {
    t.equal(defaultNpqScheduleIdentifier('ehco', 2024, on(day)), `npq-ehco-${expected}`, day);
  }
});

await t.test('support offer: the earliest support schedule of the cohort, if any', async (t) => {
  t.equal(defaultNpqScheduleIdentifier('aso', 2021, on('2021-10-01'), 'npq-aso-november'), 'npq-aso-november');
  t.equal(defaultNpqScheduleIdentifier('aso', 2023, on('2023-10-01')), null);
});

await t.test('reference data: 12 courses, schedules per cohort, contracts where offered', async (t) => {
  t.equal(npqCourseDefinitions.length, 12);
  t.equal(new Set(npqCourseDefinitions.map((course) => course.identifier)).size, 12);
  const identifiers = (year: number) => npqScheduleDefinitions.filter((s) => s.cohortStartYear === year).map((s) => s.scheduleIdentifier);
  t.same(identifiers(2021).filter((id) => id.startsWith('npq-aso')).length, 4, 'support schedules only in 2021');
  t.same(identifiers(2021).filter((id) => id.startsWith('npq-ehco')), ['npq-ehco-june']);
  for (const year of [2022, 2023, 2024, 2025]) t.equal(identifiers(year).length, 8, `${year}`);
  t.notOk(npqCourseOffered('npq-senco', 2023));
  t.ok(npqCourseOffered('npq-senco', 2024));
  t.notOk(npqCourseOffered('npq-additional-support-offer', 2022));
});
