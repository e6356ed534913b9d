import { readFileSync } from 'node:fs';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { parse } from 'yaml';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_VERSIONS, specDocument, specTextForInstance, type ApiVersion } from '../api/specs.ts';
import { DEFAULT_LIFECYCLES, servedVersions, type Lifecycles } from '../api/versions.ts';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));

/**
 * The base URL of this instance as the caller sees it: PUBLIC_URL when set, else the origin the
 * request came in on (forwarded protocol and host count only when TRUST_PROXY is on).
 */
export function instanceUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/**
 * A text per version and instance URL, made once: the set of origins one instance is reached on is
 * small, and the cache is bounded should a client vary its Host header.
 */
function perInstance(make: (version: ApiVersion, url: string) => string) {
  const cache = new Map<string, string>();
  return (version: ApiVersion, url: string): string => {
    const key = `${version} ${url}`;
    let text = cache.get(key);
    if (text === undefined) {
      text = make(version, url);
      if (cache.size >= 100) cache.clear();
      cache.set(key, text);
    }
    return text;
  };
}

function specTexts(lifecycles: Lifecycles) {
  return perInstance((version, serverUrl) => {
    const lifecycle = lifecycles[version];
    return specTextForInstance(version, serverUrl, lifecycle.state === 'deprecated' ? { sunset: lifecycle.sunset! } : undefined);
  });
}

/**
 * Each version's Postman collection (generated/postman/, converted from the spec by Postman's own
 * converter) with its variables set for this instance: `baseUrl`, and `bearerToken` (on a sandbox,
 * the token of the provider the examples' records belong to; elsewhere empty, for the provider's own).
 */
function collectionTexts(bearerToken: string) {
  // Read when first asked for (most instances never are), once per version.
  const collections = new Map<ApiVersion, Record<string, unknown>>();
  const collectionOf = (version: ApiVersion) => {
    let collection = collections.get(version);
    if (!collection) {
      collection = JSON.parse(readFileSync(new URL(`../../generated/postman/${version}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
      collections.set(version, collection);
    }
    return collection;
  };
  return perInstance((version, baseUrl) =>
    JSON.stringify({
      ...collectionOf(version),
      variable: [
        { key: 'baseUrl', value: baseUrl, type: 'string' },
        { key: 'bearerToken', value: bearerToken, type: 'string' },
      ],
    }),
  );
}

const day = (date: Date | null) => date!.toISOString().slice(0, 10);

/** The sentence a docs page opens with: the version's state and, when it has any, where its deprecated parts are. */
function lifecycleSentence(version: ApiVersion, lifecycles: Lifecycles, document: { paths?: Record<string, Record<string, { deprecated?: boolean }>> }): string {
  const lifecycle = lifecycles[version];
  const others = servedVersions(lifecycles).filter((other) => other !== version).join(' or ');
  const current = API_VERSIONS.find((candidate) => lifecycles[candidate].state === 'current');
  const state =
    lifecycle.state === 'current' ? `API ${version} is the current version.`
    : lifecycle.state === 'supported' ? `API ${version} is supported${current ? `; the current version is ${current}` : ''}.`
    : lifecycle.state === 'deprecated' ? `API ${version} is deprecated and will be retired on ${day(lifecycle.sunset)}; move to ${others}. Every response announces it in Warning, Deprecation and Sunset headers.`
    : `API ${version} has been retired: every route answers 410 Gone. Use ${others}.`;
  const deprecatedOperations = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item)).filter((operation) => operation?.deprecated === true).length;
  if (lifecycle.state !== 'current' && lifecycle.state !== 'supported') return state;
  return deprecatedOperations ? `${state} Deprecated operations (${deprecatedOperations}) are struck through and marked "Deprecated"; deprecated attributes are marked in the schemas. Their responses carry a Warning header.` : state;
}

/** What docs-page.js needs on one version's page: the switcher's entries and the lifecycle sentence. */
function docsConfig(version: ApiVersion, lifecycles: Lifecycles, document: object): string {
  const versions = API_VERSIONS.map((entry) => {
    const { state, sunset } = lifecycles[entry];
    const note = state === 'deprecated' ? `deprecated, retires ${day(sunset)}` : state === 'supported' ? '' : state;
    return { version: entry, state, note, href: `/api-reference/${entry}/` };
  });
  const config = { version, state: lifecycles[version].state, lifecycle: lifecycleSentence(version, lifecycles, document), versions };
  return `window.LEAD_PROVIDER_DOCS = ${JSON.stringify(config)};\n`;
}

/**
 * The docs pages load only their own files (Swagger UI's, served from node_modules, and ours);
 * "Try it out" may call this instance's public URL when it differs from the page's origin. Sent as
 * a <meta> in the page, so the response header stays the one every response carries (framing is
 * forbidden there).
 */
function docsContentPolicy(publicUrl: string | undefined): string {
  const publicOrigin = publicUrl ? ` ${new URL(publicUrl).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${publicOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Each version's YAML, served as the file itself with `servers` naming only this instance, at the
 * path providers paste into Postman, a ready Postman collection, and a human docs page whose
 * "Try it out" calls this instance.
 */
async function specPublishing(app: FastifyInstance, opts: { publicUrl?: string; lifecycles?: Lifecycles; collectionToken?: string }) {
  const lifecycles = opts.lifecycles ?? DEFAULT_LIFECYCLES;
  const textFor = specTexts(lifecycles);
  const collectionFor = collectionTexts(opts.collectionToken ?? '');
  const logo = asset('logo.svg');
  const favicon = asset('favicon.svg');
  const pageScript = asset('docs-page.js');
  const pageStyle = asset('docs-page.css');
  const policyMeta = `<head>\n<meta http-equiv="Content-Security-Policy" content="${docsContentPolicy(opts.publicUrl)}">`;
  for (const version of API_VERSIONS) {
    const serveYaml = async (request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/yaml; charset=utf-8').send(textFor(version, instanceUrl(request, opts.publicUrl)));
    app.get(`/lead-providers/api-docs/${version}/api_spec.yml`, serveYaml);
    app.get(`/api/${version}/openapi.yaml`, serveYaml);
    app.get(`/lead-providers/api-docs/${version}/postman_collection.json`, async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="lead-provider-api-${version}.postman_collection.json"`)
        .send(collectionFor(version, instanceUrl(request, opts.publicUrl))),
    );

    const title = `Lead Provider API ${version}`;
    // The page's copy: servers are set per request below, so only a deprecated version (whose
    // operations the published text marks) needs its own parse; the others reuse the parsed spec.
    const document = lifecycles[version].state === 'deprecated' ? parse(textFor(version, 'http://127.0.0.1')) : specDocument(version);
    await app.register(async (scope) => {
      scope.addHook('onSend', async (_request, reply, payload) =>
        typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html') ? payload.replace('<head>', policyMeta) : payload,
      );
      await scope.register(swagger, { mode: 'static', specification: { document } });
      await scope.register(swaggerUi, {
        routePrefix: `/api-reference/${version}`,
        uiConfig: { deepLinking: true, displayRequestDuration: true },
        theme: {
          title: `${title} reference`,
          favicon: [{ filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: favicon }],
          css: [{ filename: 'docs-page.css', content: pageStyle.toString('utf8') }],
          js: [
            { filename: 'docs-config.js', content: docsConfig(version, lifecycles, document) },
            { filename: 'docs-page.js', content: pageScript.toString('utf8') },
          ],
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
