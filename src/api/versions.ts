import { API_VERSIONS, specDocument, type ApiVersion } from './specs.ts';

// The lifecycle of each API version, and of the deprecated parts of a version that is still
// served. The service promises providers that deprecations are announced in a `Warning` header,
// and that when a version ships only the previous one stays supported (v1 excepted); a deployment
// sets each version's state with API_VERSION_LIFECYCLE.

export type VersionState = 'current' | 'supported' | 'deprecated' | 'retired';

export interface VersionLifecycle {
  state: VersionState;
  /** When the deprecation was announced (deprecated versions only). */
  deprecatedSince: Date | null;
  /** When the version stops answering (deprecated versions only). */
  sunset: Date | null;
}

export type Lifecycles = Record<ApiVersion, VersionLifecycle>;

const served = (state: 'current' | 'supported'): VersionLifecycle => ({ state, deprecatedSince: null, sunset: null });

export const DEFAULT_LIFECYCLES: Lifecycles = { v1: served('supported'), v2: served('supported'), v3: served('current') };

/**
 * The deprecated operations and attributes inside a served version (v1's older action paths and
 * its `eligible_for_payment`/`voided` attributes): announced with this release, to be withdrawn
 * at the end of the 2026/27 academic year unless the version itself is retired sooner.
 */
export const PART_DEPRECATED_SINCE = new Date('2026-12-03T00:00:00Z');
export const PART_SUNSET = new Date('2027-07-31T00:00:00Z');

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateOf(text: string | undefined, what: string): Date {
  const date = text && DATE.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime())) throw new Error(`${what} must be a YYYY-MM-DD date`);
  return date;
}

/**
 * Reads API_VERSION_LIFECYCLE: comma-separated `vN=state` entries, where a deprecated version
 * gives the date it was announced and its sunset: `v1=deprecated:2026-12-01:2027-06-30,v2=retired`.
 * Versions not named keep their default. Throws a readable Error on anything else.
 */
export function parseLifecycles(text: string | undefined): Lifecycles {
  const lifecycles: Lifecycles = structuredClone(DEFAULT_LIFECYCLES);
  for (const entry of (text ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [version, value = ''] = entry.split('=');
    if (!API_VERSIONS.includes(version as ApiVersion)) throw new Error(`API_VERSION_LIFECYCLE: unknown version "${version}" (use ${API_VERSIONS.join(', ')})`);
    const [state, since, sunset] = value.split(':');
    if (state === 'current' || state === 'supported' || state === 'retired') {
      lifecycles[version as ApiVersion] = { state, deprecatedSince: null, sunset: null };
    } else if (state === 'deprecated') {
      const lifecycle = {
        state,
        deprecatedSince: dateOf(since, `API_VERSION_LIFECYCLE: ${version}'s deprecation date`),
        sunset: dateOf(sunset, `API_VERSION_LIFECYCLE: ${version}'s sunset date`),
      } as const;
      if (lifecycle.sunset <= lifecycle.deprecatedSince) throw new Error(`API_VERSION_LIFECYCLE: ${version}'s sunset must come after its deprecation`);
      lifecycles[version as ApiVersion] = lifecycle;
    } else {
      throw new Error(`API_VERSION_LIFECYCLE: "${entry}" must be vN=current, vN=supported, vN=retired or vN=deprecated:<since>:<sunset>`);
    }
  }
  if (API_VERSIONS.every((version) => lifecycles[version].state === 'retired')) throw new Error('API_VERSION_LIFECYCLE: at least one version must stay served');
  return lifecycles;
}

export function servedVersions(lifecycles: Lifecycles): ApiVersion[] {
  return API_VERSIONS.filter((version) => lifecycles[version].state !== 'retired');
}

/** What one response announces: the sentences for `Warning`, and the dates for `Deprecation` and `Sunset`. */
export interface Deprecation {
  warnings: string[];
  since: Date;
  sunset: Date;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Names of deprecated attributes reachable from a schema (local `$ref`s followed once each). */
function deprecatedAttributes(doc: JsonObject, schema: Json, seen = new Set<string>()): string[] {
  if (!schema || typeof schema !== 'object') return [];
  if (Array.isArray(schema)) return schema.flatMap((item) => deprecatedAttributes(doc, item, seen));
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref) || !ref.startsWith('#/')) return [];
    seen.add(ref);
    const target = ref.slice(2).split('/').reduce<Json>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? node[key] ?? null : null), doc);
    return deprecatedAttributes(doc, target, seen);
  }
  const found: string[] = [];
  const properties = schema.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      if (property && typeof property === 'object' && !Array.isArray(property) && property.deprecated === true) found.push(name);
    }
  }
  for (const [key, value] of Object.entries(schema)) if (key !== 'properties') found.push(...deprecatedAttributes(doc, value, seen));
  if (properties && typeof properties === 'object') found.push(...deprecatedAttributes(doc, Object.values(properties as JsonObject), seen));
  return [...new Set(found)];
}

/**
 * Per operation of a version's spec, what its responses announce: the version's own deprecation,
 * the operation's (`deprecated: true`), and the deprecated attributes its success bodies carry.
 * Operations with nothing to announce are absent.
 */
export function deprecationsOf(version: ApiVersion, lifecycle: VersionLifecycle, versions: ApiVersion[]): Map<string, Deprecation> {
  const doc = specDocument(version);
  const result = new Map<string, Deprecation>();
  const others = versions.filter((other) => other !== version);
  for (const [path, item] of Object.entries((doc.paths ?? {}) as JsonObject)) {
    for (const operation of Object.values((item ?? {}) as JsonObject)) {
      if (!operation || typeof operation !== 'object' || Array.isArray(operation) || typeof operation.operationId !== 'string') continue;
      const warnings: string[] = [];
      let since: Date | null = null;
      let sunset: Date | null = null;
      if (lifecycle.state === 'deprecated') {
        warnings.push(`API ${version} is deprecated and will be retired on ${lifecycle.sunset!.toISOString().slice(0, 10)}; move to ${others.join(' or ')}`);
        since = lifecycle.deprecatedSince;
        sunset = lifecycle.sunset;
      }
      const successBodies = Object.entries((operation.responses ?? {}) as JsonObject).filter(([status]) => status.startsWith('2')).map(([, response]) => response);
      const attributes = deprecatedAttributes(doc, successBodies);
      const parts: string[] = [];
      if (operation.deprecated === true) parts.push(`${operation.operationId} (${path}) is deprecated; see its description for the replacement`);
      if (attributes.length) parts.push(`the attributes ${attributes.join(', ')} are deprecated and will be removed`);
      if (parts.length) {
        warnings.push(...parts);
        since = since && since < PART_DEPRECATED_SINCE ? since : PART_DEPRECATED_SINCE;
        sunset = sunset && sunset < PART_SUNSET ? sunset : PART_SUNSET;
      }
      if (warnings.length) result.set(operation.operationId, { warnings, since: since!, sunset: sunset! });
    }
  }
  return result;
}

/** The response headers that announce a deprecation (RFC 7234 Warning, RFC 9745 Deprecation, RFC 8594 Sunset). */
export function deprecationHeaders(deprecation: Deprecation, docsPath: string): Record<string, string> {
  return {
    warning: deprecation.warnings.map((text) => `299 - "${text.replaceAll('"', "'")}"`).join(', '),
    deprecation: `@${Math.floor(deprecation.since.getTime() / 1000)}`,
    sunset: deprecation.sunset.toUTCString(),
    link: `<${docsPath}>; rel="deprecation"; type="text/html"`,
  };
}
