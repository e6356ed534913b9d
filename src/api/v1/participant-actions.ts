import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const participantActionsHandlers = {
  deferParticipantEcf: notYetServed('deferParticipantEcf'),
  resumeParticipantEcf: notYetServed('resumeParticipantEcf'),
  withdrawParticipantEcf: notYetServed('withdrawParticipantEcf'),
  changeScheduleParticipantEcf: notYetServed('changeScheduleParticipantEcf'),
  deferParticipantLegacy: notYetServed('deferParticipantLegacy'),
  resumeParticipantLegacy: notYetServed('resumeParticipantLegacy'),
  withdrawParticipantLegacy: notYetServed('withdrawParticipantLegacy'),
  changeScheduleParticipantLegacy: notYetServed('changeScheduleParticipantLegacy'),
} satisfies Pick<HandlerTable<operations>, 'deferParticipantEcf' | 'resumeParticipantEcf' | 'withdrawParticipantEcf' | 'changeScheduleParticipantEcf' | 'deferParticipantLegacy' | 'resumeParticipantLegacy' | 'withdrawParticipantLegacy' | 'changeScheduleParticipantLegacy'>;
