// Partnership, school and delivery partner situations, built through the same domain services the
// API and the admin CLI use, so every provider's sandbox shows schools in every state, active and
// challenged partnerships and delivery partners across cohorts.
import type { Scenario, ScenarioContext } from './scenarios.ts';
import { partneredSchool } from './scenarios.ts';
import { registerParticipant } from '../../src/domain/participants/registration.ts';
import { challengePartnership } from '../../src/domain/partnerships/challenge.ts';
import { createPartnership } from '../../src/domain/partnerships/create.ts';
import { updatePartnership } from '../../src/domain/partnerships/update.ts';
import { createDeliveryPartner, relateDeliveryPartner } from '../../src/domain/delivery-partners/service.ts';
import { createSchool, setInductionProgrammeChoice, type NewSchool } from '../../src/domain/schools/service.ts';
import { isCipOnly, isEligible } from '../../src/domain/schools/eligibility.ts';

async function cohortOf(ctx: ScenarioContext, startYear = ctx.cohortStartYear) {
  return ctx.db.cohort.findUnique({ where: { startYear } });
}

function school(ctx: ScenarioContext, facts: Partial<NewSchool> = {}) {
  return createSchool(ctx.db, { ...ctx.names.school(), inductionTutorName: 'Sam Tutor', inductionTutorEmail: `tutor.${ctx.names.person().email}`, now: ctx.now, ...facts });
}

async function deliveryPartner(ctx: ScenarioContext, label: string, relations: { leadProviderId: string; startYears: number[] }[]) {
  const partner = await createDeliveryPartner(ctx.db, { name: `${ctx.names.school().name.split(' ')[0]} ${label}`, now: ctx.now });
  for (const { leadProviderId, startYears } of relations) {
    for (const year of startYears) {
      const cohort = await cohortOf(ctx, year);
      if (cohort) await relateDeliveryPartner(ctx.db, { leadProviderId, deliveryPartnerId: partner.id, cohortId: cohort.id, now: ctx.now });
    }
  }
  return partner;
}

function registerEct(ctx: ScenarioContext, schoolId: string) {
  return registerParticipant(ctx.db, { schoolId, cohortStartYear: ctx.cohortStartYear, participantType: 'ect', ...ctx.names.person(), now: ctx.now });
}

export const partnershipScenarios: Record<string, Scenario> = {
  /**
   * Schools as the schools endpoint shows them for the cohort, and the partnership rule each one
   * meets when a provider confirms it.
   */
  async 'schools-in-every-state'(ctx) {
    const cohort = (await cohortOf(ctx))!;
    const unpartnered = await school(ctx);
    const schoolLed = await school(ctx);
    await setInductionProgrammeChoice(ctx.db, schoolLed.id, cohort.id, 'core_induction_programme', ctx.now);
    const noEcts = await school(ctx);
    await setInductionProgrammeChoice(ctx.db, noEcts.id, cohort.id, 'no_early_career_teachers', ctx.now);
    const { school: partneredElsewhere } = await partneredSchool(ctx, ctx.otherLeadProviderId);
    // Independent schools may only run school-led training; closed ones are not funded at all.
    const cipOnly = await school(ctx, { schoolTypeCode: 10 });
    const closed = await school(ctx, { schoolStatusCode: 2 });
    // Closed after its partnership was confirmed: still listed, because it is partnered.
    const { school: closedPartnered } = await partneredSchool(ctx);
    const closedFacts = { schoolStatusCode: 2, schoolTypeCode: closedPartnered.schoolTypeCode, administrativeDistrictCode: closedPartnered.administrativeDistrictCode, section41Approved: false };
    await ctx.db.school.update({
      where: { id: closedPartnered.id },
      data: { schoolStatusCode: 2, eligible: isEligible(closedFacts), cipOnly: isCipOnly(closedFacts), updatedAt: ctx.now },
    });
    const result: Record<string, string> = {
      unpartnered: unpartnered.id,
      schoolLed: schoolLed.id,
      noEcts: noEcts.id,
      partneredElsewhere: partneredElsewhere.id,
      cipOnly: cipOnly.id,
      closed: closed.id,
      closedPartnered: closedPartnered.id,
    };
    // Partnered last year and silent since: a provider cannot confirm it until the school chooses.
    if (await cohortOf(ctx, ctx.cohortStartYear - 1)) {
      const { school: notYetConfirmed } = await partneredSchool({ ...ctx, cohortStartYear: ctx.cohortStartYear - 1 }, ctx.otherLeadProviderId);
      result.notYetConfirmed = notYetConfirmed.id;
    }
    return result;
  },

  /** Delivery partners: one this provider works with in two cohorts, one it shares, one it cannot see. */
  async 'delivery-partners'(ctx) {
    const years = [ctx.cohortStartYear - 1, ctx.cohortStartYear];
    const twoCohorts = await deliveryPartner(ctx, 'Teaching School Hub', [{ leadProviderId: ctx.leadProviderId, startYears: years }]);
    const shared = await deliveryPartner(ctx, 'Training Alliance', [
      { leadProviderId: ctx.leadProviderId, startYears: [ctx.cohortStartYear] },
      { leadProviderId: ctx.otherLeadProviderId, startYears: [ctx.cohortStartYear] },
    ]);
    const otherOnly = await deliveryPartner(ctx, 'Learning Trust', [{ leadProviderId: ctx.otherLeadProviderId, startYears: [ctx.cohortStartYear] }]);
    return { twoCohorts: twoCohorts.id, shared: shared.id, otherProvidersOnly: otherOnly.id };
  },

  /** A school challenged its partnership: `challenged`, its ECT hidden; a "no ECTs" challenge too. */
  async 'challenged-partnership'(ctx) {
    const { school: challengedSchool, partnership } = await partneredSchool(ctx);
    const ect = await registerEct(ctx, challengedSchool.id);
    await challengePartnership(ctx.db, { partnershipId: partnership.id, reason: 'do_not_recognise', now: ctx.now });
    const { school: noEctsSchool, partnership: noEcts } = await partneredSchool(ctx);
    await challengePartnership(ctx.db, { partnershipId: noEcts.id, reason: 'no_ects', now: ctx.now });
    return { school: challengedSchool.id, partnership: partnership.id, hiddenEct: ect.userId, noEctsSchool: noEctsSchool.id, noEctsPartnership: noEcts.id };
  },

  /** Challenged, then confirmed again by the provider: the same partnership, active, its ECT back. */
  async 'partnership-reconfirmed'(ctx) {
    const { school: reconfirmed, partnership } = await partneredSchool(ctx);
    const ect = await registerEct(ctx, reconfirmed.id);
    await challengePartnership(ctx.db, { partnershipId: partnership.id, reason: 'mistake', now: ctx.now });
    await createPartnership(ctx.db, {
      leadProviderId: ctx.leadProviderId,
      attributes: { cohort: ctx.cohortStartYear, school_id: reconfirmed.id, delivery_partner_id: partnership.deliveryPartnerId },
      now: ctx.now,
    });
    return { school: reconfirmed.id, partnership: partnership.id, ect: ect.userId };
  },

  /** The provider moved a partnership to another delivery partner; its ECT moved with it. */
  async 'delivery-partner-changed'(ctx) {
    const { school: changedSchool, partnership } = await partneredSchool(ctx);
    const ect = await registerEct(ctx, changedSchool.id);
    const next = await deliveryPartner(ctx, 'Partnership Network', [{ leadProviderId: ctx.leadProviderId, startYears: [ctx.cohortStartYear] }]);
    await updatePartnership(ctx.db, {
      leadProviderId: ctx.leadProviderId,
      partnershipId: partnership.id,
      attributes: { delivery_partner_id: next.id },
      now: ctx.now,
    });
    return { school: changedSchool.id, partnership: partnership.id, deliveryPartner: next.id, ect: ect.userId };
  },
};
