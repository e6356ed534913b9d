import {
  deferParticipant,
  participantRecordAfterAction,
  resumeParticipant,
  withdrawParticipant,
  type ParticipantAction,
} from '../../domain/participants/actions.ts';
import { changeSchedule } from '../../domain/participants/change-schedule.ts';
import { actionRequestOf } from '../action-request.ts';
import { flatParticipant } from '../serializers/flat-participant.ts';
import { callerOf } from '../caller.ts';
import type { ByIdRequest } from '../handlers.ts';

// The participant actions of v1 and v2, which answer with the same flat training record. Each
// version's table checks them against its own spec.

/** Answers an action with the flat training record of the registration acted on. */
function flatResponse(action: ParticipantAction) {
  return async (request: ByIdRequest) => {
    const outcome = await action(request.server.db.prisma, actionRequestOf(request));
    return { data: flatParticipant(await participantRecordAfterAction(request.server.db.reader, callerOf(request).leadProviderId, outcome, request.now)) };
  };
}

export const flatParticipantActionHandlers = {
  deferParticipantEcf: flatResponse(deferParticipant),
  resumeParticipantEcf: flatResponse(resumeParticipant),
  withdrawParticipantEcf: flatResponse(withdrawParticipant),
  changeScheduleParticipantEcf: flatResponse(changeSchedule),
};
