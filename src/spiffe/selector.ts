const RULE = '(SPIRE: a selector is <type>:<value> with both parts non-empty, e.g. k8s:ns:default or k8s:pod-label:app:web)';

/**
 * Why `value` is not a SPIRE selector `type:value`, or undefined when it is. The value part may
 * itself contain ":" (`k8s:pod-label:app:web` has type `k8s`).
 */
export function selectorProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${RULE}`;
  const trimmed = value.trim();
  // SPIRE compares selectors byte for byte, so stray spaces make a selector that never matches.
  if (trimmed !== value) return `has leading or trailing whitespace; use "${trimmed}" ${RULE}`;
  const colon = value.indexOf(':');
  if (colon < 0) return `has no ":" between type and value ${RULE}`;
  if (colon === 0) return `has an empty type before ":" ${RULE}`;
  if (colon === value.length - 1) return `has an empty value after "${value}" ${RULE}`;
  return undefined;
}
