import type { FastifyRequest } from 'fastify';
import type { ActionRequest } from '../domain/participants/action-input.ts';
import { callerOf } from './caller.ts';

/** A participant action's input, scoped to the caller: who asks, about whom, with what body, when. */
export function actionRequestOf(request: FastifyRequest): ActionRequest {
  return { leadProviderId: callerOf(request).leadProviderId, participantId: (request.params as { id: string }).id, body: request.body, now: request.now };
}
