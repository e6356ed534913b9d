// Request attributes read the way Rails strong parameters read them (the DfE service's behaviour):
// `data.attributes` when it is an object, else nothing; a scalar counts as its string form, a blank
// string or `false` as absent, anything structured (an object, a list) as absent.

export type Attributes = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data.attributes` of a request body, or `{}`. */
export function requestAttributes(body: unknown): Attributes {
  const data = isObject(body) ? body.data : undefined;
  return isObject(data) && isObject(data.attributes) ? data.attributes : {};
}

export function scalarAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (value === true) return 'true';
  return undefined;
}
