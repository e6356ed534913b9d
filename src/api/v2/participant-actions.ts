import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const participantActionsHandlers = {
  deferParticipantEcf: notYetServed('deferParticipantEcf'),
  resumeParticipantEcf: notYetServed('resumeParticipantEcf'),
  withdrawParticipantEcf: notYetServed('withdrawParticipantEcf'),
  changeScheduleParticipantEcf: notYetServed('changeScheduleParticipantEcf'),
} satisfies Pick<HandlerTable<operations>, 'deferParticipantEcf' | 'resumeParticipantEcf' | 'withdrawParticipantEcf' | 'changeScheduleParticipantEcf'>;
