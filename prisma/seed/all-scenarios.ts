import type { Scenario } from './scenarios.ts';
import { participantScenarios } from './scenarios.ts';
import { declarationScenarios } from './declaration-scenarios.ts';
import { partnershipScenarios } from './partnership-scenarios.ts';
import { npqScenarios } from './npq-scenarios.ts';
import { npqDeclarationScenarios } from './npq-declaration-scenarios.ts';

/** Every named scenario, by name (the admin CLI's `seed --scenario <name>`). */
export const scenarios: Record<string, Scenario> = {
  ...participantScenarios,
  ...declarationScenarios,
  ...partnershipScenarios,
  ...npqScenarios,
  ...npqDeclarationScenarios,
};

export const scenarioNames = Object.keys(scenarios);
