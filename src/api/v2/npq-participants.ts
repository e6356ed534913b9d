import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { npqParticipantActionHandlers, npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV2 } from '../serializers/npq-participant.ts';
import { npqOutcomeHandlers } from '../npq-outcomes.ts';
import { npqOutcomeAttributes } from '../serializers/npq-outcome.ts';

export const npqParticipantHandlers = {
  ...npqParticipantReadHandlers(npqParticipantAttributesV2, { sortable: false }),
  ...npqParticipantActionHandlers(npqParticipantAttributesV2),
  ...npqOutcomeHandlers(npqOutcomeAttributes),
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqParticipants' | 'getNpqParticipant' | 'withdrawNpqParticipant' | 'deferNpqParticipant' | 'resumeNpqParticipant' | 'changeScheduleNpqParticipant'
  | 'listNpqOutcomes' | 'listNpqParticipantOutcomes' | 'createNpqParticipantOutcome'
>;
