import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security on every response (production is always served over TLS). */
  alwaysHsts: boolean;
}

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers every response carries, errors and 404s included. The API is JSON and CSV for programs:
 * no sniffing, no framing (the docs pages included), no referrer, and nothing cached along the way
 * (answers depend on the caller's token). Strict-Transport-Security once the request came over TLS,
 * or always in production. The header's content policy only forbids framing; the docs pages restrict
 * their sources to this instance in a <meta> policy of their own (spec-publishing.ts).
 */
async function securityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions) {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "frame-ancestors 'none'");
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', request.url.startsWith('/api/') ? 'no-store' : 'no-cache');
    if (opts.alwaysHsts || request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
