import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { specDocument, type ApiVersion } from '../../src/api/specs.ts';

// Every response a test sees is checked against its version's published spec: status documented,
// media type documented, body valid, and no attribute the spec does not list.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

/** Forbids undeclared properties everywhere, so a serializer cannot leak an extra field. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node as Json)) copy[key] = key === 'example' || key === 'examples' ? value : closeObjects(value);
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

interface Operation {
  method: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  operationId: string;
}

const cache = new Map<ApiVersion, { ajv: Ajv; operations: Operation[]; validators: Map<string, ValidateFunction> }>();

function load(version: ApiVersion) {
  const cached = cache.get(version);
  if (cached) return cached;
  const spec = closeObjects(specDocument(version)) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: spec.components }, 'spec');
  const operations: Operation[] = [];
  // A literal segment wins over a parameter, as in the router: `/participants/npq/outcomes` is not
  // `/participants/npq/{id}`. Paths with fewer parameters are tried first.
  const paths = Object.entries(spec.paths as Json).sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const [path, item] of paths) {
    const pattern = new RegExp(`^${path.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(item as Json)) {
      const op = operation as Json;
      if (!op.responses) continue;
      operations.push({ method: method.toUpperCase(), pattern, responses: op.responses as Operation['responses'], operationId: String(op.operationId) });
    }
  }
  const responses = ((spec.components as Json)?.responses ?? {}) as Json;
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const ref = (response as { $ref?: string }).$ref;
      if (ref) operation.responses[status] = responses[ref.split('/').pop()!] as Operation['responses'][string];
    }
  }
  const entry = { ajv, operations, validators: new Map<string, ValidateFunction>() };
  cache.set(version, entry);
  return entry;
}

const ALIASES: [RegExp, string][] = [
  [/^(\/api\/v[12])\/participants(\.csv)?$/, '$1/participants/ecf$2'],
];

export class SpecMismatch extends Error {}

export function assertMatchesSpec(method: string, url: string, response: LightMyRequestResponse): void {
  const versionMatch = /^\/api\/(v[123])\//.exec(url);
  if (!versionMatch || /^\/api\/v[123]\/openapi\.yaml/.test(url)) return;
  const version = versionMatch[1] as ApiVersion;
  let path = url.split('?')[0]!;
  for (const [alias, target] of ALIASES) path = path.replace(alias, target);
  const lookupMethod = method.toUpperCase() === 'PATCH' ? 'PUT' : method.toUpperCase();
  const { ajv, operations, validators } = load(version);
  const operation = operations.find((op) => op.method === lookupMethod && op.pattern.test(path));
  if (!operation) {
    // Unknown routes answer the DfE 404; nothing in the spec to compare with.
    if (response.statusCode !== 404 || response.body !== '{"error":"Resource not Found"}') {
      throw new SpecMismatch(`${method} ${url}: no such operation, yet answered ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    return;
  }
  const documented = operation.responses[String(response.statusCode)];
  if (!documented) {
    throw new SpecMismatch(`${operation.operationId}: status ${response.statusCode} is not in the spec (${response.body.slice(0, 300)})`);
  }
  const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (!documented.content) {
    if (response.body !== '') throw new SpecMismatch(`${operation.operationId}: ${response.statusCode} must have no body`);
    return;
  }
  const media = documented.content[mediaType];
  if (!media) {
    throw new SpecMismatch(`${operation.operationId}: ${response.statusCode} media type ${mediaType} is not in the spec`);
  }
  if (mediaType !== 'application/vnd.api+json') return;
  const key = `${operation.operationId}:${response.statusCode}`;
  let validate = validators.get(key);
  if (!validate) {
    const schemaText = JSON.stringify(media.schema).replaceAll('"#/components/', '"spec#/components/');
    validate = ajv.compile(JSON.parse(schemaText));
    validators.set(key, validate);
  }
  const body = JSON.parse(response.body);
  if (!validate(body)) {
    throw new SpecMismatch(`${operation.operationId} ${response.statusCode}: ${ajv.errorsText(validate.errors)}`);
  }
}
