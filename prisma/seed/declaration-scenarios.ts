// Declarations in every state the API shows, for one provider and cohort. New declarations go
// through the same service as POST /participant-declarations (and the void through the void
// service); the payment history behind paid, clawed-back and payable ones (statements that were
// closed and paid before today) is written directly, as DfE finance would have produced it.
import type { DeclarationState } from '../../generated/prisma/client.ts';
import { registerParticipant } from '../../src/domain/participants/registration.ts';
import { recordDeclarationIn, type DeclarationRequest } from '../../src/domain/declarations/service.ts';
import { voidDeclarationIn } from '../../src/domain/declarations/state-machine.ts';
import { recordStateChanges } from '../../src/domain/declarations/history.ts';
import { nextOutputStatement } from '../../src/domain/statements/attach.ts';
import { partneredSchool, type Scenario, type ScenarioContext } from './scenarios.ts';

const ACTOR = 'sandbox seed';

/** Milestone dates inside every standard-september window of the cohort, and not after today. */
function dateFor(cohort: number, type: 'started' | 'retained-1' | 'completed'): string {
  if (type === 'started') return `${cohort}-10-01T10:00:00Z`;
  if (type === 'retained-1') return `${cohort + 1}-02-01T10:00:00Z`;
  return cohort >= 2025 ? `${cohort}-12-01T10:00:00Z` : `${cohort + 2}-05-01T10:00:00Z`;
}

async function declare(ctx: ScenarioContext, request: DeclarationRequest): Promise<string> {
  const recorded = await recordDeclarationIn(ctx.db, { leadProviderId: ctx.leadProviderId, request, now: ctx.now, actor: ACTOR });
  return recorded.declarationId;
}

/** The cohort's output statements already paid, newest first. */
async function paidOutputStatements(ctx: ScenarioContext) {
  return ctx.db.statement.findMany({
    where: { leadProviderId: ctx.leadProviderId, cohort: { startYear: ctx.cohortStartYear }, type: 'ecf', outputFee: true, status: 'paid' },
    orderBy: { paymentDate: 'desc' },
    select: { id: true },
  });
}

const PAYMENT_PATH: DeclarationState[] = ['submitted', 'eligible', 'payable', 'paid'];

/** Gives a fresh declaration its payment history: its payment line on `statementId`, in `state`. */
async function settle(ctx: ScenarioContext, declarationId: string, statementId: string, state: 'payable' | 'paid') {
  const declaration = await ctx.db.participantDeclaration.findUniqueOrThrow({ where: { id: declarationId } });
  await ctx.db.statementLineItem.deleteMany({ where: { participantDeclarationId: declarationId } });
  await ctx.db.statementLineItem.create({ data: { statementId, participantDeclarationId: declarationId, state, createdAt: ctx.now, updatedAt: ctx.now } });
  await ctx.db.participantDeclaration.update({ where: { id: declarationId }, data: { state, updatedAt: ctx.now } });
  const from = PAYMENT_PATH.indexOf(declaration.state);
  const steps = PAYMENT_PATH.slice(from, PAYMENT_PATH.indexOf(state));
  await recordStateChanges(ctx.db, steps.map((fromState, i) => ({ declarationId, fromState, state: PAYMENT_PATH[from + i + 1]! })), ACTOR);
}

export const declarationScenarios: Record<string, Scenario> = {
  /**
   * Declarations in every state, on five participants: submitted, eligible, payable, paid,
   * voided, awaiting-clawback, clawed-back, an ineligible duplicate (a second record of a person,
   * same TRN) and a mentor's completed declaration (their funding end date). A cohort whose
   * funding has ended (no open output statement) gets its history and submitted ones only.
   */
  async 'declaration-states'(ctx) {
    const cohort = ctx.cohortStartYear;
    const { school } = await partneredSchool(ctx);
    const cohortId = (await ctx.db.cohort.findUniqueOrThrow({ where: { startYear: cohort } })).id;
    const open = await nextOutputStatement(ctx.db, { leadProviderId: ctx.leadProviderId, cohortId, statementType: 'ecf' }, ctx.now);
    const [latestPaid, earlierPaid] = await paidOutputStatements(ctx);
    // With the cohort's funding over, new declarations can only be submitted (not yet fundable).
    const fundable = open ? undefined : { status: 'manual_check' as const, reason: 'no_induction' as const };
    const register = (extra: Partial<Parameters<typeof registerParticipant>[1]> = {}) =>
      registerParticipant(ctx.db, {
        schoolId: school.id,
        cohortStartYear: cohort,
        participantType: 'ect',
        ...ctx.names.person(),
        startDate: new Date(`${cohort}-09-01T00:00:00Z`),
        now: ctx.now,
        eligibility: fundable,
        ...extra,
      });
    const declaration = (participantId: string, type: 'started' | 'retained-1'): DeclarationRequest => ({
      participantId,
      declarationType: type,
      declarationDate: dateFor(cohort, type),
      courseIdentifier: 'ecf-induction',
      evidenceHeld: type === 'started' && cohort < 2025 ? undefined : 'training-event-attended',
    });
    const result: Record<string, string> = { school: school.id };

    const first = await register({ sparsityUplift: true });
    result.ect = first.userId;
    const firstStarted = await declare(ctx, declaration(first.userId, 'started'));
    if (latestPaid) {
      await settle(ctx, firstStarted, latestPaid.id, 'paid');
      result.paid = firstStarted;
    }
    const retained = await declare(ctx, declaration(first.userId, 'retained-1'));
    result[open ? 'eligible' : 'submitted'] = retained;

    const second = await register({ pupilPremiumUplift: true });
    const secondStarted = await declare(ctx, declaration(second.userId, 'started'));
    if (latestPaid && earlierPaid) {
      await settle(ctx, secondStarted, earlierPaid.id, 'paid');
      await ctx.db.statementLineItem.create({
        data: { statementId: latestPaid.id, participantDeclarationId: secondStarted, state: 'clawed_back', createdAt: ctx.now, updatedAt: ctx.now },
      });
      await ctx.db.participantDeclaration.update({ where: { id: secondStarted }, data: { state: 'clawed_back', billableSlot: null, updatedAt: ctx.now } });
      await recordStateChanges(
        ctx.db,
        [
          { declarationId: secondStarted, fromState: 'paid', state: 'awaiting_clawback' },
          { declarationId: secondStarted, fromState: 'awaiting_clawback', state: 'clawed_back' },
        ],
        ACTOR,
      );
      result.clawedBack = secondStarted;
    }
    if (open) {
      // Finance has already checked it; it is paid with the next statement.
      result.payable = await declare(ctx, declaration(second.userId, 'retained-1'));
      await settle(ctx, result.payable, open.id, 'payable');
    }

    const third = await register();
    const thirdStarted = await declare(ctx, declaration(third.userId, 'started'));
    if (latestPaid && open) {
      await settle(ctx, thirdStarted, latestPaid.id, 'paid');
      await voidDeclarationIn(ctx.db, { declarationId: thirdStarted, leadProviderId: ctx.leadProviderId, now: ctx.now, actor: ACTOR });
      result.awaitingClawback = thirdStarted;
    }
    result.voided = await declare(ctx, declaration(third.userId, 'retained-1'));
    await voidDeclarationIn(ctx.db, { declarationId: result.voided, leadProviderId: ctx.leadProviderId, now: ctx.now, actor: ACTOR });

    const unconfirmed = await register({ eligibility: { status: 'manual_check', reason: 'no_induction' } });
    result.submitted = await declare(ctx, declaration(unconfirmed.userId, 'started'));

    // The first ECT registered again under another participant id: same TRN, same milestone.
    const trn = (await ctx.db.teacherProfile.findUniqueOrThrow({ where: { userId: first.userId } })).trn;
    const duplicate = await register({ trn });
    result.duplicateParticipant = duplicate.userId;
    result.ineligibleDuplicate = await declare(ctx, declaration(duplicate.userId, 'started'));

    const mentor = await register({ participantType: 'mentor', eligibility: { status: 'manual_check', reason: 'no_induction' } });
    result.mentor = mentor.userId;
    result.mentorCompleted = await declare(ctx, {
      participantId: mentor.userId,
      declarationType: 'completed',
      declarationDate: dateFor(cohort, 'completed'),
      courseIdentifier: 'ecf-mentor',
      evidenceHeld: cohort >= 2025 ? '75-percent-engagement-met' : 'training-event-attended',
    });
    return result;
  },
};
