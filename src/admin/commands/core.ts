import type { Command } from '../command.ts';
import { findLeadProvider, options, UsageError } from '../command.ts';
import { createToken, revokeToken } from '../../domain/lead-providers/tokens.ts';
import { runScenario } from '../../../prisma/seed/sandbox.ts';
import { loadSandbox, sandboxToken } from '../../../prisma/seed/snapshot.ts';
import { NameSource } from '../../../prisma/seed/scenarios.ts';
import { scenarioNames } from '../../../prisma/seed/all-scenarios.ts';

export const coreCommands: Record<string, Command> = {
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
      const tables = await prisma.$queryRaw<{ tablename: string }[]>`
        SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
      // Table names cannot be statement parameters; these come from the catalog, quoted.
      await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
      const loaded = await loadSandbox({ prisma }, new Date());
      out.push(`sandbox reset: the sandbox data set (${loaded.source}, as of ${loaded.asOf.toISOString()})`);
      const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
      for (const provider of providers) out.push(`  ${provider.name}: token ${sandboxToken(provider.name)}`);
    },
  },
};

