import type { FastifyRequest } from 'fastify';
import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import {
  deferParticipant,
  participantRecordAfterAction,
  resumeParticipant,
  withdrawParticipant,
  type ParticipantAction,
} from '../../domain/participants/actions.ts';
import { changeSchedule } from '../../domain/participants/change-schedule.ts';
import type { ActionRequest } from '../../domain/participants/action-input.ts';
import { flatParticipant } from '../serializers/flat-participant.ts';

function actionRequest(request: FastifyRequest): ActionRequest {
  return { leadProviderId: request.caller!.leadProviderId, participantId: (request.params as { id: string }).id, body: request.body, now: request.now };
}

/** v1 answers an action with the flat training record of the registration acted on. */
function flatResponse(action: ParticipantAction) {
  return async (request: FastifyRequest) => {
    const outcome = await action(request.server.db.prisma, actionRequest(request));
    return { data: flatParticipant(await participantRecordAfterAction(request.server.db.prisma, request.caller!.leadProviderId, outcome, request.now)) };
  };
}

export const participantActionsHandlers = {
  deferParticipantEcf: flatResponse(deferParticipant),
  resumeParticipantEcf: flatResponse(resumeParticipant),
  withdrawParticipantEcf: flatResponse(withdrawParticipant),
  changeScheduleParticipantEcf: flatResponse(changeSchedule),
  // The older /participants/{id}/... paths behave identically.
  deferParticipantLegacy: flatResponse(deferParticipant),
  resumeParticipantLegacy: flatResponse(resumeParticipant),
  withdrawParticipantLegacy: flatResponse(withdrawParticipant),
  changeScheduleParticipantLegacy: flatResponse(changeSchedule),
} satisfies Pick<HandlerTable<operations>, 'deferParticipantEcf' | 'resumeParticipantEcf' | 'withdrawParticipantEcf' | 'changeScheduleParticipantEcf' | 'deferParticipantLegacy' | 'resumeParticipantLegacy' | 'withdrawParticipantLegacy' | 'changeScheduleParticipantLegacy'>;
