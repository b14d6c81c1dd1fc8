import { describeChar, firstBadChar } from './describe';

/** Longest trust domain the SPIFFE-ID spec allows, in bytes. */
export const MAX_TRUST_DOMAIN_BYTES = 255;

const RULE = `(SPIFFE-ID spec: a trust domain uses only [a-z0-9._-] and at most ${MAX_TRUST_DOMAIN_BYTES} bytes)`;
const VALID = /^[a-z0-9._-]+$/;

/**
 * Why `value` is not a valid SPIFFE trust domain, or undefined when it is.
 *
 * The result completes the sentence `<property> "<value>" <problem>.`
 */
export function trustDomainProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${RULE}`;

  // People paste a whole ID or URL; name the part they should keep.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  if (scheme) {
    const host = hostOf(value.slice(scheme[0].length)).toLowerCase();
    const use = VALID.test(host) && Buffer.byteLength(host) <= MAX_TRUST_DOMAIN_BYTES ? ` and use "${host}"` : '';
    return `is a URL, not a trust domain; drop the "${scheme[1]}://" scheme${use} ${RULE}`;
  }

  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_TRUST_DOMAIN_BYTES) return `is ${bytes} bytes long, more than ${MAX_TRUST_DOMAIN_BYTES} ${RULE}`;

  if (value.includes('@')) {
    return `contains "@" (user info), which a trust domain cannot have${suggest(value.slice(value.lastIndexOf('@') + 1))} ${RULE}`;
  }
  if (value.includes('/')) {
    return `contains "/" (a path), which a trust domain cannot have${suggest(value.slice(0, value.indexOf('/')))} ${RULE}`;
  }
  if (value.includes(':')) {
    return `contains ":" (a port), which a trust domain cannot have${suggest(value.slice(0, value.indexOf(':')))} ${RULE}`;
  }
  if (/[A-Z]/.test(value)) return `must be lowercase${suggest(value.toLowerCase())} ${RULE}`;

  const bad = firstBadChar(value, 'a-z0-9._-');
  if (bad !== undefined) return `contains ${describeChar(bad)}, which a trust domain cannot have ${RULE}`;
  return undefined;
}

/** The host of `rest` (what follows `scheme://`): no user info, port or path. */
function hostOf(rest: string): string {
  let host = rest;
  const slash = host.search(/[/?#]/);
  if (slash >= 0) host = host.slice(0, slash);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  const colon = host.indexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  return host;
}

/** `; use "<candidate>"` when the candidate is itself a valid trust domain. */
function suggest(candidate: string): string {
  const lower = candidate.toLowerCase();
  return VALID.test(lower) && Buffer.byteLength(lower) <= MAX_TRUST_DOMAIN_BYTES ? `; use "${lower}"` : '';
}
