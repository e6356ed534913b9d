// The compatibility gate: within a version the spec may only grow. Compares each specs/vN.yaml with
// its last published form in specs/published/vN.yaml and names every change that could break a
// provider's client: a removed path, operation, parameter, response, attribute or enum value; a new
// required request field or parameter; a changed or narrowed type. Run by `npm run lint`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Requests flow from the provider (narrowing what we accept breaks them); responses flow to it (widening what we send breaks them). */
type Direction = 'request' | 'response';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

const isObject = (value: Json | undefined): value is JsonObject => !!value && typeof value === 'object' && !Array.isArray(value);

/** Follows a local `$ref` (`#/components/...`); returns the node and the reference it came through, if any. */
function resolve(doc: JsonObject, node: Json | undefined): { node: JsonObject; ref: string | null } {
  let ref: string | null = null;
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    ref = current.$ref;
    current = ref.startsWith('#/')
      ? ref.slice(2).split('/').map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~')).reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), doc)
      : undefined;
  }
  return { node: isObject(current) ? current : {}, ref };
}

/** Lower bounds that may only fall and upper bounds that may only rise in a request. */
const LOWER_BOUNDS = ['minimum', 'minLength', 'minItems'];
const UPPER_BOUNDS = ['maximum', 'maxLength', 'maxItems'];

class Comparison {
  readonly breaks: string[] = [];
  /** The references being compared further up, so a schema that contains itself ends the descent. */
  private readonly descending = new Set<string>();

  constructor(
    private readonly before: JsonObject,
    private readonly after: JsonObject,
  ) {}

  private report(where: string, what: string) {
    this.breaks.push(`${where}: ${what}`);
  }

  schema(where: string, beforeNode: Json | undefined, afterNode: Json | undefined, direction: Direction) {
    const { node: was, ref: wasRef } = resolve(this.before, beforeNode);
    const { node: now, ref: nowRef } = resolve(this.after, afterNode);
    const key = wasRef || nowRef ? `${wasRef} ${nowRef}` : null;
    if (key) {
      if (this.descending.has(key)) return;
      this.descending.add(key);
    }
    this.compareSchemas(where, was, now, direction);
    if (key) this.descending.delete(key);
  }

  private compareSchemas(where: string, was: JsonObject, now: JsonObject, direction: Direction) {

    if (was.type !== undefined && now.type !== was.type) {
      const widenedRequest = direction === 'request' && (now.type === undefined || (was.type === 'integer' && now.type === 'number'));
      // What lies under a changed type is not comparable, and the change itself is the break to name.
      if (!widenedRequest) return this.report(where, `type changed from ${String(was.type)} to ${now.type === undefined ? 'any' : String(now.type)}`);
    }
    if (was.format !== undefined && now.format !== was.format && !(direction === 'request' && now.format === undefined)) {
      this.report(where, `format changed from ${String(was.format)} to ${now.format === undefined ? 'none' : String(now.format)}`);
    }
    if (direction === 'request' && was.nullable === true && now.nullable !== true) this.report(where, 'no longer accepts null');
    if (direction === 'response' && was.nullable !== true && now.nullable === true) this.report(where, 'may now be null');

    const wasEnum = Array.isArray(was.enum) ? was.enum : null;
    const nowEnum = Array.isArray(now.enum) ? now.enum : null;
    if (wasEnum && nowEnum) {
      for (const value of wasEnum) if (!nowEnum.some((candidate) => candidate === value)) this.report(where, `enum value ${JSON.stringify(value)} removed`);
    } else if (!wasEnum && nowEnum && direction === 'request') {
      this.report(where, `now restricted to ${nowEnum.map((value) => JSON.stringify(value)).join(', ')}`);
    }

    if (direction === 'request') {
      for (const bound of LOWER_BOUNDS) {
        if (typeof now[bound] === 'number' && !(typeof was[bound] === 'number' && was[bound] >= now[bound])) this.report(where, `${bound} raised to ${now[bound]}`);
      }
      for (const bound of UPPER_BOUNDS) {
        if (typeof now[bound] === 'number' && !(typeof was[bound] === 'number' && was[bound] <= now[bound])) this.report(where, `${bound} lowered to ${now[bound]}`);
      }
      if (typeof now.pattern === 'string' && now.pattern !== was.pattern) this.report(where, `pattern now ${now.pattern}`);
    }

    const wasProperties = isObject(was.properties) ? was.properties : {};
    const nowProperties = isObject(now.properties) ? now.properties : {};
    const wasRequired = new Set(Array.isArray(was.required) ? was.required : []);
    const nowRequired = new Set(Array.isArray(now.required) ? now.required : []);
    const noun = direction === 'request' ? 'request field' : 'attribute';
    for (const [name, property] of Object.entries(wasProperties)) {
      if (!(name in nowProperties)) {
        this.report(where, `${noun} ${name} removed`);
        continue;
      }
      if (direction === 'response' && wasRequired.has(name) && !nowRequired.has(name)) this.report(where, `attribute ${name} no longer always present`);
      this.schema(`${where}.${name}`, property, nowProperties[name], direction);
    }
    if (direction === 'request') {
      for (const name of nowRequired) if (!wasRequired.has(name)) this.report(where, `request field ${String(name)} is now required`);
    }
    if (was.items !== undefined || now.items !== undefined) this.schema(`${where}[]`, was.items, now.items, direction);
    if (isObject(was.additionalProperties) || isObject(now.additionalProperties)) {
      this.schema(`${where}{}`, was.additionalProperties, now.additionalProperties, direction);
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const wasParts = Array.isArray(was[keyword]) ? was[keyword] : [];
      const nowParts = Array.isArray(now[keyword]) ? now[keyword] : [];
      if (wasParts.length !== nowParts.length) this.report(where, `${keyword} changed from ${wasParts.length} to ${nowParts.length} schemas`);
      else wasParts.forEach((part, index) => this.schema(`${where}(${keyword}[${index}])`, part, nowParts[index], direction));
    }
  }

  private parameters(doc: JsonObject, pathItem: JsonObject, operation: JsonObject): Map<string, JsonObject> {
    const found = new Map<string, JsonObject>();
    for (const list of [pathItem.parameters, operation.parameters]) {
      for (const entry of Array.isArray(list) ? list : []) {
        const parameter = resolve(doc, entry).node;
        found.set(`${String(parameter.in)} parameter ${String(parameter.name)}`, parameter);
      }
    }
    return found;
  }

  private content(where: string, was: JsonObject, now: JsonObject, direction: Direction) {
    const wasContent = isObject(was.content) ? was.content : {};
    const nowContent = isObject(now.content) ? now.content : {};
    for (const [mediaType, media] of Object.entries(wasContent)) {
      const nowMedia = nowContent[mediaType];
      if (!isObject(nowMedia)) this.report(where, `media type ${mediaType} removed`);
      else this.schema(`${where} ${mediaType}`, isObject(media) ? media.schema : undefined, nowMedia.schema, direction);
    }
  }

  operation(label: string, wasItem: JsonObject, wasOperation: JsonObject, nowItem: JsonObject, nowOperation: JsonObject) {
    const wasParameters = this.parameters(this.before, wasItem, wasOperation);
    const nowParameters = this.parameters(this.after, nowItem, nowOperation);
    for (const [name, parameter] of wasParameters) {
      const now = nowParameters.get(name);
      if (!now) this.report(label, `${name} removed`);
      else {
        if (now.required === true && parameter.required !== true) this.report(label, `${name} is now required`);
        this.schema(`${label} ${name}`, parameter.schema, now.schema, 'request');
      }
    }
    for (const [name, parameter] of nowParameters) {
      if (!wasParameters.has(name) && parameter.required === true) this.report(label, `new required ${name}`);
    }

    const wasBody = wasOperation.requestBody === undefined ? null : resolve(this.before, wasOperation.requestBody).node;
    const nowBody = nowOperation.requestBody === undefined ? null : resolve(this.after, nowOperation.requestBody).node;
    if (nowBody?.required === true && wasBody?.required !== true) this.report(label, 'request body is now required');
    if (wasBody && !nowBody) this.report(label, 'request body removed');
    if (wasBody && nowBody) this.content(`${label} request body`, wasBody, nowBody, 'request');

    const wasResponses = isObject(wasOperation.responses) ? wasOperation.responses : {};
    const nowResponses = isObject(nowOperation.responses) ? nowOperation.responses : {};
    for (const [status, response] of Object.entries(wasResponses)) {
      if (!(status in nowResponses)) this.report(label, `response ${status} removed`);
      else this.content(`${label} response ${status}`, resolve(this.before, response).node, resolve(this.after, nowResponses[status]).node, 'response');
    }
  }

  run(): string[] {
    const wasPaths = isObject(this.before.paths) ? this.before.paths : {};
    const nowPaths = isObject(this.after.paths) ? this.after.paths : {};
    for (const [path, item] of Object.entries(wasPaths)) {
      const wasItem = resolve(this.before, item).node;
      if (!(path in nowPaths)) {
        this.report(path, 'path removed');
        continue;
      }
      const nowItem = resolve(this.after, nowPaths[path]).node;
      for (const method of METHODS.filter((candidate) => isObject(wasItem[candidate]))) {
        const label = `${method.toUpperCase()} ${path}`;
        if (!isObject(nowItem[method])) this.report(label, 'operation removed');
        else this.operation(label, wasItem, wasItem[method] as JsonObject, nowItem, nowItem[method] as JsonObject);
      }
    }
    return this.breaks;
  }
}

/** Every change from `published` to `current` that could break a client of `published`; empty when the change only adds. */
export function breakingChanges(published: object, current: object): string[] {
  return new Comparison(published as JsonObject, current as JsonObject).run();
}

const VERSIONS = ['v1', 'v2', 'v3'];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const specs = (name: string) => fileURLToPath(new URL(`../specs/${name}.yaml`, import.meta.url));
  let failed = false;
  for (const version of VERSIONS) {
    const breaks = breakingChanges(parse(readFileSync(specs(`published/${version}`), 'utf8')), parse(readFileSync(specs(version), 'utf8')));
    if (breaks.length === 0) {
      console.log(`specs/${version}.yaml: compatible with specs/published/${version}.yaml`);
      continue;
    }
    failed = true;
    console.error(`specs/${version}.yaml breaks clients of specs/published/${version}.yaml (${breaks.length}):`);
    for (const line of breaks) console.error(`  ${line}`);
  }
  if (failed) {
    console.error('A released version may only gain; put a breaking change in a new version. Intended, for an unreleased version? Publish a new baseline (README, Development).');
    process.exit(1);
  }
}
