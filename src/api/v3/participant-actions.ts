import type { operations } from '../../../generated/v3.ts';
import type { ByIdRequest, HandlerTable } from '../handlers.ts';
import {
  deferParticipant,
  participantAfterAction,
  resumeParticipant,
  withdrawParticipant,
  type ParticipantAction,
} from '../../domain/participants/actions.ts';
import { changeSchedule } from '../../domain/participants/change-schedule.ts';
import { actionRequestOf } from '../action-request.ts';
import { participant } from './participant-serializer.ts';
import { callerOf } from '../caller.ts';

/** v3 answers an action with the whole participant, nested, as the provider now sees them. */
function nestedResponse(action: ParticipantAction) {
  return async (request: ByIdRequest) => {
    const outcome = await action(request.server.db.prisma, actionRequestOf(request));
    return { data: participant(await participantAfterAction(request.server.db.reader, callerOf(request).leadProviderId, outcome, request.now)) };
  };
}

export const participantActionsHandlers = {
  deferParticipantEcf: nestedResponse(deferParticipant),
  resumeParticipantEcf: nestedResponse(resumeParticipant),
  withdrawParticipantEcf: nestedResponse(withdrawParticipant),
  changeScheduleParticipantEcf: nestedResponse(changeSchedule),
} satisfies Pick<HandlerTable<operations>, 'deferParticipantEcf' | 'resumeParticipantEcf' | 'withdrawParticipantEcf' | 'changeScheduleParticipantEcf'>;
