import type { DeclarationState } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { Conflict, InvalidRequest, NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { isoDate } from '../shared/time.ts';
import { recordStateChanges, type Actor } from '../declarations/history.ts';
import { recomputeMentorCompletion } from '../declarations/mentor-completion.ts';

// The finance side of the payment lifecycle (docs/statements.md): a statement closes once its
// deadline has passed (its eligible declarations become payable), then DfE pays it (payable ->
// paid, and the refunds on it awaiting_clawback -> clawed_back).

interface LockedStatement {
  id: string;
  name: string;
  status: 'open' | 'payable' | 'paid';
  deadline_date: Date;
  start_year: number;
  lead_provider_name: string;
}

/** The statement row, locked for the run: attaching declarations share-lock it, so none slips in. */
async function lockStatement(db: Db, statementId: string): Promise<LockedStatement> {
  const rows = isUuid(statementId)
    ? await db.$queryRaw<LockedStatement[]>`
        SELECT s.id, s.name, s.status, s.deadline_date, c.start_year, lp.name AS lead_provider_name
          FROM statements s JOIN cohorts c ON c.id = s.cohort_id JOIN lead_providers lp ON lp.id = s.lead_provider_id
         WHERE s.id = ${statementId.toLowerCase()}::uuid FOR UPDATE OF s`
    : [];
  if (!rows[0]) throw new NotFound(`No statement ${statementId} (see: statements list)`);
  return rows[0];
}

export function describeStatement(statement: { name: string; start_year: number; lead_provider_name: string }): string {
  return `${statement.lead_provider_name} ${statement.name} (cohort ${statement.start_year})`;
}

/** Moves the declarations whose `from` line is on the statement to `to`, line and declaration alike. */
async function moveLines(
  db: Db,
  statementId: string,
  from: DeclarationState,
  to: DeclarationState,
  now: Date,
): Promise<{ id: string; participant_profile_id: string; profile_type: string; declaration_type: string }[]> {
  const moved = await db.$queryRaw<{ id: string; participant_profile_id: string; profile_type: string; declaration_type: string }[]>`
    UPDATE participant_declarations d
       SET state = ${to}::declaration_state, updated_at = ${now}::timestamptz
      FROM statement_line_items li
     WHERE li.statement_id = ${statementId}::uuid AND li.state = ${from}::declaration_state
       AND li.participant_declaration_id = d.id AND d.state = ${from}::declaration_state
     RETURNING d.id, d.participant_profile_id, d.profile_type, d.declaration_type`;
  await db.$executeRaw`
    UPDATE statement_line_items SET state = ${to}::declaration_state, updated_at = ${now}::timestamptz
     WHERE statement_id = ${statementId}::uuid AND state = ${from}::declaration_state`;
  return moved;
}

export interface CloseOutcome {
  statement: string;
  madePayable: number;
}

/**
 * Closes an open statement after its deadline (run daily): its eligible declarations become
 * payable. `force` closes it early (sandbox rehearsals of the payment cycle).
 */
export async function closeStatement(db: Db, statementId: string, now: Date, actor: Actor, options: { force?: boolean } = {}): Promise<CloseOutcome> {
  const statement = await lockStatement(db, statementId);
  if (statement.status !== 'open') throw new Conflict(`${describeStatement(statement)} is already ${statement.status}`);
  const deadline = isoDate(statement.deadline_date);
  if (!options.force && deadline >= isoDate(now)) {
    throw new InvalidRequest(
      `${describeStatement(statement)} cannot close before its deadline (${deadline}) has passed: use --as-of <date after the deadline>, or --force`,
    );
  }
  const moved = await moveLines(db, statement.id, 'eligible', 'payable', now);
  await recordStateChanges(db, moved.map((row) => ({ declarationId: row.id, fromState: 'eligible' as const, state: 'payable' as const })), actor);
  await db.statement.update({ where: { id: statement.id }, data: { status: 'payable', updatedAt: now } });
  return { statement: describeStatement(statement), madePayable: moved.length };
}

/** Closes every open statement whose deadline has passed, as the DfE's daily job does. */
export async function closeDueStatements(db: Db, now: Date, actor: Actor): Promise<CloseOutcome[]> {
  const due = await db.statement.findMany({
    where: { status: 'open', deadlineDate: { lt: new Date(`${isoDate(now)}T00:00:00.000Z`) } },
    orderBy: [{ deadlineDate: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  const outcomes: CloseOutcome[] = [];
  for (const statement of due) outcomes.push(await closeStatement(db, statement.id, now, actor));
  return outcomes;
}

export interface PaymentOutcome {
  statement: string;
  paid: number;
  clawedBack: number;
}

/** DfE authorises payment of a payable statement: payable -> paid, awaiting_clawback -> clawed_back. */
export async function payStatement(db: Db, statementId: string, now: Date, actor: Actor): Promise<PaymentOutcome> {
  const statement = await lockStatement(db, statementId);
  if (statement.status === 'paid') throw new Conflict(`${describeStatement(statement)} is already paid`);
  if (statement.status === 'open') throw new InvalidRequest(`${describeStatement(statement)} is still open: close it first (statements close)`);
  const paid = await moveLines(db, statement.id, 'payable', 'paid', now);
  const clawedBack = await moveLines(db, statement.id, 'awaiting_clawback', 'clawed_back', now);
  await recordStateChanges(
    db,
    [
      ...paid.map((row) => ({ declarationId: row.id, fromState: 'payable' as const, state: 'paid' as const })),
      ...clawedBack.map((row) => ({ declarationId: row.id, fromState: 'awaiting_clawback' as const, state: 'clawed_back' as const })),
    ],
    actor,
  );
  await db.statement.update({ where: { id: statement.id }, data: { status: 'paid', markedAsPaidAt: now, updatedAt: now } });
  for (const row of clawedBack) {
    if (row.profile_type === 'mentor' && row.declaration_type === 'completed') await recomputeMentorCompletion(db, row.participant_profile_id, now);
  }
  return { statement: describeStatement(statement), paid: paid.length, clawedBack: clawedBack.length };
}
