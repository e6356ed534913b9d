import type { Scenario } from './scenarios.ts';
import { participantScenarios } from './scenarios.ts';

/** Every named scenario, by name (the admin CLI's `seed --scenario <name>`). */
export const scenarios: Record<string, Scenario> = {
  ...participantScenarios,
};

export const scenarioNames = Object.keys(scenarios);
