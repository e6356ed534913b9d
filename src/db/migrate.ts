import { applyMigrations } from './migrations.ts';
import type { Database } from './database.ts';

/** Applies pending migrations to an open database; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  const target =
    database.config.kind === 'postgres'
      ? { kind: 'postgres' as const, connectionString: database.config.url }
      : { kind: 'pglite' as const, db: database.pglite! };
  const { applied } = await applyMigrations(target);
  return applied;
}
