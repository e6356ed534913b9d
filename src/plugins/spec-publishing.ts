import { readFileSync } from 'node:fs';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { parse } from 'yaml';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_VERSIONS, specTextForInstance, type ApiVersion } from '../api/specs.ts';
import { DEFAULT_LIFECYCLES, type Lifecycles } from '../api/versions.ts';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));

/**
 * The base URL of this instance as the caller sees it: PUBLIC_URL when set, else the origin the
 * request came in on (forwarded protocol and host count only when TRUST_PROXY is on).
 */
export function instanceUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** Spec texts per version and server URL; the set of origins one instance is reached on is small. */
function specTexts(lifecycles: Lifecycles) {
  const cache = new Map<string, string>();
  return (version: ApiVersion, serverUrl: string): string => {
    const key = `${version} ${serverUrl}`;
    let text = cache.get(key);
    if (text === undefined) {
      const lifecycle = lifecycles[version];
      text = specTextForInstance(version, serverUrl, lifecycle.state === 'deprecated' ? { sunset: lifecycle.sunset! } : undefined);
      if (cache.size >= 100) cache.clear();
      cache.set(key, text);
    }
    return text;
  };
}

/**
 * Each version's YAML, served as the file itself with `servers` naming only this instance, at the
 * path providers paste into Postman, plus a human docs page whose "Try it out" calls this instance.
 */
async function specPublishing(app: FastifyInstance, opts: { publicUrl?: string; lifecycles?: Lifecycles }) {
  const textFor = specTexts(opts.lifecycles ?? DEFAULT_LIFECYCLES);
  const logo = asset('logo.svg');
  const favicon = asset('favicon.svg');
  for (const version of API_VERSIONS) {
    const serveYaml = async (request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/yaml; charset=utf-8').send(textFor(version, instanceUrl(request, opts.publicUrl)));
    app.get(`/lead-providers/api-docs/${version}/api_spec.yml`, serveYaml);
    app.get(`/api/${version}/openapi.yaml`, serveYaml);

    const title = `Lead Provider API ${version}`;
    await app.register(async (scope) => {
      await scope.register(swagger, { mode: 'static', specification: { document: parse(textFor(version, 'http://127.0.0.1')) } });
      await scope.register(swaggerUi, {
        routePrefix: `/api-reference/${version}`,
        uiConfig: { deepLinking: true },
        theme: {
          title: `${title} reference`,
          favicon: [{ filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: favicon }],
        },
        logo: { type: 'image/svg+xml', content: logo, href: `/api-reference/${version}/`, target: '_self' },
        transformSpecification: (document, request) => ({
          ...document,
          servers: [{ url: instanceUrl(request, opts.publicUrl), description: 'This instance' }],
        }),
      });
    });
  }
}

export default fp(specPublishing, { name: 'spec-publishing' });
