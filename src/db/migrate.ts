import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

/**
 * Applies pending migrations to an open database; returns the names applied. A long-lived
 * process asks for `isolated`: on PostgreSQL the migrations then run in a child process.
 */
export async function migrate(database: Database, options: { isolated?: boolean } = {}): Promise<string[]> {
  if (database.config.kind === 'postgres' && options.isolated) return migrateInChild(database.config.url);
  const { applyMigrations } = await import('./migrations.ts');
  const target = database.config.kind === 'postgres'
    ? { kind: 'postgres' as const, connectionString: database.config.url }
    : { kind: 'pglite' as const, db: database.pglite! };
  const { applied } = await applyMigrations(target);
  return applied;
}

/** What the migration process reports of a failure: enough to rebuild the error its caller would have seen. */
export interface ChildError {
  name: string;
  message: string;
  applied?: string[];
  failedMigration?: string;
}

export type ChildReport = { applied: string[] } | { error: ChildError };

/**
 * On PostgreSQL the schema engine (a ~20 MB wasm module, with the pool it opens) runs in a short
 * child process, so none of it stays in the server's memory for its whole life. (A worker thread
 * would do, but TypeScript loaders do not reach workers on this Node.) An embedded database lives
 * in this process, so it migrates here.
 */
function migrateInChild(connectionString: string): Promise<string[]> {
  // Beside this module, in its own form: TypeScript under tsx, JavaScript in a build.
  const extension = path.extname(fileURLToPath(import.meta.url));
  const child = fork(new URL(`./migrate-child${extension === '.ts' ? '.ts' : '.mjs'}`, import.meta.url), [], {
    env: { ...process.env, MIGRATE_DATABASE_URL: connectionString },
    // The loader flags carry over (tsx); a profiler's do not, so a profiled server writes one profile.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let report: ChildReport | undefined;
    child.once('message', (message) => { report = message as ChildReport; });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!report) reject(new Error(`the migration process ended (${signal ?? `code ${code}`}) without a result`));
      else if ('applied' in report) resolve(report.applied);
      else rethrown(report.error).then(reject, reject);
    });
  });
}

async function rethrown(error: ChildError): Promise<Error> {
  if (error.name !== 'MigrationError') return Object.assign(new Error(error.message), { name: error.name });
  const { MigrationError } = await import('./migrations.ts');
  return new MigrationError(error.message, { applied: error.applied, failedMigration: error.failedMigration });
}
