import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, parse, parseDocument } from 'yaml';

export const API_VERSIONS = ['v1', 'v2', 'v3'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function specPath(version: ApiVersion): string {
  return fileURLToPath(new URL(`../../specs/${version}.yaml`, import.meta.url));
}

/** The spec file exactly as it is on disk (what providers import into Postman). */
export function specText(version: ApiVersion): string {
  return readFileSync(specPath(version), 'utf8');
}

const parsedSpecs = new Map<ApiVersion, JsonObject>();

/** Where `npm run generate` keeps each spec as JSON, with the digest of the YAML it came from. */
export function parsedSpecPath(version: ApiVersion): string {
  return fileURLToPath(new URL(`../../generated/specs/${version}.json`, import.meta.url));
}

export function specDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The JSON copy's text for a spec's YAML text. */
export function parsedSpecText(yamlText: string): string {
  return `${JSON.stringify({ sourceDigest: specDigest(yamlText), document: parse(yamlText) })}\n`;
}

/**
 * The spec as data, a copy per call. Read from its JSON copy when that was made from the YAML as it
 * is now (a YAML parse of a spec costs ~90 ms, JSON a few); otherwise, as after an edit not yet
 * generated, parsed from the YAML itself. Once per process either way.
 */
export function specDocument(version: ApiVersion): JsonObject {
  let parsed = parsedSpecs.get(version);
  if (!parsed) {
    const text = specText(version);
    try {
      const copy = JSON.parse(readFileSync(parsedSpecPath(version), 'utf8')) as { sourceDigest: string; document: JsonObject };
      if (copy.sourceDigest === specDigest(text)) parsed = copy.document;
    } catch { /* no copy yet */ }
    parsed ??= parse(text) as JsonObject;
    parsedSpecs.set(version, parsed);
  }
  return structuredClone(parsed);
}

/**
 * The copy of a spec that drives request validation. The published spec documents every enum,
 * format and required attribute; the DfE service answers most of those problems with its own
 * messages (422s naming the attribute, 400s for filters, 404 for a malformed id), so those checks
 * live in the domain and Ajv keeps to structure: required request bodies must carry a `data` object,
 * `filter` and `page` must be objects, page numbers integers of at least 1.
 */
export function validationDocument(version: ApiVersion): JsonObject {
  const doc = specDocument(version);
  const components = (doc.components ?? {}) as JsonObject;
  const parameters: JsonObject[] = Object.values((components.parameters ?? {}) as JsonObject) as JsonObject[];
  const requestBodies: JsonObject[] = Object.values((components.requestBodies ?? {}) as JsonObject) as JsonObject[];
  for (const pathItem of Object.values((doc.paths ?? {}) as JsonObject) as JsonObject[]) {
    parameters.push(...((pathItem.parameters ?? []) as JsonObject[]));
    for (const [method, operation] of Object.entries(pathItem) as [string, JsonObject][]) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      parameters.push(...((operation.parameters ?? []) as JsonObject[]));
      if (operation.requestBody) requestBodies.push(operation.requestBody as JsonObject);
    }
  }
  for (const parameter of parameters) {
    if (parameter.$ref) continue;
    parameter.schema = relaxParameterSchema(parameter.schema as JsonObject);
    // fastify-openapi-glue treats a lone exploded object parameter as the whole query string;
    // `filter[...]` must stay nested under `filter`.
    delete parameter.explode;
  }
  for (const requestBody of requestBodies) {
    if (requestBody.$ref || !requestBody.content) continue;
    // An optional body (an NPQ accept) may be left out; when sent it is still an object.
    const required = requestBody.required === true;
    for (const media of Object.values(requestBody.content as JsonObject) as JsonObject[]) {
      media.schema = required ? { type: 'object', required: ['data'], properties: { data: { type: 'object' } } } : { type: 'object' };
    }
  }
  return doc;
}

function relaxParameterSchema(schema: JsonObject | undefined): JsonObject {
  if (!schema) return {};
  const relaxed: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' || key === 'enum' || key === 'pattern' || key === 'example') continue;
    if (key === 'properties') {
      const properties: JsonObject = {};
      for (const [name, child] of Object.entries(value as JsonObject)) {
        properties[name] = relaxParameterSchema(child as JsonObject);
      }
      relaxed.properties = properties;
      continue;
    }
    relaxed[key] = value;
  }
  return relaxed;
}

/** The spec text with its top-level `servers` list pointing at this instance; the rest stays byte for byte. */
export function specTextForInstance(version: ApiVersion, publicUrl: string | undefined, deprecation?: { sunset: Date }): string {
  const text = specText(version);
  if (!publicUrl && !deprecation) return text;
  const doc = parseDocument(text);
  if (publicUrl && doc.has('servers')) doc.set('servers', [{ url: publicUrl.replace(/\/+$/, ''), description: 'This instance' }]);
  if (deprecation) {
    // A deprecated version: every operation says so, and the description gives the sunset.
    const day = deprecation.sunset.toISOString().slice(0, 10);
    doc.setIn(['info', 'description'], `**Deprecated: this version will be retired on ${day}.**\n\n${String(doc.getIn(['info', 'description']) ?? '')}`);
    const paths = doc.get('paths');
    for (const path of isMap(paths) ? paths.items : []) {
      for (const operation of isMap(path.value) ? path.value.items : []) if (isMap(operation.value)) operation.value.set('deprecated', true);
    }
  }
  // lineWidth 0: never refold long strings, so an unchanged part prints exactly as written.
  return doc.toString({ lineWidth: 0 });
}
