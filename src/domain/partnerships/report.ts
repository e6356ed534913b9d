import { randomUUID } from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { participantsChanged, usersUnderPartnerships } from '../participants/visibility.ts';
import { ensureSchoolCohort } from '../schools/service.ts';
import { lockSchool } from './transaction.ts';

export interface PartnershipReport {
  schoolId: string;
  cohortId: string;
  leadProviderId: string;
  deliveryPartnerId: string;
  now: Date;
  /** Relationship partnerships are technical links for transferred participants. */
  relationship?: boolean;
  /** Re-report this partnership (a delivery partner change) instead of finding one. */
  partnershipId?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a school's right to challenge ends: max(academic year start + 2 months − 1 day, now + 14 days). */
export function challengeDeadline(academicYearStart: Date, now: Date): Date {
  const twoMonths = new Date(academicYearStart);
  twoMonths.setUTCMonth(twoMonths.getUTCMonth() + 2);
  const fromCohort = new Date(twoMonths.getTime() - DAY_MS);
  const fromNow = new Date(now.getTime() + 14 * DAY_MS);
  return fromCohort > fromNow ? fromCohort : fromNow;
}

/**
 * The record a report writes to. A partnership with the same school, cohort, provider and delivery
 * partner is reused whatever it is (a relationship one is converted; the four are unique), else the
 * provider's oldest normal partnership with the school for the cohort (so re-reporting after a
 * challenge reuses and reinstates it), else none (a new one is made).
 */
async function partnershipToReport(db: Db, report: PartnershipReport) {
  if (report.partnershipId) return db.partnership.findUniqueOrThrow({ where: { id: report.partnershipId } });
  const key = { schoolId: report.schoolId, cohortId: report.cohortId, leadProviderId: report.leadProviderId };
  const same = await db.partnership.findFirst({ where: { ...key, deliveryPartnerId: report.deliveryPartnerId } });
  if (same || report.relationship) return same;
  return db.partnership.findFirst({ where: { ...key, relationship: false }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/**
 * The "report" step (docs/partnerships.md): finds or creates the provider's partnership with
 * the school for the cohort, sets the delivery partner, clears any challenge, makes the school
 * cohort provider-led with this partnership on its default programme, and moves the active
 * participants of unpartnered or challenged provider-led programmes onto it. Everyone under the
 * partnership afterwards has their `updated_at` moved and their visibility refreshed.
 */
export async function reportPartnership(db: Db, report: PartnershipReport) {
  // Every writer of a school's partnerships (API, transfers, admin) queues on the school's row.
  await lockSchool(db, report.schoolId);
  const cohort = await db.cohort.findUniqueOrThrow({ where: { id: report.cohortId } });
  const existing = await partnershipToReport(db, report);
  // A relationship link never downgrades a real partnership with the same delivery partner.
  if (existing && report.relationship && !existing.relationship) return existing;
  const fields = {
    deliveryPartnerId: report.deliveryPartnerId,
    challengedAt: null,
    challengeReason: null,
    pending: false,
    relationship: report.relationship ?? false,
    reportId: randomUUID(),
    challengeDeadline: challengeDeadline(cohort.academicYearStartDate, report.now),
    updatedAt: report.now,
  };
  const partnership = existing
    ? await db.partnership.update({ where: { id: existing.id }, data: fields })
    : await db.partnership.create({
        data: { ...fields, schoolId: report.schoolId, cohortId: report.cohortId, leadProviderId: report.leadProviderId, createdAt: report.now },
      });
  if (!partnership.relationship) await attachToDefaultProgramme(db, report.schoolId, report.cohortId, partnership.id, report.now);
  await participantsChanged(db, await usersUnderPartnerships(db, [partnership.id]), report.now);
  return partnership;
}

async function attachToDefaultProgramme(db: Db, schoolId: string, cohortId: string, partnershipId: string, now: Date) {
  const schoolCohort = await ensureSchoolCohort(db, schoolId, cohortId, now);
  const current = schoolCohort.defaultInductionProgrammeId
    ? await db.inductionProgramme.findUnique({ where: { id: schoolCohort.defaultInductionProgrammeId } })
    : null;
  let programmeId: string;
  if (current && current.trainingProgramme === 'full_induction_programme' && current.partnershipId === null) {
    programmeId = (await db.inductionProgramme.update({ where: { id: current.id }, data: { partnershipId, updatedAt: now } })).id;
  } else if (current && current.partnershipId === partnershipId) {
    programmeId = current.id;
  } else {
    // A school cohort left without a default (a "no ECTs" challenge) gets its old programme back.
    const previous = current
      ? null
      : await db.inductionProgramme.findFirst({
          where: { schoolCohortId: schoolCohort.id, partnershipId, trainingProgramme: 'full_induction_programme' },
          orderBy: { createdAt: 'asc' },
        });
    programmeId =
      previous?.id ??
      (
        await db.inductionProgramme.create({
          data: { schoolCohortId: schoolCohort.id, partnershipId, trainingProgramme: 'full_induction_programme', createdAt: now, updatedAt: now },
        })
      ).id;
  }
  await db.schoolCohort.update({
    where: { id: schoolCohort.id },
    data: { inductionProgrammeChoice: 'full_induction_programme', defaultInductionProgrammeId: programmeId, updatedAt: now },
  });
  // Active participants of provider-led programmes with no partnership, or a challenged one, move over.
  const stranded = await db.inductionProgramme.findMany({
    where: {
      schoolCohortId: schoolCohort.id,
      id: { not: programmeId },
      trainingProgramme: 'full_induction_programme',
      OR: [{ partnershipId: null }, { partnership: { challengeReason: { not: null } } }],
    },
    select: { id: true },
  });
  if (stranded.length > 0) {
    await db.inductionRecord.updateMany({
      where: { inductionProgrammeId: { in: stranded.map((p) => p.id) }, endDate: null, inductionStatus: 'active' },
      data: { inductionProgrammeId: programmeId, updatedAt: now },
    });
  }
}
