import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable, RouteAlias } from '../handlers.ts';
import { participantHandlers } from './participants.ts';
import { participantActionsHandlers } from './participant-actions.ts';
import { transfersHandlers } from './transfers.ts';
import { unfundedMentorsHandlers } from './unfunded-mentors.ts';
import { declarationsHandlers } from './declarations.ts';
import { npqApplicationHandlers } from './npq-applications.ts';
import { npqParticipantHandlers } from './npq-participants.ts';
import { statementsHandlers } from './statements.ts';
import { partnershipsHandlers } from './partnerships.ts';
import { schoolsHandlers } from './schools.ts';
import { deliveryPartnersHandlers } from './delivery-partners.ts';

/** Every v3 operation, by operationId. */
export const v3Handlers = {
  ...participantHandlers,
  ...participantActionsHandlers,
  ...transfersHandlers,
  ...unfundedMentorsHandlers,
  ...declarationsHandlers,
  ...npqApplicationHandlers,
  ...npqParticipantHandlers,
  ...statementsHandlers,
  ...partnershipsHandlers,
  ...schoolsHandlers,
  ...deliveryPartnersHandlers,
} satisfies HandlerTable<operations>;

/** Live routes the DfE service answers that its v3 spec never listed: a partnership update by PATCH. */
export const v3Aliases = [
  { operationId: 'updatePartnership', method: 'PATCH', url: '/api/v3/partnerships/ecf/:id' },
] satisfies RouteAlias<operations>[];
