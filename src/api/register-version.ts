import openapiGlue from 'fastify-openapi-glue';
import type { FastifyInstance, FastifyReply, RouteOptions } from 'fastify';
import { JSON_API } from '../plugins/errors.ts';
import { BadRequestError, ForbiddenError, messages } from '../errors.ts';
import { validationDocument, type ApiVersion } from './specs.ts';
import type { RouteAlias } from './handlers.ts';
import { deprecationHeaders, type Deprecation } from './versions.ts';

// Only fastify-openapi-glue calls these, with a request it has validated against the operation's
// schema; each version's table types its requests from that same spec.
type AnyHandler = (request: never, reply: FastifyReply) => Promise<unknown>;

export interface VersionOptions {
  version: ApiVersion;
  handlers: Record<string, AnyHandler>;
  /** Further routes that behave exactly like an operation of the spec. */
  aliases?: RouteAlias[];
  /** What each operation's responses announce as deprecated (see versions.ts). */
  deprecations?: Map<string, Deprecation>;
}

/**
 * One encapsulated scope per API version: its spec's routes (validated and serialized by
 * fastify-openapi-glue), authenticated before anything else looks at the request.
 */
export async function registerVersion(app: FastifyInstance, opts: VersionOptions) {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', async (_request, reply) => {
    reply.header('content-type', JSON_API);
  });
  // NPQ applications and participants are for providers that deliver NPQs (outcomes, like
  // declarations, are open to every provider and simply scoped to it).
  app.addHook('preHandler', async (request) => {
    const schema = request.routeOptions.schema as { operationId?: string; tags?: string[] } | undefined;
    const npqOnly = schema?.tags?.some((tag) => tag.startsWith('NPQ')) && !/Outcomes?$/.test(schema.operationId ?? '');
    if (npqOnly && !request.caller?.offersNpq) throw new ForbiddenError();
  });
  // Every response of a deprecated operation, version or attribute says so, errors included.
  const docsPath = `/api-reference/${opts.version}`;
  app.addHook('onSend', async (request, reply) => {
    const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
    const deprecation = operationId ? opts.deprecations?.get(operationId) : undefined;
    if (deprecation) reply.headers(deprecationHeaders(deprecation, docsPath));
  });
  // Ajv does not look at an absent body; a write that needs `data` must still get the DfE 400.
  // (A body whose schema does not require `data`, such as an NPQ accept, may be left out.)
  app.addHook('preValidation', async (request) => {
    type BodySchema = { required?: string[]; content?: Record<string, { schema?: BodySchema }> };
    const body = (request.routeOptions.schema as { body?: BodySchema } | undefined)?.body;
    const schemas = body?.content ? Object.values(body.content).map((media) => media.schema) : [body];
    const needsBody = schemas.some((schema) => schema?.required?.includes('data'));
    const data = (request.body as { data?: unknown } | null | undefined)?.data;
    if (needsBody && (typeof data !== 'object' || data === null || Array.isArray(data))) {
      throw new BadRequestError(messages.missingData);
    }
  });
  const routesByOperation = new Map<string, RouteOptions>();
  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (operationId && !routesByOperation.has(operationId)) routesByOperation.set(operationId, { ...route });
  });
  await app.register(async (scope) => {
    await scope.register(openapiGlue, {
      specification: validationDocument(opts.version),
      serviceHandlers: opts.handlers,
    });
  });
  for (const alias of opts.aliases ?? []) {
    const route = routesByOperation.get(alias.operationId);
    if (!route) throw new Error(`${opts.version}: no operation ${alias.operationId} to alias`);
    app.route({
      method: alias.method,
      url: alias.url,
      schema: route.schema,
      handler: route.handler,
    });
  }
}

/**
 * A retired version: every route under its prefix answers 410 in the DfE error shape, naming the
 * versions still served, before authentication (nothing of the old version is left to protect).
 */
export async function registerRetiredVersion(app: FastifyInstance, opts: { version: ApiVersion; served: ApiVersion[] }) {
  const answer = async (_request: unknown, reply: FastifyReply) =>
    reply.code(410).type(JSON_API).send({
      errors: [{ title: 'Gone', detail: `API ${opts.version} has been retired. Use ${opts.served.map((version) => `/api/${version}`).join(' or ')}.` }],
    });
  app.all(`/api/${opts.version}`, answer);
  app.all(`/api/${opts.version}/*`, answer);
}
