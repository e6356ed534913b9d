import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { parse } from 'yaml';
import type { FastifyInstance } from 'fastify';
import { API_VERSIONS, specTextForInstance } from '../api/specs.ts';

/**
 * Each version's YAML, served as the file itself (servers adjusted to this instance when
 * PUBLIC_URL is set) at the path providers paste into Postman, plus a human docs page.
 */
async function specPublishing(app: FastifyInstance, opts: { publicUrl?: string }) {
  for (const version of API_VERSIONS) {
    const text = specTextForInstance(version, opts.publicUrl);
    const serveYaml = async (_request: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
      reply.type('text/yaml; charset=utf-8').send(text);
    app.get(`/lead-providers/api-docs/${version}/api_spec.yml`, serveYaml);
    app.get(`/api/${version}/openapi.yaml`, serveYaml);

    await app.register(async (scope) => {
      await scope.register(swagger, { mode: 'static', specification: { document: parse(text) } });
      await scope.register(swaggerUi, { routePrefix: `/api-reference/${version}`, uiConfig: { deepLinking: true } });
    });
  }
}

export default fp(specPublishing, { name: 'spec-publishing' });
