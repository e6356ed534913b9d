import { Prisma } from '../../../generated/prisma/client.ts';

/**
 * Whether the application's person was already funded for the course: another of their accepted
 * applications for it (or for its rebranded alternative, between the support and coaching offers)
 * was eligible for funding and its funded place not refused. `application` and `course` name the
 * query's aliases of npq_applications and its npq_courses row.
 */
export function previouslyFunded(application: string, course: string): Prisma.Sql {
  const a = Prisma.raw(application);
  const c = Prisma.raw(course);
  return Prisma.sql`EXISTS (
           SELECT 1 FROM npq_applications o JOIN npq_courses oc ON oc.id = o.npq_course_id
            WHERE o.user_id = ${a}.user_id AND o.id <> ${a}.id AND o.status = 'accepted' AND o.eligible_for_funding
              AND (o.funded_place IS NULL OR o.funded_place)
              AND (o.npq_course_id = ${a}.npq_course_id OR (oc.course_group IN ('aso', 'ehco') AND ${c}.course_group IN ('aso', 'ehco')))
         )`;
}
