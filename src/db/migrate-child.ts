// The migration process (see migrate.ts): applies the pending migrations to the PostgreSQL server
// named by MIGRATE_DATABASE_URL, sends the names applied (or the error) to its parent, and exits.
import { applyMigrations, MigrationError } from './migrations.ts';
import type { ChildReport } from './migrate.ts';

let report: ChildReport;
try {
  const { applied } = await applyMigrations({ kind: 'postgres', connectionString: process.env.MIGRATE_DATABASE_URL! });
  report = { applied };
} catch (error) {
  const { name, message } = error as Error;
  report = { error: error instanceof MigrationError ? { name, message, applied: error.applied, failedMigration: error.failedMigration } : { name, message } };
}
process.send!(report, () => process.exit(0));
