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
  if (opts.redis) reportRedisOutages(app, opts.redis);
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

/**
 * With Redis unreachable the limiter lets every request through (fail-open: the service keeps
 * serving, each instance without a limit). That is said once when Redis goes away and once when it
 * is back, not on every request or reconnection attempt.
 */
function reportRedisOutages(app: FastifyInstance, redis: Redis) {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    app.log.error({ reason: error.message }, 'Redis unreachable: per-token rate limits are not enforced until it is back (requests are served)');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    app.log.warn('Redis reachable again: per-token rate limits are enforced');
  });
}
