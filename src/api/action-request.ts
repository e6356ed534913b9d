import type { ActionRequest } from '../domain/participants/action-input.ts';
import { callerOf } from './caller.ts';
import type { ByIdRequest } from './handlers.ts';

/** A participant action's input, scoped to the caller: who asks, about whom, with what body, when. */
export function actionRequestOf(request: ByIdRequest): ActionRequest {
  return { leadProviderId: callerOf(request).leadProviderId, participantId: request.params.id, body: request.body, now: request.now };
}
