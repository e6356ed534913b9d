import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import type { NameSource } from '../../prisma/seed/scenarios.ts';

/**
 * Runs named scenarios a second apart, as real registrations are, so every order the API gives
 * (created_at, updated_at) is fully determined.
 */
export function scenarioRunner(prisma: PrismaClient, names: NameSource, start = Date.now() - 3600_000) {
  let clock = start;
  return (scenario: string, leadProviderId: string, cohortStartYear = 2024) => {
    clock += 1000;
    return runScenario(prisma, { scenario, leadProviderId, cohortStartYear, now: new Date(clock), names });
  };
}
