import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

/** 501 for an operation whose contract is published but whose behaviour has not landed yet. */
export class NotImplementedError extends ApiError {
  readonly statusCode = 501;
  constructor(readonly operationId: string) {
    super(`${operationId} is not available yet`);
  }
  body() {
    return { errors: [{ title: 'Not implemented', detail: `This operation (${this.operationId}) is not available yet` }] };
  }
}

export function notYetServed(operationId: string) {
  return async (_request: FastifyRequest, _reply: FastifyReply): Promise<never> => {
    throw new NotImplementedError(operationId);
  };
}
