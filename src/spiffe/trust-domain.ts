/** Longest trust domain the SPIFFE-ID spec allows, in bytes. */
export const MAX_TRUST_DOMAIN_BYTES = 255;

/**
 * Why `value` is not a valid SPIFFE trust domain, or undefined when it is.
 */
export function trustDomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (Buffer.byteLength(value) > MAX_TRUST_DOMAIN_BYTES) return `is longer than ${MAX_TRUST_DOMAIN_BYTES} bytes`;
  if (/[A-Z]/.test(value)) return 'must be lowercase';
  if (!/^[a-z0-9._-]+$/.test(value)) return 'may only contain [a-z0-9._-]';
  return undefined;
}
