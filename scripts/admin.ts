// npm run admin -- <command>. Runs the command against DATABASE_URL; when a server holds the
// embedded database folder, the command runs inside that server (over its loopback-only admin
// listener) instead of opening the folder a second time.
import { loadConfig } from '../src/config.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSetupError, describeDatabase, openDatabase, parseDatabaseUrl, readLock } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ADMIN_SECRET_HEADER } from '../src/admin/listener.ts';
import { COMMANDS_FOR_A_NEW_DATABASE, commandKey, runCommand, usageResult } from '../src/admin/run.ts';
import type { CommandResult } from '../src/admin/command.ts';

async function viaServer(adminUrl: string, secret: string, argv: string[]): Promise<CommandResult> {
  const response = await fetch(`${adminUrl}/admin/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ADMIN_SECRET_HEADER]: secret },
    body: JSON.stringify({ argv }),
    signal: AbortSignal.timeout(10 * 60_000),
  });
  if (!response.ok) throw new DatabaseSetupError(`The running server refused the command (HTTP ${response.status})`);
  return (await response.json()) as CommandResult;
}

async function run(argv: string[]): Promise<CommandResult> {
  const key = commandKey(argv);
  if (!key) return usageResult(argv);
  const config = loadConfig();
  const target = parseDatabaseUrl(config.DATABASE_URL);
  if (target.kind === 'pglite' && target.dir) {
    const holder = readLock(target.dir);
    if (holder?.adminUrl && holder.adminSecret) return viaServer(holder.adminUrl, holder.adminSecret, argv);
  }
  // An embedded database that does not exist yet would be created empty, and the command would
  // answer as if the data were missing: most likely DATABASE_URL is not the server's.
  const embeddedIsNew = target.kind === 'pglite' && (!target.dir || !existsSync(path.join(target.dir, 'PG_VERSION')));
  if (embeddedIsNew && !COMMANDS_FOR_A_NEW_DATABASE.has(key)) {
    throw new DatabaseSetupError(
      `No database at ${describeDatabase(target)} (DATABASE_URL=${config.DATABASE_URL}); set DATABASE_URL to the server's, or start the server once to create it`,
    );
  }
  const database = await openDatabase(target);
  try {
    await migrate(database);
    return await runCommand(database.prisma, argv);
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2))
  .then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.exitCode);
  })
  .catch((error) => {
    process.stderr.write(`${(error as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  });
