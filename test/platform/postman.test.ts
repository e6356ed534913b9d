import t, { type Test as Tap } from 'tap';
import { createRequire } from 'node:module';
import type { LightMyRequestResponse } from 'fastify';
import { API_VERSIONS, specDocument, type ApiVersion } from '../../src/api/specs.ts';
import { EXAMPLE_PROVIDER, loadSandbox, sandboxToken } from '../../prisma/seed/snapshot.ts';
import { convertSpec, type PostmanCollection } from '../../scripts/postman.ts';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { assertMatchesSpec } from '../helpers/spec-validator.ts';

const require = createRequire(import.meta.url);
const newman = require('newman') as {
  run(options: object, done: (error: Error | null, summary: NewmanSummary) => void): void;
};

interface NewmanExecution {
  item: { request: { method: string; url: { path?: string[] } } };
  request: { method: string; url: { toString(): string; getPathWithQuery(): string } };
  response?: { code: number; stream?: Buffer; headers: { get(name: string): string | undefined } };
  requestError?: Error;
}
interface NewmanSummary {
  run: { executions: NewmanExecution[] };
}

/** Every operation's documented success status, by `METHOD /path/{template}`. */
function documentedSuccess(version: ApiVersion): Map<string, number> {
  const doc = specDocument(version) as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  const statuses = new Map<string, number>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation?.responses) continue;
      statuses.set(`${method.toUpperCase()} ${path}`, Number(Object.keys(operation.responses).find((code) => code.startsWith('2'))));
    }
  }
  return statuses;
}

/** A fresh sandbox behind a real socket on loopback, as a provider's Postman would reach it. */
async function freshSandbox(t: Tap) {
  const database = await freshDatabase(t, { referenceData: false });
  await loadSandbox(database, new Date());
  const api = await buildTestApi(t, {}, database);
  return { baseUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) };
}

async function runCollection(t: Tap, version: ApiVersion, collection: PostmanCollection, baseUrl: string) {
  const summary = await new Promise<NewmanSummary>((resolve, reject) =>
    newman.run({ collection, reporters: [], timeoutRequest: 10_000, timeout: 120_000 }, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const expected = documentedSuccess(version);
  const seen = new Set<string>();
  for (const execution of summary.run.executions) {
    const template = `/${(execution.item.request.url.path ?? []).join('/')}`.replace(/:(\w+)/g, '{$1}');
    const key = `${execution.request.method} ${template}`;
    seen.add(key);
    const response = execution.response;
    t.ok(response, `${key}: answered ${execution.requestError?.message ?? ''}`);
    if (!response) continue;
    const body = response.stream?.toString('utf8') ?? '';
    t.equal(response.code, expected.get(key), `${key} -> ${response.code} ${response.code === expected.get(key) ? '' : body.slice(0, 200)}`);
    t.ok(execution.request.url.toString().startsWith(baseUrl), `${key} went to this instance`);
    const asInjected = { statusCode: response.code, body, headers: { 'content-type': response.headers.get('content-type') } } as unknown as LightMyRequestResponse;
    t.doesNotThrow(() => assertMatchesSpec(execution.request.method, execution.request.url.getPathWithQuery(), asInjected), `${key}: the body matches the spec`);
  }
  t.same([...expected.keys()].filter((key) => !seen.has(key)), [], `every ${version} operation is in the collection`);
}

for (const version of API_VERSIONS) {
  await t.test(`${version}: the published Postman collection runs green on a fresh sandbox`, async (t) => {
    const { baseUrl } = await freshSandbox(t);
    const response = await fetch(`${baseUrl}/lead-providers/api-docs/${version}/postman_collection.json`);
    t.equal(response.status, 200);
    const collection = (await response.json()) as PostmanCollection;
    t.same(collection.variable?.map(({ key, value }) => [key, value]), [['baseUrl', baseUrl], ['bearerToken', sandboxToken(EXAMPLE_PROVIDER)]], 'this instance and the sandbox token');
    await runCollection(t, version, collection, baseUrl);
  });

  await t.test(`${version}: the spec as served, converted as Postman imports it, runs green on a fresh sandbox`, async (t) => {
    const { baseUrl } = await freshSandbox(t);
    const spec = await (await fetch(`${baseUrl}/api/${version}/openapi.yaml`)).text();
    const collection = await convertSpec(spec);
    t.same(collection.variable?.filter(({ key }) => key === 'baseUrl').map(({ value }) => value), [baseUrl], 'the imported baseUrl is this instance');
    // What a provider types in once after importing: their token.
    collection.variable = [...(collection.variable ?? []), { key: 'bearerToken', value: sandboxToken(EXAMPLE_PROVIDER) }];
    await runCollection(t, version, collection, baseUrl);
  });
}
