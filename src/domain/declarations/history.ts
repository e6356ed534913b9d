import { Prisma, type DeclarationState } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';

/** Who changed a declaration: a provider through the API, or a DfE-side command. */
export type Actor = string;

export function providerActor(leadProviderId: string): Actor {
  return `lead_provider:${leadProviderId}`;
}

export const ADMIN_ACTOR: Actor = 'admin';

/**
 * Appends to a declaration's state history (who, from which state, when). "When" is the real
 * time of the change, not the request's simulated date: clock_timestamp() per row, so changes
 * made together keep their order.
 */
export async function recordStateChanges(
  db: Db,
  changes: { declarationId: string; fromState: DeclarationState | null; state: DeclarationState; stateReason?: string | null }[],
  actor: Actor,
): Promise<void> {
  if (changes.length === 0) return;
  const rows = JSON.stringify(changes.map((change, position) => ({
    declaration_id: change.declarationId,
    from_state: change.fromState,
    state: change.state,
    state_reason: change.stateReason ?? null,
    position,
  })));
  await db.$executeRaw`${stateChangesFrom(
    Prisma.sql`jsonb_to_recordset(${rows}::jsonb) AS change(declaration_id uuid, from_state text, state text, state_reason text, position int)`,
    actor,
  )} ORDER BY change.position`;
}

/**
 * The history insert over a row source aliased `change` with `declaration_id`, `from_state`,
 * `state` and `state_reason` (text or the enum), for statements that write several things at once.
 */
export function stateChangesFrom(source: Prisma.Sql, actor: Actor): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO declaration_state_changes (id, participant_declaration_id, from_state, state, state_reason, actor, created_at)
    SELECT gen_random_uuid(), change.declaration_id, change.from_state::declaration_state, change.state::declaration_state,
           change.state_reason, ${actor}, clock_timestamp()
      FROM ${source}`;
}
