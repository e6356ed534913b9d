import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.ts';
import type { Caller } from '../domain/lead-providers/tokens.ts';

/** The lead provider's token behind this request; every versioned route authenticates before its handler runs. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new UnauthorizedError();
  return request.caller;
}
