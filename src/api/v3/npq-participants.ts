import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV3 } from '../serializers/npq-participant.ts';

export const npqParticipantHandlers = {
  ...npqParticipantReadHandlers(npqParticipantAttributesV3, { sortable: true }),
} satisfies Pick<HandlerTable<operations>, 'listNpqParticipants' | 'getNpqParticipant'>;
