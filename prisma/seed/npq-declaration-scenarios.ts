// NPQ participants with declarations in every state and outcomes, made through the same domain
// services the API uses: a person applies, the provider accepts, declares, voids and withdraws;
// payment history is given the way a payment run leaves it (a line on a paid NPQ statement).
import type { DeclarationState } from '../../generated/prisma/client.ts';
import type { Scenario, ScenarioContext } from './scenarios.ts';
import { applyForNpq } from '../../src/domain/npq/applications/register.ts';
import { acceptNpqApplicationIn } from '../../src/domain/npq/applications/actions.ts';
import { withdrawNpqParticipant } from '../../src/domain/npq/participants/actions.ts';
import { recordDeclarationIn } from '../../src/domain/declarations/service.ts';
import { voidDeclarationIn } from '../../src/domain/declarations/state-machine.ts';
import { recordStateChanges, providerActor, ADMIN_ACTOR } from '../../src/domain/declarations/history.ts';

const DAY = 86_400_000;

/** The provider's most recent paid NPQ statement for the cohort (where settled payments sit). */
async function latestPaidNpqStatement(ctx: ScenarioContext) {
  return ctx.db.statement.findFirst({
    where: { leadProviderId: ctx.leadProviderId, cohort: { startYear: ctx.cohortStartYear }, type: 'npq', status: 'paid' },
    orderBy: { paymentDate: 'desc' },
    select: { id: true },
  });
}

/** Moves a fresh eligible declaration to paid on a paid statement, with the history a payment run writes. */
async function settlePaid(ctx: ScenarioContext, declarationId: string, statementId: string) {
  await ctx.db.statementLineItem.deleteMany({ where: { participantDeclarationId: declarationId } });
  await ctx.db.statementLineItem.create({ data: { statementId, participantDeclarationId: declarationId, state: 'paid', createdAt: ctx.now, updatedAt: ctx.now } });
  await ctx.db.participantDeclaration.update({ where: { id: declarationId }, data: { state: 'paid', updatedAt: ctx.now } });
  const steps: [DeclarationState, DeclarationState][] = [['eligible', 'payable'], ['payable', 'paid']];
  await recordStateChanges(ctx.db, steps.map(([fromState, state]) => ({ declarationId, fromState, state })), ADMIN_ACTOR);
}

export const npqDeclarations: Scenario = async (ctx) => {
  let step = 0;
  const tick = () => new Date(ctx.now.getTime() + (step += 1) * 1000);
  const capped = ctx.cohortStartYear >= 2024;
  const enrol = async (courseIdentifier: string, extra: { eligible?: boolean; trn?: string; targeted?: boolean } = {}) => {
    const person = ctx.names.person();
    const application = await applyForNpq(ctx.db, {
      leadProviderId: ctx.leadProviderId,
      courseIdentifier,
      cohortStartYear: ctx.cohortStartYear,
      fullName: person.fullName,
      email: person.email,
      teacherReferenceNumber: extra.trn ?? person.trn,
      trnVerified: true,
      worksInSchool: true,
      schoolUrn: ctx.names.school().urn,
      headteacherStatus: 'no',
      eligibleForFunding: extra.eligible ?? true,
      targetedDeliveryFundingEligibility: extra.targeted ?? false,
      now: tick(),
    });
    const eligible = extra.eligible ?? true;
    await acceptNpqApplicationIn(ctx.db, { leadProviderId: ctx.leadProviderId, applicationId: application.id, now: tick(), fundedPlace: capped ? eligible : undefined });
    return application.userId;
  };
  const schedule = async (userId: string) =>
    (await ctx.db.npqParticipantProfile.findFirstOrThrow({ where: { userId, leadProviderId: ctx.leadProviderId }, include: { schedule: true } })).schedule.startDate;
  const declare = async (userId: string, courseIdentifier: string, declarationType: string, daysAfterStart: number, hasPassed?: 'true' | 'false') => {
    const start = await schedule(userId);
    const date = new Date(Math.min(start.getTime() + daysAfterStart * DAY, ctx.now.getTime() - DAY));
    const recorded = await recordDeclarationIn(ctx.db, {
      leadProviderId: ctx.leadProviderId,
      request: { participantId: userId, courseIdentifier, declarationType, declarationDate: date.toISOString().replace(/\.\d{3}Z$/, 'Z'), hasPassed },
      now: tick(),
      actor: providerActor(ctx.leadProviderId),
    });
    return recorded.declarationId;
  };
  const paidStatement = await latestPaidNpqStatement(ctx);

  // Through the course and passed: started (paid, with targeted delivery funding), retained, completed.
  const passed = await enrol('npq-senior-leadership', { targeted: true });
  const started = await declare(passed, 'npq-senior-leadership', 'started', 10);
  if (paidStatement) await settlePaid(ctx, started, paidStatement.id);
  await declare(passed, 'npq-senior-leadership', 'retained-1', 60);
  await declare(passed, 'npq-senior-leadership', 'retained-2', 120);
  await declare(passed, 'npq-senior-leadership', 'completed', 200, 'true');

  // Failed, then the completed declaration was voided: the outcome is withdrawn.
  const voidedCompletion = await enrol('npq-leading-teaching');
  await declare(voidedCompletion, 'npq-leading-teaching', 'started', 10);
  const completed = await declare(voidedCompletion, 'npq-leading-teaching', 'completed', 150, 'false');
  await voidDeclarationIn(ctx.db, { declarationId: completed, leadProviderId: ctx.leadProviderId, now: tick(), actor: providerActor(ctx.leadProviderId) });

  // Paid, then voided by the provider: awaiting clawback on the next NPQ statement.
  const clawback = await enrol('npq-headship');
  const paid = await declare(clawback, 'npq-headship', 'started', 20);
  if (paidStatement) {
    await settlePaid(ctx, paid, paidStatement.id);
    await voidDeclarationIn(ctx.db, { declarationId: paid, leadProviderId: ctx.leadProviderId, now: tick(), actor: providerActor(ctx.leadProviderId) });
  }

  // Not eligible for funding: the declaration stays submitted.
  const unfunded = await enrol('npq-leading-literacy', { eligible: false });
  await declare(unfunded, 'npq-leading-literacy', 'started', 15);

  // Started, then withdrawn by the provider.
  const withdrawn = await enrol('npq-executive-leadership');
  await declare(withdrawn, 'npq-executive-leadership', 'started', 12);
  await withdrawNpqParticipant(ctx.db, {
    leadProviderId: ctx.leadProviderId,
    participantId: withdrawn,
    body: { data: { attributes: { course_identifier: 'npq-executive-leadership', reason: 'insufficient-capacity' } } },
    now: tick(),
  });

  // The same person (TRN) enrolled twice: the second record's declaration is an ineligible duplicate.
  const trn = ctx.names.person().trn;
  const first = await enrol('npq-leading-behaviour-culture', { trn });
  const second = await enrol('npq-leading-behaviour-culture', { trn });
  await declare(first, 'npq-leading-behaviour-culture', 'started', 5);
  await declare(second, 'npq-leading-behaviour-culture', 'started', 6);

  // The coaching offer: completed without an outcome.
  const coaching = await enrol('npq-early-headship-coaching-offer');
  await declare(coaching, 'npq-early-headship-coaching-offer', 'started', 1);
  await declare(coaching, 'npq-early-headship-coaching-offer', 'completed', 40);

  return { passed, voidedCompletion, clawback, unfunded, withdrawn, duplicateFirst: first, duplicateSecond: second, coaching };
};

export const npqDeclarationScenarios: Record<string, Scenario> = {
  'npq-declarations': npqDeclarations,
};
