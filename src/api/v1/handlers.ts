import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable, RouteAlias } from '../handlers.ts';
import { participantHandlers } from './participants.ts';
import { participantActionsHandlers } from './participant-actions.ts';
import { declarationsHandlers } from './declarations.ts';
import { npqApplicationHandlers } from './npq-applications.ts';
import { npqParticipantHandlers } from './npq-participants.ts';

/** Every v1 operation, by operationId. */
export const v1Handlers = {
  ...participantHandlers,
  ...participantActionsHandlers,
  ...declarationsHandlers,
  ...npqApplicationHandlers,
  ...npqParticipantHandlers,
} satisfies HandlerTable<operations>;

/** Live routes the DfE service answers for the participant lists that its v1 spec never listed. */
export const v1Aliases = [
  { operationId: 'listParticipantsEcf', method: 'GET', url: '/api/v1/participants' },
  { operationId: 'listParticipantsEcfCsv', method: 'GET', url: '/api/v1/participants.csv' },
] satisfies RouteAlias<operations>[];
