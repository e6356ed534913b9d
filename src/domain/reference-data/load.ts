import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { cohortDefinitions } from './cohorts.ts';
import { scheduleDefinitions } from './schedules.ts';
import { statementCalendar, statementStatusOn } from './statements.ts';
import { contractDefinitions, leadProviderNames } from './lead-providers.ts';
import { isoDate, utcDate } from '../shared/time.ts';
import { loadNpqReferenceData } from './npq.ts';

/**
 * Cohorts, schedules and milestones, the seven lead providers, their contracts and statement
 * calendars, and the NPQ courses, schedules, contracts and statements. Idempotent: rows already present are left as they are.
 */
export async function loadReferenceData(prisma: PrismaClient, today: Date): Promise<void> {
  await prisma.cohort.createMany({
    skipDuplicates: true,
    data: cohortDefinitions.map((cohort) => ({
      startYear: cohort.startYear,
      registrationStartDate: utcDate(cohort.registrationStartDate),
      academicYearStartDate: utcDate(cohort.academicYearStartDate),
      automaticAssignmentPeriodEndDate: utcDate(cohort.automaticAssignmentPeriodEndDate),
      paymentsFrozenAt: cohort.paymentsFrozenAt ? new Date(cohort.paymentsFrozenAt) : null,
      mentorFunding: cohort.mentorFunding,
      detailedEvidenceTypes: cohort.detailedEvidenceTypes,
    })),
  });
  const cohorts = new Map((await prisma.cohort.findMany()).map((cohort) => [cohort.startYear, cohort.id]));

  await prisma.schedule.createMany({
    skipDuplicates: true,
    data: scheduleDefinitions.map((schedule) => ({
      cohortId: cohorts.get(schedule.cohortStartYear)!,
      scheduleIdentifier: schedule.scheduleIdentifier,
      name: schedule.name,
      scheduleType: schedule.type,
    })),
  });
  const schedules = new Map(
    (await prisma.schedule.findMany({ include: { cohort: true } })).map((s) => [`${s.cohort.startYear}:${s.scheduleIdentifier}`, s.id]),
  );
  await prisma.milestone.createMany({
    skipDuplicates: true,
    data: scheduleDefinitions.flatMap((schedule) =>
      schedule.milestones.map((milestone) => ({
        scheduleId: schedules.get(`${schedule.cohortStartYear}:${schedule.scheduleIdentifier}`)!,
        declarationType: milestone.declarationType,
        name: milestone.name,
        startDate: utcDate(milestone.startDate),
        milestoneDate: milestone.milestoneDate ? utcDate(milestone.milestoneDate) : null,
        paymentDate: milestone.paymentDate ? utcDate(milestone.paymentDate) : null,
      })),
    ),
  });

  await prisma.leadProvider.createMany({ skipDuplicates: true, data: leadProviderNames.map((name) => ({ name })) });
  const providers = new Map((await prisma.leadProvider.findMany()).map((provider) => [provider.name, provider.id]));

  const day = isoDate(today);
  await prisma.statement.createMany({
    skipDuplicates: true,
    data: [...providers.values()].flatMap((leadProviderId) =>
      [...cohorts].flatMap(([startYear, cohortId]) =>
        statementCalendar(startYear).map((statement) => {
          const status = statementStatusOn(statement, day);
          return {
            leadProviderId,
            cohortId,
            name: statement.name,
            deadlineDate: utcDate(statement.deadlineDate),
            paymentDate: utcDate(statement.paymentDate),
            outputFee: statement.outputFee,
            status,
            markedAsPaidAt: status === 'paid' ? utcDate(statement.paymentDate) : null,
          };
        }),
      ),
    ),
  });

  const existingContracts = new Set(
    (await prisma.callOffContract.findMany({ select: { leadProviderId: true, cohortId: true } })).map(
      (contract) => `${contract.leadProviderId}:${contract.cohortId}`,
    ),
  );
  for (const definition of contractDefinitions) {
    const leadProviderId = providers.get(definition.leadProviderName);
    const cohortId = cohorts.get(definition.cohortStartYear);
    if (!leadProviderId || !cohortId || existingContracts.has(`${leadProviderId}:${cohortId}`)) continue;
    const contract = definition.callOffContract;
    await prisma.callOffContract.create({
      data: {
        leadProviderId,
        cohortId,
        version: contract.version,
        recruitmentTarget: contract.recruitmentTarget,
        setUpFee: contract.setUpFee,
        upliftAmount: contract.upliftAmount,
        upliftTarget: contract.upliftTarget,
        monthlyServiceFee: contract.monthlyServiceFee,
        mentorPaymentPerParticipant: definition.mentorCallOffContract?.paymentPerParticipant ?? null,
        bands: {
          create: contract.bands.map((band) => ({
            name: band.band,
            min: band.min,
            max: band.max,
            perParticipant: band.perParticipant,
            outputPaymentPercentage: band.outputPaymentPercentage,
            serviceFeePercentage: band.serviceFeePercentage,
          })),
        },
      },
    });
  }
  await loadNpqReferenceData(prisma, cohorts, [...providers.values()], day);
}
