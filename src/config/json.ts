/**
 * JSON with keys sorted at every level, so the same model always renders the
 * same bytes: config hashes stay stable and diffs stay readable.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), undefined, 2) + '\n';
}

/** A deep copy of `value` whose object keys are in ascending order; undefined values are dropped. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) result[key] = sortKeys(item);
  }
  return result;
}
