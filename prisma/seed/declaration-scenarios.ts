import type { Scenario } from './scenarios.ts';

export const declarationScenarios: Record<string, Scenario> = {};
