import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatParticipantActionHandlers as actions } from '../flat/participant-actions.ts';

export const participantActionsHandlers = {
  ...actions,
  // The older /participants/{id}/... paths behave identically.
  deferParticipantLegacy: actions.deferParticipantEcf,
  resumeParticipantLegacy: actions.resumeParticipantEcf,
  withdrawParticipantLegacy: actions.withdrawParticipantEcf,
  changeScheduleParticipantLegacy: actions.changeScheduleParticipantEcf,
} satisfies Pick<
  HandlerTable<operations>,
  | 'deferParticipantEcf'
  | 'resumeParticipantEcf'
  | 'withdrawParticipantEcf'
  | 'changeScheduleParticipantEcf'
  | 'deferParticipantLegacy'
  | 'resumeParticipantLegacy'
  | 'withdrawParticipantLegacy'
  | 'changeScheduleParticipantLegacy'
>;
