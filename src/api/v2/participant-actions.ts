import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatParticipantActionHandlers } from '../flat/participant-actions.ts';

export const participantActionsHandlers = flatParticipantActionHandlers satisfies Pick<
  HandlerTable<operations>,
  'deferParticipantEcf' | 'resumeParticipantEcf' | 'withdrawParticipantEcf' | 'changeScheduleParticipantEcf'
>;
