import type { PrismaClient } from '../../generated/prisma/client.ts';
import { UsageError, type Command, type CommandResult, type Output } from './command.ts';
import { DomainError, InvalidAction, Validation } from '../domain/shared/errors.ts';
import { coreCommands } from './commands/core.ts';
import { participantCommands } from './commands/participants.ts';
import { financeCommands } from './commands/finance.ts';
import { partnershipCommands } from './commands/partnerships.ts';
import { npqCommands } from './commands/npq.ts';

/** Every admin command, by its words (`tokens create`, `seed`, ...). */
export const commands: Record<string, Command> = {
  ...coreCommands,
  ...participantCommands,
  ...financeCommands,
  ...partnershipCommands,
  ...npqCommands,
};

export function usage(): string {
  return ['usage: npm run admin -- <command>', ...Object.values(commands).map((command) => `  ${command.usage}`)].join('\n');
}

/** The words of the command argv names (`tokens create`), or undefined when it names none. */
export function commandKey(argv: string[]): string | undefined {
  return [`${argv[0]} ${argv[1]}`, argv[0]].find((candidate) => candidate && candidate in commands);
}

/** Commands that build their data from nothing, so may run on a database created for them. */
export const COMMANDS_FOR_A_NEW_DATABASE = new Set(['sandbox reset']);

export function usageResult(argv: string[]): CommandResult {
  return { exitCode: argv.length === 0 || argv[0] === 'help' ? 0 : 1, stdout: '', stderr: `${usage()}\n` };
}

/** The one place a domain failure becomes the command's error line. */
function failureLine(error: DomainError): string {
  if (error instanceof InvalidAction) return error.detail;
  if (error instanceof Validation) return error.items.map((item) => item.detail).join('; ');
  return error.message;
}

export async function runCommand(prisma: PrismaClient, argv: string[]): Promise<CommandResult> {
  const key = commandKey(argv);
  if (!key) return usageResult(argv);
  const out: Output = [];
  try {
    await commands[key]!.run(prisma, argv.slice(key.split(' ').length), out);
    return { exitCode: 0, stdout: out.length ? `${out.join('\n')}\n` : '', stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 1, stdout: '', stderr: `${error.message}\n` };
    if (error instanceof DomainError) return { exitCode: 1, stdout: '', stderr: `${failureLine(error)}\n` };
    return { exitCode: 1, stdout: '', stderr: `${key} failed: ${(error as Error).message.split('\n')[0]}\n` };
  }
}
