// Building NPQ participants for tests through the same domain services the API and seeds use.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { NameSource } from '../../prisma/seed/scenarios.ts';
import { applyForNpq, type NpqApplicationForm } from '../../src/domain/npq/applications/register.ts';
import { acceptNpqApplicationIn } from '../../src/domain/npq/applications/actions.ts';

/** Applications and acceptances a second apart (from `start`), so every order is determined. */
export function npqEnroller(prisma: PrismaClient, names: NameSource, start = Date.now() - 1_800_000) {
  let clock = start;
  const tick = () => new Date((clock += 1000));
  /** A pending application from a new person (or `userId`), a school teacher eligible for funding. */
  async function apply(leadProviderId: string, overrides: Partial<NpqApplicationForm> = {}) {
    const person = names.person();
    return applyForNpq(prisma, {
      leadProviderId,
      courseIdentifier: 'npq-leading-teaching',
      cohortStartYear: 2024,
      fullName: person.fullName,
      email: person.email,
      teacherReferenceNumber: person.trn,
      trnVerified: true,
      schoolUrn: '100001',
      eligibleForFunding: true,
      now: tick(),
      ...overrides,
    });
  }
  /** An accepted application: the person is now the provider's NPQ participant. */
  async function enrol(leadProviderId: string, overrides: Partial<NpqApplicationForm> = {}, accept: { fundedPlace?: boolean; scheduleIdentifier?: string } = {}) {
    const application = await apply(leadProviderId, overrides);
    const cohort = overrides.cohortStartYear ?? 2024;
    await acceptNpqApplicationIn(prisma, {
      leadProviderId,
      applicationId: application.id,
      now: tick(),
      fundedPlace: accept.fundedPlace ?? (cohort >= 2024 ? true : undefined),
      scheduleIdentifier: accept.scheduleIdentifier,
    });
    return { applicationId: application.id, userId: application.userId };
  }
  return { apply, enrol, tick };
}

/**
 * Writes a declaration row against an NPQ enrolment in any state, for rules that read only the
 * enrolment, provider, course, type, date and state (a declaration through the API starts as
 * submitted or eligible; tests of later states would otherwise replay a whole payment run).
 */
export async function declareForNpq(
  prisma: PrismaClient,
  declaration: { enrolmentId: string; userId: string; leadProviderId: string; courseIdentifier: string; type?: string; state?: string; date?: Date; cohortStartYear?: number },
): Promise<string> {
  const id = crypto.randomUUID();
  const date = (declaration.date ?? new Date()).toISOString();
  const type = declaration.type ?? 'started';
  const state = declaration.state ?? 'submitted';
  const slot = ['submitted', 'eligible', 'payable', 'paid'].includes(state) ? `${declaration.userId}|${declaration.courseIdentifier}|${type}` : null;
  await prisma.$executeRaw`INSERT INTO participant_declarations (id, user_id, npq_participant_profile_id, lead_provider_id, cohort_id, profile_type,
       declaration_type, declaration_date, course_identifier, state, billable_slot)
     VALUES (${id}::uuid, ${declaration.userId}::uuid, ${declaration.enrolmentId}::uuid, ${declaration.leadProviderId}::uuid,
       (SELECT id FROM cohorts WHERE start_year = ${declaration.cohortStartYear ?? 2024}), 'npq', ${type},
       ${date}::timestamptz, ${declaration.courseIdentifier}, ${state}::declaration_state, ${slot})`;
  return id;
}
