import type { Command } from '../command.ts';

/** School and DfE side of partnerships (challenges, programme choices, provider relationships). */
export const partnershipCommands: Record<string, Command> = {};
