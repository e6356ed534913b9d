import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { UnauthorizedError } from '../errors.ts';
import { findCaller, tokenFromHeader, touchToken } from '../domain/lead-providers/tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for the versioned API scopes: resolves the caller or answers 401. */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

// last_used_at is worth knowing, not worth a write on every request.
const TOUCH_INTERVAL_MS = 60_000;

async function auth(app: FastifyInstance, opts: { prisma: PrismaClient }) {
  const lastTouched = new Map<string, number>();
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = tokenFromHeader(request.headers.authorization);
    const caller = token ? await findCaller(app.db.reader, token) : null;
    if (!caller) throw new UnauthorizedError();
    request.caller = caller;
    request.log = request.log.child({ leadProviderId: caller.leadProviderId, tokenId: caller.tokenId });
    const now = Date.now();
    if ((lastTouched.get(caller.tokenId) ?? 0) + TOUCH_INTERVAL_MS < now) {
      lastTouched.set(caller.tokenId, now);
      touchToken(opts.prisma, caller.tokenId, new Date(now)).catch((err) => request.log.warn({ err }, 'could not record token use'));
    }
  });
}

export default fp(auth, { name: 'auth', dependencies: ['request-context'] });
