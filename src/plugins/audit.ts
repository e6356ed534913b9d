import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../generated/prisma/client.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An audit row for every API write: who, what, when, and how it ended. It is written before the
 * answer leaves, so a write the client saw acknowledged has its audit row even if the process dies
 * the moment after.
 */
async function audit(app: FastifyInstance, opts: { prisma: PrismaClient }) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!WRITES.has(request.method) || !request.url.startsWith('/api/')) return payload;
    try {
      await opts.prisma.apiAudit.create({
        data: {
          leadProviderId: request.caller?.leadProviderId ?? null,
          tokenId: request.caller?.tokenId ?? null,
          method: request.method,
          path: request.url.split('?')[0]!.slice(0, 2000),
          operationId: (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? null,
          statusCode: reply.statusCode,
          requestBody: request.body === undefined ? undefined : (request.body as object),
        },
      });
    } catch (err) {
      request.log.error({ err }, 'could not write the audit row');
    }
    return payload;
  });
}

export default fp(audit, { name: 'audit' });
