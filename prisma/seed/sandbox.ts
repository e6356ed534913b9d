import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { loadReferenceData } from '../../src/domain/reference-data/load.ts';
import { tokenDigest } from '../../src/domain/lead-providers/tokens.ts';
import { NameSource, type ScenarioContext, type ScenarioResult } from './scenarios.ts';
import { scenarios } from './all-scenarios.ts';
import { sandboxToken } from './snapshot.ts';

/**
 * The open cohorts get every scenario; earlier ones (frozen, or with no output statement left)
 * get enough to show their participants, schools and payment history. Every scenario run costs
 * tens of milliseconds, and `npm start` seeds before it answers.
 */
const FULL_COHORTS = [2024, 2025];
const BASIC_SCENARIOS: Record<number, string[]> = {
  2021: ['ect-with-mentor', 'withdrawn'],
  2022: ['ect-with-mentor', 'withdrawn'],
  2023: ['ect-with-mentor', 'withdrawn', 'transfer-to-other-provider', 'declaration-states', 'delivery-partners', 'npq-applications'],
};

export interface ScenarioRun {
  scenario: string;
  leadProviderName: string;
  cohortStartYear: number;
  result: ScenarioResult;
}

/** Runs one scenario for one provider and cohort inside a transaction. */
export async function runScenario(
  prisma: PrismaClient,
  options: { scenario: string; leadProviderId: string; cohortStartYear: number; now: Date; names: NameSource },
): Promise<ScenarioResult> {
  const scenario = scenarios[options.scenario];
  if (!scenario) throw new Error(`Unknown scenario "${options.scenario}"`);
  const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
  const index = providers.findIndex((provider) => provider.id === options.leadProviderId);
  const other = providers[(index + 1) % providers.length]!;
  return prisma.$transaction(
    (db) => {
      const ctx: ScenarioContext = {
        db,
        now: options.now,
        leadProviderId: options.leadProviderId,
        otherLeadProviderId: other.id,
        cohortStartYear: options.cohortStartYear,
        names: options.names,
      };
      return scenario(ctx);
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** Reference data, the sandbox tokens and every scenario for every provider. */
export async function seedSandbox(prisma: PrismaClient, now: Date, onProgress?: (done: number, total: number) => void): Promise<ScenarioRun[]> {
  await loadReferenceData(prisma, now);
  const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
  await prisma.apiToken.createMany({
    skipDuplicates: true,
    data: providers.map((provider) => ({
      leadProviderId: provider.id,
      tokenDigest: tokenDigest(sandboxToken(provider.name)),
      description: 'sandbox seed',
    })),
  });
  const plan = providers.flatMap((provider) => [
    ...FULL_COHORTS.flatMap((year) => Object.keys(scenarios).map((scenario) => ({ provider, year, scenario }))),
    ...Object.entries(BASIC_SCENARIOS).flatMap(([year, names]) => names.map((scenario) => ({ provider, year: Number(year), scenario }))),
  ]);
  const runs: ScenarioRun[] = [];
  const seed = createHash('sha256').update(now.toISOString()).digest('hex').slice(0, 4);
  const names = new NameSource(seed, 100000);
  for (const [i, item] of plan.entries()) {
    const result = await runScenario(prisma, {
      scenario: item.scenario,
      leadProviderId: item.provider.id,
      cohortStartYear: item.year,
      now,
      names,
    });
    runs.push({ scenario: item.scenario, leadProviderName: item.provider.name, cohortStartYear: item.year, result });
    onProgress?.(i + 1, plan.length);
  }
  return runs;
}
