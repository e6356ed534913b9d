import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Database } from '../db/database.ts';
import { listen, type ChannelListener } from '../db/notifications.ts';
import { UnauthorizedError } from '../errors.ts';
import {
  findCallerByDigest,
  tokenDigest,
  tokenFromHeader,
  touchToken,
  TOKEN_REVOKED_CHANNEL,
  type Caller,
} from '../domain/lead-providers/tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for the versioned API scopes: resolves the caller or answers 401. */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

// last_used_at is worth knowing, not worth a write on every request.
const TOUCH_INTERVAL_MS = 60_000;
// A resolved token is remembered this long, and forgotten at once when any instance revokes it
// (the revocation's notification names its digest). Only while the listener is connected: with
// no way to hear of a revocation, every request reads the token row.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

async function auth(app: FastifyInstance, opts: { prisma: PrismaClient; database: Database }) {
  const lastTouched = new Map<string, number>();
  const cache = new Map<string, { caller: Caller; until: number }>();
  let revocations: ChannelListener | null = null;
  try {
    revocations = await listen(opts.database, TOKEN_REVOKED_CHANNEL, {
      onMessage: (digest) => cache.delete(digest),
      onReset: () => cache.clear(),
      onError: (err) => app.log.warn({ err }, 'token revocation listener lost its connection; tokens are read from the database until it is back'),
    });
  } catch (err) {
    app.log.warn({ err }, 'no token revocation listener; tokens are read from the database on every request');
  }
  app.addHook('onClose', async () => {
    await revocations?.close();
  });

  async function callerFor(digest: string, now: number): Promise<Caller | null> {
    const live = revocations?.live() ?? false;
    const hit = live ? cache.get(digest) : undefined;
    if (hit && hit.until > now) return hit.caller;
    const caller = await findCallerByDigest(app.db.reader, digest);
    if (caller && live) {
      if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
      cache.set(digest, { caller, until: now + CACHE_TTL_MS });
    } else {
      cache.delete(digest);
    }
    return caller;
  }

  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = tokenFromHeader(request.headers.authorization);
    const now = Date.now();
    const caller = token ? await callerFor(tokenDigest(token), now) : null;
    if (!caller) throw new UnauthorizedError();
    request.caller = caller;
    request.log = request.log.child({ leadProviderId: caller.leadProviderId, tokenId: caller.tokenId });
    if ((lastTouched.get(caller.tokenId) ?? 0) + TOUCH_INTERVAL_MS < now) {
      lastTouched.set(caller.tokenId, now);
      touchToken(opts.prisma, caller.tokenId, new Date(now)).catch((err) => request.log.warn({ err }, 'could not record token use'));
    }
  });
}

export default fp(auth, { name: 'auth', dependencies: ['request-context'] });
