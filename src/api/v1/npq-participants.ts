import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { npqParticipantActionHandlers, npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV1 } from '../serializers/npq-participant.ts';
import { npqOutcomeHandlers } from '../npq-outcomes.ts';
import { npqOutcomeAttributes } from '../serializers/npq-outcome.ts';

export const npqParticipantHandlers = {
  ...npqParticipantReadHandlers(npqParticipantAttributesV1, { sortable: false }),
  ...npqParticipantActionHandlers(npqParticipantAttributesV1),
  ...npqOutcomeHandlers(npqOutcomeAttributes),
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqParticipants' | 'getNpqParticipant' | 'withdrawNpqParticipant' | 'deferNpqParticipant' | 'resumeNpqParticipant' | 'changeScheduleNpqParticipant'
  | 'listNpqOutcomes' | 'listNpqParticipantOutcomes' | 'createNpqParticipantOutcome'
>;
