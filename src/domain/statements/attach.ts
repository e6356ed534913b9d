import { Prisma, type DeclarationState, type StatementType } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { isoDate, utcDate } from '../shared/time.ts';

// Which statement a declaration's payment or refund goes on (docs/declarations.md): the provider's
// open output statement of the declaration's product line (ECF or NPQ) for its cohort whose
// deadline is today or later, earliest deadline first. "Today" is the request's day, so the
// sandbox's simulated date moves it.

export interface StatementRef {
  id: string;
  name: string;
}

/** Where a declaration is paid: its provider, cohort and product line. */
export interface PayingContext {
  leadProviderId: string;
  cohortId: string;
  statementType: StatementType;
}

/** A declaration's statement type: NPQ declarations are paid on NPQ statements, the rest on ECF ones. */
export const statementTypeFor = (profileType: string): StatementType => (profileType === 'npq' ? 'npq' : 'ecf');

export async function nextOutputStatement(db: Db, paying: PayingContext, now: Date): Promise<StatementRef | null> {
  const { leadProviderId, cohortId, statementType } = paying;
  return db.statement.findFirst({
    where: { leadProviderId, cohortId, type: statementType, outputFee: true, status: 'open', deadlineDate: { gte: utcDate(isoDate(now)) } },
    orderBy: [{ deadlineDate: 'asc' }, { paymentDate: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true },
  });
}

/**
 * The next output statement, share-locked so a concurrent close (which takes it exclusively)
 * either sees a line added under this lock or happens before the statement is chosen; null when
 * there is none.
 */
export async function lockNextOutputStatement(
  db: Db,
  paying: PayingContext,
  now: Date,
  /** The statement the caller already found for today (saves looking it up again). */
  expectedStatementId?: string | null,
): Promise<StatementRef | null> {
  let candidateId = expectedStatementId ?? null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    candidateId ??= (await nextOutputStatement(db, paying, now))?.id ?? null;
    if (!candidateId) return null;
    const [locked] = await db.$queryRaw<StatementRef[]>`SELECT id, name FROM statements WHERE id = ${candidateId}::uuid AND status = 'open' FOR SHARE`;
    if (locked) return locked;
    candidateId = null; // closed meanwhile: look again
  }
  return null;
}

export async function addStatementLine(db: Db, statementId: string, declarationId: string, state: DeclarationState, now: Date): Promise<void> {
  await db.$executeRaw`${statementLinesFrom(statementId, Prisma.sql`(SELECT ${declarationId}::uuid AS declaration_id, ${state} AS state) AS made`, now)}`;
}

/**
 * The statement-line insert: a line on the statement for each row of `source` (aliased `made`,
 * with `declaration_id` and the declaration's `state`), for statements that write several things at once.
 */
export function statementLinesFrom(statementId: string, source: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO statement_line_items (id, statement_id, participant_declaration_id, state, created_at, updated_at)
    SELECT gen_random_uuid(), ${statementId}::uuid, made.declaration_id, made.state::declaration_state, ${now}::timestamptz, ${now}::timestamptz
      FROM ${source}`;
}

/** Puts a line for the declaration on the next output statement; null when there is none. */
export async function attachToNextOutputStatement(
  db: Db,
  declaration: { id: string } & PayingContext,
  state: DeclarationState,
  now: Date,
  expectedStatementId?: string | null,
): Promise<StatementRef | null> {
  const statement = await lockNextOutputStatement(db, declaration, now, expectedStatementId);
  if (statement) await addStatementLine(db, statement.id, declaration.id, state, now);
  return statement;
}
