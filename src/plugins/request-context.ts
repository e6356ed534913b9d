import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError } from '../errors.ts';
import type { Caller } from '../domain/lead-providers/tokens.ts';
import type { ApiEnvironment } from '../config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's "now": real time, or the sandbox's `X-With-Server-Date`. */
    now: Date;
    caller: Caller | null;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses the sandbox time header; anything unparseable is a 400, never a silent real "now". */
export function serverDateFromHeader(value: string): Date {
  const trimmed = value.trim();
  const date = RFC3339.test(trimmed) ? new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed) ? trimmed : `${trimmed}Z`) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new BadRequestError("The 'X-With-Server-Date' header must be a valid RFC 3339 date");
  }
  return date;
}

async function requestContext(app: FastifyInstance, opts: { environment: ApiEnvironment }) {
  app.decorateRequest('now', null as unknown as Date);
  app.decorateRequest('caller', null);
  const honourHeader = opts.environment === 'sandbox';
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers['x-with-server-date'];
    request.now = honourHeader && typeof header === 'string' ? serverDateFromHeader(header) : new Date();
  });
}

export default fp(requestContext, { name: 'request-context' });
