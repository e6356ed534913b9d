import type { Command } from '../command.ts';

/** School and DfE side of participants (register, mentor, transfer, eligibility, merge, withdraw). */
export const participantCommands: Record<string, Command> = {};
