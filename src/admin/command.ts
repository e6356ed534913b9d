import { parseArgs } from 'node:util';
import type { PrismaClient } from '../../generated/prisma/client.ts';

// The admin command line's building blocks. Commands run wherever the database is reachable: in
// the CLI's own process, or inside the running server (which holds the embedded database) on the
// CLI's behalf. Output is collected, not printed, so both paths print the same thing.

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A command that cannot run as asked: one clear line, exit code 1. */
export class UsageError extends Error {}

export type Output = string[];

export interface Command {
  usage: string;
  run(prisma: PrismaClient, args: string[], out: Output): Promise<void>;
}

export async function findLeadProvider(prisma: PrismaClient, nameOrId: string | undefined) {
  if (!nameOrId) throw new UsageError('--lead-provider <name|id> is required');
  const providers = await prisma.leadProvider.findMany();
  const match =
    providers.find((provider) => provider.id === nameOrId) ??
    providers.find((provider) => provider.name.toLowerCase() === nameOrId.toLowerCase());
  if (!match) throw new UsageError(`No lead provider "${nameOrId}" (see: lead-providers list)`);
  return match;
}

/** Parses a command's flags strictly; unknown flags are a UsageError. */
export function options<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
