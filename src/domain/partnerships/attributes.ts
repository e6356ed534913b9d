// Request attributes read the way Rails strong parameters read them: a scalar is its string form,
// blank or `false` counts as absent, and anything structured (an object, a list) is absent.

export type Attributes = Record<string, unknown>;

export function scalarAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (value === true) return 'true';
  return undefined;
}
