import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { participantHandlers } from './participants.ts';
import { participantActionsHandlers } from './participant-actions.ts';
import { declarationsHandlers } from './declarations.ts';

/** Every v1 operation, by operationId. */
export const v1Handlers = {
  ...participantHandlers,
  ...participantActionsHandlers,
  ...declarationsHandlers,
} satisfies HandlerTable<operations>;
