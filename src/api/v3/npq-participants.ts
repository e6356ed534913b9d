import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { npqParticipantActionHandlers, npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV3 } from '../serializers/npq-participant.ts';
import { npqOutcomeHandlers } from '../npq-outcomes.ts';
import { npqOutcomeAttributesV3 } from '../serializers/npq-outcome.ts';

export const npqParticipantHandlers = {
  ...npqParticipantReadHandlers(npqParticipantAttributesV3, { sortable: true }),
  ...npqParticipantActionHandlers(npqParticipantAttributesV3),
  ...npqOutcomeHandlers(npqOutcomeAttributesV3),
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqParticipants' | 'getNpqParticipant' | 'withdrawNpqParticipant' | 'deferNpqParticipant' | 'resumeNpqParticipant' | 'changeScheduleNpqParticipant'
  | 'listNpqOutcomes' | 'listNpqParticipantOutcomes' | 'createNpqParticipantOutcome'
>;
