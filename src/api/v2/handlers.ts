import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { participantHandlers } from './participants.ts';
import { participantActionsHandlers } from './participant-actions.ts';
import { declarationsHandlers } from './declarations.ts';

/** Every v2 operation, by operationId. */
export const v2Handlers = {
  ...participantHandlers,
  ...participantActionsHandlers,
  ...declarationsHandlers,
} satisfies HandlerTable<operations>;
