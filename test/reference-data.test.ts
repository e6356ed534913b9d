import t from 'tap';
import { cohortDefinitions } from '../src/domain/reference-data/cohorts.ts';
import {
  findSchedule,
  milestoneTypesFor,
  scheduleAllowsCourse,
  scheduleDefinitions,
} from '../src/domain/reference-data/schedules.ts';
import { statementCalendar, statementStatusOn } from '../src/domain/reference-data/statements.ts';
import { contractDefinitions, contractFor, leadProviderNames } from '../src/domain/reference-data/lead-providers.ts';

await t.test('cohorts 2021–2025; only 2025 funds mentors and takes detailed evidence', async (t) => {
  t.same(cohortDefinitions.map((c) => c.startYear), [2021, 2022, 2023, 2024, 2025]);
  const c2025 = cohortDefinitions.find((c) => c.startYear === 2025)!;
  t.equal(c2025.registrationStartDate, '2024-12-31');
  t.ok(c2025.mentorFunding && c2025.detailedEvidenceTypes);
  t.equal(cohortDefinitions.find((c) => c.startYear === 2021)!.paymentsFrozenAt, '2024-06-18T00:00:00Z');
});

await t.test('every cohort has the 12 schedules', async (t) => {
  for (const year of [2021, 2022, 2023, 2024, 2025]) {
    const ids = scheduleDefinitions.filter((s) => s.cohortStartYear === year).map((s) => s.scheduleIdentifier);
    t.equal(new Set(ids).size, 12, `${year}`);
    for (const family of ['standard', 'reduced', 'extended', 'replacement']) {
      for (const month of ['september', 'january', 'april']) t.ok(ids.includes(`ecf-${family}-${month}`));
    }
  }
});

await t.test('2022 standard September started window', async (t) => {
  const started = findSchedule(2022, 'ecf-standard-september')!.milestones[0]!;
  t.match(started, { declarationType: 'started', startDate: '2022-06-01', milestoneDate: '2022-12-31', paymentDate: '2022-11-30' });
});

await t.test('2021 January completed has its window and no payment date', async (t) => {
  const completed = findSchedule(2021, 'ecf-standard-january')!.milestones.at(-1)!;
  t.match(completed, { declarationType: 'completed', startDate: '2023-05-01', milestoneDate: '2023-09-30', paymentDate: null });
});

await t.test('2025 schedules, mentor ones included, are open-ended', async (t) => {
  for (const s of scheduleDefinitions.filter((s) => s.cohortStartYear === 2025)) {
    t.ok(s.milestones.every((m) => m.milestoneDate === null && m.paymentDate === null), s.scheduleIdentifier);
  }
  t.ok(findSchedule(2025, 'ecf-standard-april')!.milestones.every((m) => m.startDate === '2025-07-01'));
  t.ok(findSchedule(2025, 'ecf-replacement-january')!.milestones.every((m) => m.startDate === '2026-01-01'));
});

await t.test('extended schedules have 9 milestones, the others 6', async (t) => {
  for (const s of scheduleDefinitions) {
    t.equal(s.milestones.length, s.type === 'ecf_extended' ? 9 : 6, `${s.cohortStartYear} ${s.scheduleIdentifier}`);
    t.same(s.milestones.map((m) => m.declarationType), milestoneTypesFor(s.type));
  }
  t.same(findSchedule(2024, 'ecf-extended-september')!.milestones.at(-1), {
    declarationType: 'extended-3',
    name: 'Output 9 - Extended Point 3',
    startDate: '2024-09-01',
    milestoneDate: null,
    paymentDate: null,
  });
});

await t.test('replacement schedules are mentor-only', async (t) => {
  t.notOk(scheduleAllowsCourse('ecf_replacement', 'ecf-induction'));
  t.ok(scheduleAllowsCourse('ecf_replacement', 'ecf-mentor'));
  for (const type of ['ecf_standard', 'ecf_reduced', 'ecf_extended'] as const) {
    t.ok(scheduleAllowsCourse(type, 'ecf-induction') && scheduleAllowsCourse(type, 'ecf-mentor'), type);
  }
});

await t.test('statement calendar lengths and ends', async (t) => {
  // 2021 and 2022 have no December statement in their first year.
  const expected: Record<number, [number, string, string]> = {
    2021: [34, 'November 2021', 'September 2024'],
    2022: [33, 'November 2022', 'August 2025'],
    2023: [34, 'November 2023', 'August 2026'],
    2024: [31, 'November 2024', 'May 2027'],
    2025: [31, 'November 2025', 'May 2028'],
  };
  for (const [year, [count, first, last]] of Object.entries(expected)) {
    const calendar = statementCalendar(Number(year));
    t.equal(calendar.length, count, `${year} count`);
    t.equal(calendar[0]!.name, first);
    t.equal(calendar.at(-1)!.name, last);
    t.ok(calendar.every((s) => s.paymentDate.endsWith('-25') || s.name.startsWith('November')));
  }
  t.notOk(statementCalendar(2021).some((s) => s.name === 'December 2021'));
  t.same(statementCalendar(2020), []);
  t.ok(statementCalendar(2023).some((s) => s.name === 'December 2023'));
});

await t.test('2023 output months', async (t) => {
  t.same(
    statementCalendar(2023).filter((s) => s.outputFee).map((s) => s.name),
    ['January 2024', 'April 2024', 'August 2024', 'October 2024', 'January 2025', 'April 2025',
      'August 2025', 'October 2025', 'January 2026', 'April 2026', 'August 2026'],
  );
});

await t.test('deadline rules', async (t) => {
  const find = (year: number, name: string) => statementCalendar(year).find((s) => s.name === name);
  t.same(find(2022, 'February 2023'), { name: 'February 2023', deadlineDate: '2023-01-31', paymentDate: '2023-02-25', outputFee: true });
  t.same(find(2021, 'November 2021'), { name: 'November 2021', deadlineDate: '2021-11-30', paymentDate: '2021-11-30', outputFee: true });
  t.match(find(2021, 'January 2022'), { deadlineDate: '2021-12-31', paymentDate: '2022-01-25', outputFee: false });
  // The CSV says 2025-12-31 here (a typo); we use the intended 31 December of the previous year.
  t.match(find(2023, 'January 2025'), { deadlineDate: '2024-12-31', outputFee: true });
  t.match(find(2023, 'March 2024'), { deadlineDate: '2024-02-29' });
  t.match(find(2023, 'November 2023'), { deadlineDate: '2023-10-31', paymentDate: '2023-11-25', outputFee: false });
});

await t.test('statement status on import', async (t) => {
  const s = { deadlineDate: '2023-01-31', paymentDate: '2023-02-25' };
  t.equal(statementStatusOn(s, '2023-01-31'), 'open');
  t.equal(statementStatusOn(s, '2023-02-01'), 'payable');
  t.equal(statementStatusOn(s, '2023-02-25'), 'payable');
  t.equal(statementStatusOn(s, '2023-02-26'), 'paid');
});

await t.test('contracts: 7 providers × 5 cohorts, bands A–D, 2025 mentor flat rate', async (t) => {
  t.equal(leadProviderNames.length, 7);
  t.equal(contractDefinitions.length, 35);
  for (const c of contractDefinitions) {
    const bands = c.callOffContract.bands;
    t.same(bands.map((b) => [b.band, b.min, b.max]), [['A', 0, 2000], ['B', 2001, 4000], ['C', 4001, 6000], ['D', 6001, null]]);
    t.equal(c.callOffContract.upliftAmount === null, c.cohortStartYear === 2025);
    t.equal(c.mentorCallOffContract?.paymentPerParticipant ?? null, c.cohortStartYear === 2025 ? 1000 : null);
  }
  t.match(contractFor('Teach First', 2025), {
    callOffContract: { upliftAmount: null, upliftTarget: null, monthlyServiceFee: Number },
    mentorCallOffContract: { paymentPerParticipant: 1000 },
  });
  t.match(contractFor('Capita', 2021), { callOffContract: { upliftAmount: 100, monthlyServiceFee: null } });
});
