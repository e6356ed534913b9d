import type { NpqCourseGroup, PrismaClient } from '../../../generated/prisma/client.ts';
import { npqCourseDefinitions } from '../npq/courses.ts';
import { utcDate } from '../shared/time.ts';
import { statementStatusOn, type StatementDefinition } from './statements.ts';

/**
 * NPQ reference data: the courses, each cohort's NPQ schedules (with the day declarations open),
 * a contract per provider, cohort and course, and each provider's NPQ statement calendar.
 *
 * SANDBOX FIGURES: contract targets, caps and prices are invented. From the 2024 cohort on the
 * contracts cap funded places (a positive `fundingCap`), so `funded_place` is required on accept.
 */

export interface NpqScheduleDefinition {
  cohortStartYear: number;
  scheduleIdentifier: string;
  group: NpqCourseGroup;
  name: string;
  startDate: string;
}

const YEARS = [2021, 2022, 2023, 2024, 2025];

function schedulesFor(year: number): NpqScheduleDefinition[] {
  const out: NpqScheduleDefinition[] = [];
  const add = (scheduleIdentifier: string, group: NpqCourseGroup, startDate: string) =>
    out.push({ cohortStartYear: year, scheduleIdentifier, group, startDate, name: scheduleIdentifier.replace(/^npq-/, 'NPQ ').replaceAll('-', ' ') });
  // The 2021 autumn schedules opened in November; later ones on 1 October.
  add('npq-leadership-autumn', 'leadership', year === 2021 ? '2021-11-01' : `${year}-10-01`);
  add('npq-leadership-spring', 'leadership', `${year + 1}-01-01`);
  add('npq-specialist-autumn', 'specialist', year === 2021 ? '2021-11-01' : `${year}-10-01`);
  add('npq-specialist-spring', 'specialist', `${year + 1}-01-01`);
  if (year === 2021) {
    // 2021 had one coaching-offer schedule, and the only support-offer schedules.
    add('npq-ehco-june', 'ehco', '2022-06-01');
    add('npq-aso-november', 'aso', '2021-11-01');
    add('npq-aso-december', 'aso', '2021-12-01');
    add('npq-aso-march', 'aso', '2022-03-01');
    add('npq-aso-june', 'aso', '2022-06-01');
  } else {
    add('npq-ehco-november', 'ehco', year === 2022 ? '2022-10-01' : `${year}-11-01`);
    add('npq-ehco-december', 'ehco', `${year}-12-01`);
    add('npq-ehco-march', 'ehco', `${year + 1}-03-01`);
    add('npq-ehco-june', 'ehco', `${year + 1}-06-01`);
  }
  return out;
}

export const npqScheduleDefinitions: readonly NpqScheduleDefinition[] = YEARS.flatMap(schedulesFor);

/** Which courses had a contract in a cohort: the support offer only in 2021, SENCO from 2024. */
export function npqCourseOffered(identifier: string, year: number): boolean {
  if (identifier === 'npq-additional-support-offer') return year === 2021;
  if (identifier === 'npq-senco') return year >= 2024;
  return true;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A cohort's NPQ statements: one a month from November of its start year to December three years
 * later, each an output statement (NPQ declarations are paid on any of them). A statement takes
 * declarations up to the last day of the month before it and pays on the 25th of its month.
 */
export function npqStatementCalendar(cohortStartYear: number): StatementDefinition[] {
  const statements: StatementDefinition[] = [];
  for (let index = 10; index <= 12 * 3 + 11; index += 1) {
    const year = cohortStartYear + Math.floor(index / 12);
    const month = index % 12;
    const deadline = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    statements.push({
      name: `${MONTHS[month]} ${year}`,
      deadlineDate: deadline,
      paymentDate: `${year}-${String(month + 1).padStart(2, '0')}-25`,
      outputFee: true,
    });
  }
  return statements;
}

export async function loadNpqReferenceData(prisma: PrismaClient, cohorts: Map<number, string>, providerIds: string[], today: string): Promise<void> {
  await prisma.npqCourse.createMany({ skipDuplicates: true, data: npqCourseDefinitions.map((course) => ({ ...course })) });
  const courses = await prisma.npqCourse.findMany();
  await prisma.npqSchedule.createMany({
    skipDuplicates: true,
    data: npqScheduleDefinitions.flatMap((schedule) => {
      const cohortId = cohorts.get(schedule.cohortStartYear);
      return cohortId
        ? [{ cohortId, scheduleIdentifier: schedule.scheduleIdentifier, name: schedule.name, group: schedule.group, startDate: utcDate(schedule.startDate) }]
        : [];
    }),
  });
  await prisma.npqContract.createMany({
    skipDuplicates: true,
    data: providerIds.flatMap((leadProviderId) =>
      [...cohorts].flatMap(([year, cohortId]) =>
        courses
          .filter((course) => npqCourseOffered(course.identifier, year))
          .map((course) => ({
            leadProviderId,
            cohortId,
            npqCourseId: course.id,
            recruitmentTarget: 500,
            fundingCap: year >= 2024 ? 200 : null,
            perParticipant: course.group === 'leadership' ? '2400.00' : course.group === 'specialist' ? '1200.00' : '800.00',
          })),
      ),
    ),
  });
  await prisma.statement.createMany({
    skipDuplicates: true,
    data: providerIds.flatMap((leadProviderId) =>
      [...cohorts].flatMap(([year, cohortId]) =>
        npqStatementCalendar(year).map((statement) => {
          const status = statementStatusOn(statement, today);
          return {
            leadProviderId,
            cohortId,
            type: 'npq' as const,
            name: statement.name,
            deadlineDate: utcDate(statement.deadlineDate),
            paymentDate: utcDate(statement.paymentDate),
            outputFee: true,
            status,
            markedAsPaidAt: status === 'paid' ? utcDate(statement.paymentDate) : null,
          };
        }),
      ),
    ),
  });
}
