/**
 * ECF schedules and their milestones (see docs/declarations.md): per cohort, schedule type and start
 * month, the window each declaration type may be dated in and when it is paid. Where a date is a
 * choice between conflicting published values, the comment beside it says which and why.
 *
 * Validation meaning: `startDate` is the first allowed declaration date; `milestoneDate` the last
 * (null = open-ended); `paymentDate` is informational only.
 */

export type ScheduleType = 'ecf_standard' | 'ecf_reduced' | 'ecf_extended' | 'ecf_replacement';

export const declarationTypes = [
  'started',
  'retained-1',
  'retained-2',
  'retained-3',
  'retained-4',
  'completed',
  'extended-1',
  'extended-2',
  'extended-3',
] as const;
export type DeclarationType = (typeof declarationTypes)[number];

export type ScheduleStartMonth = 'september' | 'january' | 'april';
export type CourseIdentifier = 'ecf-induction' | 'ecf-mentor';

export interface MilestoneDefinition {
  declarationType: DeclarationType;
  name: string;
  startDate: string;
  milestoneDate: string | null;
  paymentDate: string | null;
}

export interface ScheduleDefinition {
  cohortStartYear: number;
  /** e.g. `ecf-standard-september` */
  scheduleIdentifier: string;
  /** e.g. `ECF Standard September` */
  name: string;
  type: ScheduleType;
  milestones: MilestoneDefinition[];
}

export const scheduleTypes: readonly ScheduleType[] = ['ecf_standard', 'ecf_reduced', 'ecf_extended', 'ecf_replacement'];
export const scheduleStartMonths: readonly ScheduleStartMonth[] = ['september', 'january', 'april'];

/** Milestone names as the service shows them. */
const milestoneNames: Record<DeclarationType, string> = {
  started: 'Output 1 - Participant Start',
  'retained-1': 'Output 2 - Retention Point 1',
  'retained-2': 'Output 3 - Retention Point 2',
  'retained-3': 'Output 4 - Retention Point 3',
  'retained-4': 'Output 5 - Retention Point 4',
  completed: 'Output 6 - Participant Completion',
  'extended-1': 'Output 7 - Extended Point 1',
  'extended-2': 'Output 8 - Extended Point 2',
  'extended-3': 'Output 9 - Extended Point 3',
};

/** The declaration types a schedule of this type has milestones for (= the accepted types). */
export function milestoneTypesFor(type: ScheduleType): DeclarationType[] {
  return declarationTypes.filter((t) => type === 'ecf_extended' || !t.startsWith('extended-'));
}

/** `Finance::Schedule::Mentor` (every replacement schedule) is for mentors only; the rest take both courses. */
export function scheduleAllowsCourse(type: ScheduleType, courseIdentifier: CourseIdentifier): boolean {
  return type !== 'ecf_replacement' || courseIdentifier === 'ecf-mentor';
}

/** [start, close, payment] for started, retained-1..4, completed. */
type Window = readonly [startDate: string, milestoneDate: string | null, paymentDate: string | null];
type StandardWindows = Record<ScheduleStartMonth, readonly Window[]>;

const openEnded = (startDate: string): Window[] => Array.from({ length: 6 }, () => [startDate, null, null] as const);

/** The standard schedules' windows are irregular, so they are spelled out. */
const standardWindows: Record<number, StandardWindows> = {
  2021: {
    september: [
      ['2021-09-01', '2021-11-30', '2021-11-30'],
      ['2021-09-01', '2022-01-31', '2022-02-28'],
      ['2022-02-01', '2022-04-30', '2022-05-31'],
      ['2022-05-01', '2022-09-30', '2022-10-31'],
      ['2022-10-01', '2023-01-31', '2023-02-28'],
      ['2023-02-01', '2023-04-30', '2023-05-31'],
    ],
    january: [
      ['2021-12-01', '2022-01-31', '2022-02-28'],
      ['2022-02-01', '2022-04-30', '2022-05-31'],
      ['2022-05-01', '2022-09-30', '2022-10-31'],
      ['2022-10-01', '2023-01-31', '2023-02-28'],
      ['2023-02-01', '2023-04-30', '2023-05-31'],
      // `completed` has no payment date here: its window is set, and no payment date was ever published.
      ['2023-05-01', '2023-09-30', null],
    ],
    // The 2022 April windows shifted back one year; later published guidance gives other dates, kept out on purpose.
    april: [
      ['2022-04-01', '2022-07-31', '2022-08-31'],
      ['2022-08-01', '2022-12-31', '2023-01-31'],
      ['2023-01-01', '2023-03-31', '2023-04-30'],
      ['2023-04-01', '2023-07-31', '2023-08-31'],
      ['2023-08-01', '2023-12-31', '2024-01-31'],
      ['2024-01-01', '2024-03-31', '2024-04-30'],
    ],
  },
  2022: {
    september: [
      ['2022-06-01', '2022-12-31', '2022-11-30'],
      ['2023-01-01', '2023-03-31', '2023-04-30'],
      ['2023-04-01', '2023-07-31', '2023-08-31'],
      ['2023-08-01', '2023-12-31', '2024-01-31'],
      ['2024-01-01', '2024-03-31', '2024-04-30'],
      ['2024-04-01', '2024-07-31', '2024-08-31'],
    ],
    january: [
      ['2023-01-01', '2023-03-31', '2023-04-30'],
      ['2023-04-01', '2023-07-31', '2023-08-31'],
      ['2023-08-01', '2023-12-31', '2024-01-31'],
      ['2024-01-01', '2024-03-31', '2024-04-30'],
      ['2024-04-01', '2024-07-31', '2024-08-31'],
      ['2024-08-01', '2024-12-31', '2025-01-31'],
    ],
    april: [
      ['2023-04-01', '2023-07-31', '2023-08-31'],
      ['2023-08-01', '2023-12-31', '2024-01-31'],
      ['2024-01-01', '2024-03-31', '2024-04-30'],
      ['2024-04-01', '2024-07-31', '2024-08-31'],
      ['2024-08-01', '2024-12-31', '2025-01-31'],
      ['2025-01-01', '2025-03-31', '2025-04-30'],
    ],
  },
  2023: {
    september: [
      ['2023-06-01', '2023-12-31', '2023-11-30'],
      ['2024-01-01', '2024-03-31', '2024-04-30'],
      ['2024-04-01', '2024-07-31', '2024-08-31'],
      ['2024-08-01', '2024-12-31', '2025-01-31'],
      ['2025-01-01', '2025-03-31', '2025-04-30'],
      ['2025-04-01', '2025-07-31', '2025-08-31'],
    ],
    january: [
      ['2024-01-01', '2024-03-31', '2024-04-30'],
      ['2024-04-01', '2024-07-31', '2024-08-31'],
      ['2024-08-01', '2024-12-31', '2025-01-31'],
      ['2025-01-01', '2025-03-31', '2025-04-30'],
      ['2025-04-01', '2025-07-31', '2025-08-31'],
      ['2025-08-01', '2025-12-31', '2026-01-31'],
    ],
    april: [
      ['2024-04-01', '2024-07-31', '2024-08-31'],
      ['2024-08-01', '2024-12-31', '2025-01-31'],
      ['2025-01-01', '2025-03-31', '2025-04-30'],
      ['2025-04-01', '2025-07-31', '2025-08-31'],
      ['2025-08-01', '2025-12-31', '2026-01-31'],
      ['2026-01-01', '2026-03-31', '2026-04-30'],
    ],
  },
  2024: {
    september: [
      ['2024-06-01', '2024-12-31', '2024-11-30'],
      ['2025-01-01', '2025-03-31', '2025-04-30'],
      ['2025-04-01', '2025-07-31', '2025-08-31'],
      ['2025-08-01', '2025-12-31', '2026-01-31'],
      ['2026-01-01', '2026-03-31', '2026-04-30'],
      ['2026-04-01', '2026-07-31', '2026-08-31'],
    ],
    january: [
      ['2025-01-01', '2025-03-31', '2025-04-30'],
      ['2025-04-01', '2025-07-31', '2025-08-31'],
      ['2025-08-01', '2025-12-31', '2026-01-31'],
      ['2026-01-01', '2026-03-31', '2026-04-30'],
      ['2026-04-01', '2026-07-31', '2026-08-31'],
      ['2026-08-01', '2026-12-31', '2027-01-31'],
    ],
    april: [
      ['2025-04-01', '2025-07-31', '2025-08-31'],
      ['2025-08-01', '2025-12-31', '2026-01-31'],
      ['2026-01-01', '2026-03-31', '2026-04-30'],
      ['2026-04-01', '2026-07-31', '2026-08-31'],
      ['2026-08-01', '2026-12-31', '2027-01-31'],
      ['2027-01-01', '2027-03-31', '2027-04-30'],
    ],
  },
  // 2025 windows are open-ended, all starting 2025-07-01 for every standard schedule and type
  // (one start for all start months, not a start per month).
  2025: {
    september: openEnded('2025-07-01'),
    january: openEnded('2025-07-01'),
    april: openEnded('2025-07-01'),
  },
};

/** Reduced, extended and replacement schedules: every type opens on one date, none closes. */
function nonStandardStartDate(cohortStartYear: number, month: ScheduleStartMonth): string {
  if (month === 'september') return `${cohortStartYear}-09-01`;
  return `${cohortStartYear + 1}-${month === 'january' ? '01' : '04'}-01`;
}

const capitalise = (word: string): string => word[0]!.toUpperCase() + word.slice(1);

function buildSchedule(cohortStartYear: number, type: ScheduleType, month: ScheduleStartMonth): ScheduleDefinition {
  const family = type.slice('ecf_'.length);
  const types = milestoneTypesFor(type);
  const windows =
    type === 'ecf_standard'
      ? standardWindows[cohortStartYear]![month]
      : types.map(() => [nonStandardStartDate(cohortStartYear, month), null, null] as const);
  return {
    cohortStartYear,
    scheduleIdentifier: `ecf-${family}-${month}`,
    name: `ECF ${capitalise(family)} ${capitalise(month)}`,
    type,
    milestones: types.map((declarationType, i) => {
      const [startDate, milestoneDate, paymentDate] = windows[i]!;
      return { declarationType, name: milestoneNames[declarationType], startDate, milestoneDate, paymentDate };
    }),
  };
}

export const scheduleCohortStartYears: readonly number[] = [2021, 2022, 2023, 2024, 2025];

/** 12 schedules for every cohort 2021–2025. */
export const scheduleDefinitions: readonly ScheduleDefinition[] = scheduleCohortStartYears.flatMap((year) =>
  scheduleTypes.flatMap((type) => scheduleStartMonths.map((month) => buildSchedule(year, type, month))),
);

/** The default schedule of a cohort is `ecf-standard-september`. */
export const DEFAULT_SCHEDULE_IDENTIFIER = 'ecf-standard-september';

export function findSchedule(cohortStartYear: number, scheduleIdentifier: string): ScheduleDefinition | undefined {
  return scheduleDefinitions.find(
    (s) => s.cohortStartYear === cohortStartYear && s.scheduleIdentifier === scheduleIdentifier,
  );
}
