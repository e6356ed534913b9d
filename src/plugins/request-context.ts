import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError } from '../errors.ts';
import { parseRfc3339DateTime } from '../domain/shared/time.ts';
import type { Caller } from '../domain/lead-providers/tokens.ts';
import type { ApiEnvironment } from '../config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's "now": real time, or the sandbox's `X-With-Server-Date`. */
    now: Date;
    caller: Caller | null;
  }
}

/** Parses the sandbox time header; anything unparseable is a 400, never a silent real "now". */
export function serverDateFromHeader(value: string): Date {
  const date = parseRfc3339DateTime(value);
  if (!date) {
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
