import { Prisma } from '../generated/prisma/client.ts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { Server as NetServer } from 'node:net';
import qs from 'qs';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';
import errors from './plugins/errors.ts';
import securityHeaders from './plugins/security-headers.ts';
import requestContext from './plugins/request-context.ts';
import auth from './plugins/auth.ts';
import rateLimiting from './plugins/rate-limit.ts';
import audit from './plugins/audit.ts';
import specPublishing from './plugins/spec-publishing.ts';
import { EXAMPLE_PROVIDER, sandboxToken } from '../prisma/seed/snapshot.ts';
import underPressure from '@fastify/under-pressure';
import { JSON_API } from './plugins/errors.ts';
import { registerRetiredVersion, registerVersion } from './api/register-version.ts';
import { deprecationsOf, parseLifecycles, servedVersions } from './api/versions.ts';
import { API_VERSIONS } from './api/specs.ts';
import { v1Aliases, v1Handlers } from './api/v1/handlers.ts';
import { v2Aliases, v2Handlers } from './api/v2/handlers.ts';
import { v3Aliases, v3Handlers } from './api/v3/handlers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: AppConfig;
  }
}

export interface BuildOptions {
  config: AppConfig;
  database: Database;
  redis?: Redis;
  logger?: FastifyServerOptions['logger'];
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
}

/**
 * A pair's key ends at its first `=`, as Rack reads it: `filter=filter[cohort]=2021` is `filter`
 * with a string value (so "Filter must be a hash"), not a nested key. qs would split at `]=`, so
 * brackets and `=` inside a value are encoded before it parses.
 */
function keyAtFirstEquals(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      return `${pair.slice(0, equals + 1)}${pair.slice(equals + 1).replace(/[[\]=]/g, encodeURIComponent)}`;
    })
    .join('&');
}

// Bounded so a hostile query string cannot build a huge object.
const parseQuery = (query: string) =>
  qs.parse(keyAtFirstEquals(query), { depth: 2, arrayLimit: 20, parameterLimit: 100 }) as Record<string, unknown>;

/**
 * Graceful close. The listener stops first, so no fresh connection can be cut before its request
 * is read (a new client is refused instead). Answers in flight finish and tell their client
 * `Connection: close`; a request that arrives on a kept-alive socket meanwhile gets a 503 with
 * `Connection: close` (Fastify's closing path). Sockets still idle after half a second have had
 * their chance and are closed, and the close completes when the last connection is gone rather
 * than after the keep-alive runs out.
 */
// node:http's own close() also drops idle sockets at once, including just-accepted ones.
const netServerClose = NetServer.prototype.close;

function drainOnClose(app: FastifyInstance) {
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
    if (!app.server.listening) return;
    let sweeper: NodeJS.Timeout | undefined;
    const start = setTimeout(() => {
      sweeper = setInterval(() => app.server.closeIdleConnections(), 200);
    }, 500);
    // The plain TCP close: stops accepting, and calls back once every connection has ended.
    await new Promise<void>((resolve) => netServerClose.call(app.server, () => resolve()));
    clearTimeout(start);
    clearInterval(sweeper);
  });
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Behind a proxy that says so, the origin a request came in on is the forwarded one.
    trustProxy: opts.config.TRUST_PROXY,
    // Long path segments reach the handlers (and their 404) instead of a bare 414.
    routerOptions: { querystringParser: parseQuery, ignoreTrailingSlash: true, maxParamLength: 2048 },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { strict: false, coerceTypes: 'array', removeAdditional: false } },
    // An idle kept-alive socket is closed only after KEEP_ALIVE_TIMEOUT_MS (72 s by default, longer than
    // the 60 s idle timeout of common load balancers, so the balancer always closes first and never
    // reuses a socket the server is closing). Clients that honour the Keep-Alive hint close earlier.
    keepAliveTimeout: opts.config.KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: opts.config.REQUEST_TIMEOUT_MS,
    // No idle-socket timeout of its own: it would cut kept-alive sockets before KEEP_ALIVE_TIMEOUT_MS.
    connectionTimeout: 0,
    handlerTimeout: 60_000,
    // The router's own refusals (a malformed URL, an over-long segment) answer the DfE 404.
    frameworkErrors: (_error, _request, reply: FastifyReply) => {
      reply.code(404).header('content-type', JSON_API).send('{"error":"Resource not Found"}');
    },
  });
  app.server.headersTimeout = opts.config.HEADERS_TIMEOUT_MS;
  app.decorate('db', opts.database);
  app.decorate('config', opts.config);
  const { prisma } = opts.database;

  await app.register(errors);
  await app.register(securityHeaders, { alwaysHsts: opts.config.API_ENV === 'production' });
  // Shed load with a 503 and Retry-After rather than queueing until everything times out. Not on
  // the embedded database: PGlite runs in this thread, so a long query is event-loop delay by design.
  // A threshold of 0 turns shedding off.
  const maxEventLoopDelay = opts.config.LOAD_SHED_EVENT_LOOP_DELAY_MS;
  if (opts.database.config.kind === 'postgres' && maxEventLoopDelay > 0) await app.register(underPressure, {
    maxEventLoopDelay,
    retryAfter: 10,
    pressureHandler: (_request, reply) => {
      reply.code(503).header('retry-after', '10').header('content-type', JSON_API).send(JSON.stringify({ error: 'Service Unavailable' }));
    },
  });
  await app.register(requestContext, { environment: opts.config.API_ENV });
  await app.register(rateLimiting, {
    max: opts.config.RATE_LIMIT_MAX,
    timeWindowMs: opts.config.RATE_LIMIT_WINDOW_MS,
    redis: opts.redis,
  });
  await app.register(auth, { prisma, database: opts.database });
  await app.register(audit, { prisma });
  await app.register(specPublishing, {
    publicUrl: opts.config.PUBLIC_URL,
    lifecycles: parseLifecycles(opts.config.API_VERSION_LIFECYCLE),
    collectionToken: opts.config.API_ENV === 'sandbox' ? sandboxToken(EXAMPLE_PROVIDER) : '',
  });

  app.get('/healthcheck', async (_request, reply) => {
    try {
      // Through the raw reader: a probe has no need of Prisma's query compiler (a wasm module
      // of tens of MB, loaded by the first Prisma query), so an idle instance does not hold it.
      await opts.database.reader.rows(Prisma.sql`SELECT 1`);
      return { status: 'ok', database: 'connected', environment: opts.config.API_ENV };
    } catch {
      return reply.code(503).send({ status: 'error', database: 'unreachable', environment: opts.config.API_ENV });
    }
  });

  const lifecycles = parseLifecycles(opts.config.API_VERSION_LIFECYCLE);
  const served = servedVersions(lifecycles);
  const tables = {
    v1: { handlers: v1Handlers, aliases: v1Aliases },
    v2: { handlers: v2Handlers, aliases: v2Aliases },
    v3: { handlers: v3Handlers, aliases: v3Aliases },
  };
  for (const version of API_VERSIONS) {
    if (lifecycles[version].state === 'retired') {
      await app.register(registerRetiredVersion, { version, served });
    } else {
      const deprecations = deprecationsOf(version, lifecycles[version], served);
      await app.register(registerVersion, { version, ...tables[version], deprecations });
    }
  }

  drainOnClose(app);
  app.addHook('onClose', async () => {
    await opts.redis?.quit().catch(() => undefined);
  });
  return app;
}
