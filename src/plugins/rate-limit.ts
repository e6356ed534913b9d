import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { tokenDigest, tokenFromHeader } from '../domain/lead-providers/tokens.ts';

export interface RateLimitOptions {
  max: number;
  timeWindowMs: number;
  redis?: Redis;
}

/**
 * 1000 requests per 5 minutes per token on /api/*, counted before authentication as the DfE
 * service does. The key is a digest of the Authorization header, never the token itself.
 */
async function rateLimiting(app: FastifyInstance, opts: RateLimitOptions) {
  await app.register(rateLimit, {
    global: true,
    max: opts.max,
    timeWindow: opts.timeWindowMs,
    hook: 'onRequest',
    redis: opts.redis,
    nameSpace: 'lead-provider-api-rate-limit:',
    // With Redis unreachable, serve rather than fail every request; the failure is logged.
    skipOnError: true,
    allowList: (request: FastifyRequest) => !request.url.startsWith('/api/'),
    keyGenerator: (request: FastifyRequest) => {
      const token = tokenFromHeader(request.headers.authorization);
      return token ? `token:${tokenDigest(token)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => {
      const error = new Error('Retry later') as Error & { statusCode: number };
      error.statusCode = context.statusCode;
      return error;
    },
  });
}

export default fp(rateLimiting, { name: 'rate-limit' });
