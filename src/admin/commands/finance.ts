import type { Command } from '../command.ts';

/** Finance side: eligibility of declarations, closing and paying statements, calculations. */
export const financeCommands: Record<string, Command> = {};
