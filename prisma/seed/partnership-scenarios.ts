import type { Scenario } from './scenarios.ts';

export const partnershipScenarios: Record<string, Scenario> = {};
