import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { npqParticipantActionHandlers, npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV1 } from '../serializers/npq-participant.ts';

export const npqParticipantHandlers = {
  ...npqParticipantReadHandlers(npqParticipantAttributesV1, { sortable: false }),
  ...npqParticipantActionHandlers(npqParticipantAttributesV1),
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqParticipants' | 'getNpqParticipant' | 'withdrawNpqParticipant' | 'deferNpqParticipant' | 'resumeNpqParticipant' | 'changeScheduleNpqParticipant'
>;
