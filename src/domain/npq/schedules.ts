import type { NpqCourseGroup } from '../../../generated/prisma/client.ts';
import { isoDate } from '../shared/time.ts';

/**
 * The schedule an accepted application gets when the provider names none, from the day of the
 * acceptance and the application's cohort. For the support offer the earliest of the cohort's
 * support schedules is used (passed in, as only the data knows them).
 */
export function defaultNpqScheduleIdentifier(group: NpqCourseGroup, cohortStartYear: number, today: Date, firstAsoSchedule?: string): string | null {
  const day = isoDate(today);
  const monthDay = day.slice(5);
  if (group === 'leadership' || group === 'specialist') {
    const prefix = `npq-${group}`;
    // In the second half of 2022 every acceptance went to the autumn schedule.
    if (day >= '2022-06-01' && day <= '2022-12-25') return `${prefix}-autumn`;
    if (monthDay <= '04-02' || monthDay >= '12-26') return `${prefix}-spring`;
    return `${prefix}-autumn`;
  }
  if (group === 'ehco') {
    if (cohortStartYear < 2022) return 'npq-ehco-june';
    const y = cohortStartYear;
    if (day >= `${y}-09-01` && day <= `${y}-11-30`) return 'npq-ehco-november';
    if (day >= `${y}-12-01` && day < `${y + 1}-03-01`) return 'npq-ehco-december';
    if (day >= `${y + 1}-03-01` && day <= `${y + 1}-05-31`) return 'npq-ehco-march';
    return 'npq-ehco-june';
  }
  return firstAsoSchedule ?? null;
}

/**
 * The declaration types each kind of schedule has a milestone for. Every milestone of an NPQ
 * schedule starts on the schedule's start date and has no end.
 */
export const NPQ_DECLARATION_TYPES: Record<NpqCourseGroup, readonly string[]> = {
  leadership: ['started', 'retained-1', 'retained-2', 'completed'],
  specialist: ['started', 'retained-1', 'completed'],
  ehco: ['started', 'retained-1', 'retained-2', 'completed'],
  aso: ['started', 'retained-1', 'retained-2', 'completed'],
};
