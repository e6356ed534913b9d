import { ValidationErrors } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import { scalarAttribute, type Attributes } from '../shared/request-attributes.ts';
import { partnershipMessages as messages } from './messages.ts';
import { reportPartnership } from './report.ts';
import { inTransaction } from '../shared/db.ts';
import { lockSchool } from './transaction.ts';

export interface NewPartnership {
  leadProviderId: string;
  /** `cohort` (year, string or number), `school_id`, `delivery_partner_id`. */
  attributes: Attributes;
  now: Date;
}

/** The cohort a body names: a start year that exists. */
async function cohortNamed(db: Db, value: string | undefined) {
  if (value === undefined || !/^\d{1,4}$/.test(value)) return null;
  return db.cohort.findUnique({ where: { startYear: Number(value) } });
}

async function findById<T>(value: string | undefined, find: (id: string) => Promise<T | null>): Promise<T | null> {
  return value !== undefined && isUuid(value) ? find(value.toLowerCase()) : null;
}

/** Whether the provider works with the delivery partner in the cohort (a live provider relationship). */
export async function deliveryPartnerRelated(db: Db, leadProviderId: string, deliveryPartnerId: string, cohortId: string): Promise<boolean> {
  const relationship = await db.providerRelationship.findFirst({
    where: { leadProviderId, deliveryPartnerId, cohortId, discardedAt: null },
    select: { id: true },
  });
  return relationship !== null;
}

/** The providers with an unchallenged, non-relationship partnership with the school for the cohort. */
async function confirmedProviders(db: Db, schoolId: string, cohortId: string): Promise<string[]> {
  const partnerships = await db.partnership.findMany({
    where: { schoolId, cohortId, relationship: false, challengedAt: null, challengeReason: null },
    select: { leadProviderId: true },
  });
  return partnerships.map((partnership) => partnership.leadProviderId);
}

/**
 * Confirming a partnership: every rule runs and the failures stack, one
 * item per attribute in the order the DfE service adds them (the three presence checks first, then
 * cohort, school and delivery partner). On success the report step runs, which reuses and
 * reinstates a partnership the school had challenged. Returns the partnership's id.
 */
export async function createPartnership(db: Db, input: NewPartnership): Promise<string> {
  return inTransaction(db, async (tx) => {
    const cohortValue = scalarAttribute(input.attributes, 'cohort');
    const schoolValue = scalarAttribute(input.attributes, 'school_id');
    const deliveryPartnerValue = scalarAttribute(input.attributes, 'delivery_partner_id');
    const errors = new ValidationErrors();
    if (cohortValue === undefined) errors.add('cohort', messages.cohortMissing);
    if (schoolValue === undefined) errors.add('school_id', messages.schoolMissing);
    if (deliveryPartnerValue === undefined) errors.add('delivery_partner_id', messages.deliveryPartnerMissing);

    const cohort = await cohortNamed(tx, cohortValue);
    if (cohortValue !== undefined && !cohort) errors.add('cohort', messages.cohortInvalid);

    const school = await findById(schoolValue, async (id) => {
      await lockSchool(tx, id);
      return tx.school.findUnique({ where: { id } });
    });
    if (schoolValue !== undefined) {
      if (!school) errors.add('school_id', messages.schoolInvalid);
      else if (school.cipOnly) errors.add('school_id', messages.schoolCipOnly);
      else if (!school.eligible) errors.add('school_id', messages.schoolIneligible);
      // Without a cohort the partnership rules cannot be judged; the cohort error says why.
      else if (cohort) {
        const providers = await confirmedProviders(tx, school.id, cohort.id);
        if (providers.includes(input.leadProviderId)) errors.add('school_id', messages.alreadyConfirmed);
        else if (providers.length > 0) errors.add('school_id', messages.otherProvider);
        else if (await partneredLastYearButNotSetUp(tx, school.id, cohort)) errors.add('school_id', messages.notYetConfirmed);
      }
    }

    const deliveryPartner = await findById(deliveryPartnerValue, (id) => tx.deliveryPartner.findUnique({ where: { id } }));
    if (deliveryPartnerValue !== undefined) {
      if (!deliveryPartner) errors.add('delivery_partner_id', messages.deliveryPartnerInvalid);
      else if (!cohort || !(await deliveryPartnerRelated(tx, input.leadProviderId, deliveryPartner.id, cohort.id))) {
        errors.add('delivery_partner_id', messages.noRelationship);
      }
    }
    errors.throwIfAny();

    const partnership = await reportPartnership(tx, {
      schoolId: school!.id,
      cohortId: cohort!.id,
      leadProviderId: input.leadProviderId,
      deliveryPartnerId: deliveryPartner!.id,
      now: input.now,
    });
    return partnership.id;
  });
}

/**
 * A school that had a provider in the previous cohort must say how it will train in this one (its
 * school cohort exists) before a provider can confirm it.
 */
async function partneredLastYearButNotSetUp(db: Db, schoolId: string, cohort: { id: string; startYear: number }): Promise<boolean> {
  const previous = await db.cohort.findUnique({ where: { startYear: cohort.startYear - 1 } });
  if (!previous || (await confirmedProviders(db, schoolId, previous.id)).length === 0) return false;
  const schoolCohort = await db.schoolCohort.findUnique({ where: { schoolId_cohortId: { schoolId, cohortId: cohort.id } }, select: { id: true } });
  return schoolCohort === null;
}
