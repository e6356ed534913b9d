import type { Command } from '../command.ts';
import { findLeadProvider, options, UsageError } from '../command.ts';
import { ADMIN_ACTOR } from '../../domain/declarations/history.ts';
import { participantBecameFundable } from '../../domain/declarations/eligibility.ts';
import { voidDeclarationIn } from '../../domain/declarations/state-machine.ts';
import { COURSE_PROFILE_TYPES } from '../../domain/shared/courses.ts';
import { statementReportLines } from '../../domain/statements/calculator.ts';
import { closeDueStatements, closeStatement, payStatement } from '../../domain/statements/payment-runs.ts';
import { isUuid } from '../../domain/shared/uuid.ts';
import { inTransaction } from '../../domain/shared/db.ts';
import { CALENDAR_DATE, isoDate, rfc3339 } from '../../domain/shared/time.ts';
import { publicDeclarationState } from '../../api/public-names.ts';

// The DfE finance side: participants becoming fundable, statements closing after their deadline
// and being paid, a statement's calculation, and voids by DfE staff. The same domain services the
// API uses; `--as-of` runs a command as if it were that date (rehearsing the payment cycle).

const TRANSACTION = { maxWait: 15_000, timeout: 120_000 };

function asOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const text = CALENDAR_DATE.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--as-of must be a date (YYYY-MM-DD) or an RFC 3339 time, not "${value}"`);
  return date;
}

function positional(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>, usage: string) {
  const parsed = options(args, spec);
  if (parsed.positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  return { id: parsed.positionals[0]!, values: parsed.values as Record<string, string | boolean | undefined> };
}

export const financeCommands: Record<string, Command> = {
  'statements list': {
    usage: 'statements list --lead-provider <name|id> [--cohort <year>] [--type ecf|npq] [--all (service-fee statements too)]',
    async run(prisma, args, out) {
      const { values } = options(args, { 'lead-provider': { type: 'string' }, cohort: { type: 'string' }, type: { type: 'string' }, all: { type: 'boolean' } });
      if (values.type !== undefined && values.type !== 'ecf' && values.type !== 'npq') throw new UsageError('--type must be ecf or npq');
      const provider = await findLeadProvider(prisma, values['lead-provider']);
      const statements = await prisma.statement.findMany({
        where: {
          leadProviderId: provider.id,
          ...(values.all ? {} : { outputFee: true }),
          ...(values.cohort ? { cohort: { startYear: Number(values.cohort) } } : {}),
          ...(values.type ? { type: values.type as 'ecf' | 'npq' } : {}),
        },
        include: { cohort: true, _count: { select: { lineItems: true } } },
        orderBy: [{ paymentDate: 'asc' }, { cohort: { startYear: 'asc' } }],
      });
      for (const s of statements) {
        out.push(
          `${s.id}  ${s.cohort.startYear}  ${s.name.padEnd(14)}  ${s.status.padEnd(7)}  cut-off ${isoDate(s.deadlineDate)}  payment ${isoDate(s.paymentDate)}` +
            `  ${s.outputFee ? 'output' : 'service'}  ${s._count.lineItems} lines  ${s.type.toUpperCase()}`,
        );
      }
    },
  },

  'statements close': {
    usage: 'statements close <statement-id> [--as-of <date>] [--force (before its deadline)]',
    async run(prisma, args, out) {
      const { id, values } = positional(args, { 'as-of': { type: 'string' }, force: { type: 'boolean' } }, this.usage);
      const now = asOf(values['as-of'] as string | undefined);
      const outcome = await prisma.$transaction((tx) => closeStatement(tx, id, now, ADMIN_ACTOR, { force: values.force === true }), TRANSACTION);
      out.push(`closed ${outcome.statement}: ${outcome.madePayable} declarations now payable`);
    },
  },

  'statements close-due': {
    usage: 'statements close-due [--as-of <date>] (every open statement whose deadline has passed, as the daily job)',
    async run(prisma, args, out) {
      const { values } = options(args, { 'as-of': { type: 'string' } });
      const now = asOf(values['as-of']);
      const outcomes = await prisma.$transaction((tx) => closeDueStatements(tx, now, ADMIN_ACTOR), TRANSACTION);
      for (const outcome of outcomes) out.push(`closed ${outcome.statement}: ${outcome.madePayable} declarations now payable`);
      out.push(`${outcomes.length} statements closed`);
    },
  },

  'statements pay': {
    usage: 'statements pay <statement-id> [--as-of <date>]',
    async run(prisma, args, out) {
      const { id, values } = positional(args, { 'as-of': { type: 'string' } }, this.usage);
      const now = asOf(values['as-of'] as string | undefined);
      const outcome = await prisma.$transaction((tx) => payStatement(tx, id, now, ADMIN_ACTOR), TRANSACTION);
      out.push(`paid ${outcome.statement}: ${outcome.paid} declarations paid, ${outcome.clawedBack} clawed back`);
    },
  },

  'statements show': {
    usage: 'statements show <statement-id> (its calculation: declarations, output fees (by band for ECF, by course for NPQ), service fee, uplifts, clawbacks)',
    async run(prisma, args, out) {
      const { id } = positional(args, {}, this.usage);
      out.push(...(await statementReportLines(prisma, id)));
    },
  },

  'declarations make-eligible': {
    usage: 'declarations make-eligible --participant <participant-id> [--course ecf-induction|ecf-mentor] [--as-of <date>]',
    async run(prisma, args, out) {
      const { values } = options(args, { participant: { type: 'string' }, course: { type: 'string' }, 'as-of': { type: 'string' } });
      if (!values.participant || !isUuid(values.participant)) throw new UsageError('--participant <participant-id> is required');
      if (values.course && !COURSE_PROFILE_TYPES[values.course]) throw new UsageError('--course must be ecf-induction or ecf-mentor');
      const now = asOf(values['as-of']);
      const profiles = await prisma.participantProfile.findMany({
        where: { userId: values.participant.toLowerCase(), status: 'active', ...(values.course ? { profileType: COURSE_PROFILE_TYPES[values.course] } : {}) },
        orderBy: { createdAt: 'asc' },
      });
      if (profiles.length === 0) throw new UsageError(`No active registration for participant ${values.participant}${values.course ? ` on ${values.course}` : ''}`);
      for (const profile of profiles) {
        const outcome = await prisma.$transaction((tx) => participantBecameFundable(tx, profile.id, now, ADMIN_ACTOR), TRANSACTION);
        out.push(`${profile.profileType} ${profile.id}: eligible for funding; ${outcome.madeEligible.length} declarations made eligible` +
          (outcome.leftSubmitted.length ? `, ${outcome.leftSubmitted.length} left submitted (no open output statement for their cohort)` : ''));
      }
    },
  },

  'declarations void': {
    usage: 'declarations void <declaration-id> [--as-of <date>] (DfE staff: any provider\'s declaration)',
    async run(prisma, args, out) {
      const { id, values } = positional(args, { 'as-of': { type: 'string' } }, this.usage);
      const now = asOf(values['as-of'] as string | undefined);
      const state = await inTransaction(prisma, (tx) => voidDeclarationIn(tx, { declarationId: id, leadProviderId: null, now, actor: ADMIN_ACTOR }));
      out.push(`${id.toLowerCase()}: ${publicDeclarationState(state)}`);
    },
  },

  'declarations history': {
    usage: 'declarations history <declaration-id> (every state change: when, by whom, from what)',
    async run(prisma, args, out) {
      const { id } = positional(args, {}, this.usage);
      if (!isUuid(id)) throw new UsageError(`No declaration ${id}`);
      const declaration = await prisma.participantDeclaration.findUnique({
        where: { id: id.toLowerCase() },
        include: { stateHistory: { orderBy: { createdAt: 'asc' } }, lineItems: { include: { statement: true }, orderBy: { createdAt: 'asc' } } },
      });
      if (!declaration) throw new UsageError(`No declaration ${id}`);
      out.push(`${declaration.id} ${declaration.declarationType} ${declaration.courseIdentifier} for ${declaration.userId}: ${publicDeclarationState(declaration.state)}`);
      for (const change of declaration.stateHistory) {
        out.push(`  ${rfc3339(change.createdAt)}  ${change.fromState ?? '(new)'} -> ${change.state}${change.stateReason ? ` (${change.stateReason})` : ''}  by ${change.actor}`);
      }
      for (const line of declaration.lineItems) out.push(`  line on ${line.statement.name} (${line.statement.id}): ${line.state}`);
    },
  },
};

