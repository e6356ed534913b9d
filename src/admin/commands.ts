import { parseArgs } from 'node:util';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { createToken, revokeToken } from '../domain/lead-providers/tokens.ts';
import { DomainError } from '../domain/shared/domain-error.ts';
import { seedSandbox, runScenario, sandboxToken } from '../../prisma/seed/sandbox.ts';
import { NameSource, scenarioNames } from '../../prisma/seed/scenarios.ts';

// The admin command line's commands. They run wherever the database is reachable: in the CLI's
// own process, or inside the running server (which holds the embedded database) on the CLI's
// behalf. Output is returned, not printed, so both paths print the same thing.

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A command that cannot run as asked: one clear line, exit code 1. */
export class UsageError extends Error {}

type Output = string[];

interface Command {
  usage: string;
  run(prisma: PrismaClient, args: string[], out: Output): Promise<void>;
}

async function findLeadProvider(prisma: PrismaClient, nameOrId: string | undefined) {
  if (!nameOrId) throw new UsageError('--lead-provider <name|id> is required');
  const providers = await prisma.leadProvider.findMany();
  const match =
    providers.find((provider) => provider.id === nameOrId) ??
    providers.find((provider) => provider.name.toLowerCase() === nameOrId.toLowerCase());
  if (!match) throw new UsageError(`No lead provider "${nameOrId}" (see: lead-providers list)`);
  return match;
}

function options<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const commands: Record<string, Command> = {
  'lead-providers list': {
    usage: 'lead-providers list',
    async run(prisma, _args, out) {
      const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
      for (const provider of providers) out.push(`${provider.id}  ${provider.name}`);
    },
  },

  'tokens create': {
    usage: 'tokens create --lead-provider <name|id> [--description <text>]',
    async run(prisma, args, out) {
      const { values } = options(args, { 'lead-provider': { type: 'string' }, description: { type: 'string' } });
      const provider = await findLeadProvider(prisma, values['lead-provider']);
      const { token } = await createToken(prisma, provider.id, values.description);
      out.push(token);
    },
  },

  'tokens revoke': {
    usage: 'tokens revoke <token-or-id>',
    async run(prisma, args, out) {
      const { positionals } = options(args, {});
      if (positionals.length !== 1) throw new UsageError('usage: tokens revoke <token-or-id>');
      const id = await revokeToken(prisma, positionals[0]!);
      if (!id) throw new UsageError('No such token');
      out.push(`revoked ${id}`);
    },
  },

  seed: {
    usage: `seed --scenario <${scenarioNames.join('|')}> [--lead-provider <name|id>] [--cohort <year>]`,
    async run(prisma, args, out) {
      const { values } = options(args, {
        scenario: { type: 'string' },
        'lead-provider': { type: 'string' },
        cohort: { type: 'string' },
      });
      if (!values.scenario || !scenarioNames.includes(values.scenario)) {
        throw new UsageError(`--scenario must be one of: ${scenarioNames.join(', ')}`);
      }
      if ((await prisma.leadProvider.count()) === 0) throw new UsageError('The database has no reference data: run sandbox reset first');
      const provider = await findLeadProvider(prisma, values['lead-provider'] ?? 'Ambition Institute');
      const cohort = Number(values.cohort ?? '2024');
      if (!(await prisma.cohort.findUnique({ where: { startYear: cohort } }))) throw new UsageError(`No ${values.cohort} cohort`);
      const now = new Date();
      const result = await runScenario(prisma, {
        scenario: values.scenario,
        leadProviderId: provider.id,
        cohortStartYear: cohort,
        now,
        names: new NameSource(`s${now.getTime().toString(36)}`, 500000 + (now.getTime() % 400000)),
      });
      out.push(`${values.scenario} for ${provider.name}, cohort ${cohort}:`);
      for (const [role, id] of Object.entries(result)) out.push(`  ${role}: ${id}`);
    },
  },

  'sandbox reset': {
    usage: 'sandbox reset',
    async run(prisma, _args, out) {
      const tables = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
        `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
      );
      await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
      const runs = await seedSandbox(prisma, new Date());
      out.push(`sandbox reset: ${runs.length} scenarios seeded`);
      const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
      for (const provider of providers) out.push(`  ${provider.name}: token ${sandboxToken(provider.name)}`);
    },
  },
};

export function usage(): string {
  return ['usage: npm run admin -- <command>', ...Object.values(commands).map((command) => `  ${command.usage}`)].join('\n');
}

export async function runCommand(prisma: PrismaClient, argv: string[]): Promise<CommandResult> {
  const key = [`${argv[0]} ${argv[1]}`, argv[0]].find((candidate) => candidate && candidate in commands);
  if (!key) {
    return { exitCode: argv.length === 0 || argv[0] === 'help' ? 0 : 1, stdout: '', stderr: `${usage()}\n` };
  }
  const out: Output = [];
  try {
    await commands[key]!.run(prisma, argv.slice(key.split(' ').length), out);
    return { exitCode: 0, stdout: out.length ? `${out.join('\n')}\n` : '', stderr: '' };
  } catch (error) {
    if (error instanceof UsageError || error instanceof DomainError) {
      return { exitCode: 1, stdout: '', stderr: `${error.message}\n` };
    }
    return { exitCode: 1, stdout: '', stderr: `${key} failed: ${(error as Error).message.split('\n')[0]}\n` };
  }
}
