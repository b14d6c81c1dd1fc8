import { describeChar, firstBadChar } from './describe';
import { trustDomainProblem } from './trust-domain';

/** Longest SPIFFE ID the SPIFFE-ID spec lets implementations generate, in bytes. go-spiffe does not enforce it, so we do. */
export const MAX_SPIFFE_ID_BYTES = 2048;

const SCHEME = 'spiffe://';
const RULE = `(SPIFFE-ID spec: spiffe://<trust domain>[/<path>], no user info, port, query or fragment, at most ${MAX_SPIFFE_ID_BYTES} bytes)`;
const PATH_RULE = '(SPIFFE-ID spec: the path is "/"-separated segments of [A-Za-z0-9._-], with no empty, "." or ".." segment and no trailing "/")';
const SEGMENT_RULE = '(SPIFFE-ID spec: a path segment uses only [A-Za-z0-9._-] and is not "." or "..")';
const WORKLOAD_RULE = '(SPIRE: a workload ID needs a non-empty path outside /spire, which is reserved for SPIRE agents and servers)';
const SEGMENT_CHAR = 'A-Za-z0-9._-';

/** A SPIFFE ID split into its trust domain and path (`''` or starting with `/`). */
export interface SpiffeIdParts {
  /** The trust domain (the URI authority). */
  readonly trustDomain: string;
  /** The path, empty or starting with `/`. */
  readonly path: string;
}

/** What `spiffeIdProblem` checks beyond the SPIFFE-ID spec. */
export interface SpiffeIdOptions {
  /**
   * The ID names a workload registered in SPIRE: it needs a path, and the path may not be under `/spire`.
   * @default false
   */
  readonly workload?: boolean;
  /**
   * The trust domain of the SPIRE server that issues the ID; the ID must be in it.
   * @default - any trust domain
   */
  readonly trustDomain?: string;
}

/**
 * Splits `spiffe://<trust domain>[/<path>]` into its parts, or returns undefined when `value`
 * does not have that structure. It does not validate the parts: use `spiffeIdProblem` for that.
 */
export function parseSpiffeId(value: string): SpiffeIdParts | undefined {
  if (!value.startsWith(SCHEME)) return undefined;
  const rest = value.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash < 0 ? rest : rest.slice(0, slash);
  if (trustDomain.length === 0) return undefined;
  return { trustDomain, path: slash < 0 ? '' : rest.slice(slash) };
}

/**
 * Why `value` is not a valid SPIFFE ID (SPIFFE-ID spec, plus SPIRE's rules when `options` ask
 * for them), or undefined when it is.
 */
export function spiffeIdProblem(value: string, options: SpiffeIdOptions = {}): string | undefined {
  if (value.length === 0) return `must not be empty ${RULE}`;
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_SPIFFE_ID_BYTES) return `is ${bytes} bytes long, more than ${MAX_SPIFFE_ID_BYTES} ${RULE}`;

  const schemeProblem = schemeProblemOf(value);
  if (schemeProblem) return schemeProblem;

  // These characters are forbidden anywhere, so report them before splitting.
  if (value.includes('?')) return `has a query ("?..."), which a SPIFFE ID cannot have ${RULE}`;
  if (value.includes('#')) return `has a fragment ("#..."), which a SPIFFE ID cannot have ${RULE}`;
  if (value.includes('%')) return `contains percent-encoding ("%"), which a SPIFFE ID cannot use ${RULE}`;

  const { trustDomain, path } = split(value);
  if (trustDomain.length === 0) return `has an empty trust domain after "spiffe://" ${RULE}`;
  if (trustDomain.includes('@')) return `has user info ("${trustDomain.slice(0, trustDomain.lastIndexOf('@') + 1)}") before its trust domain, which a SPIFFE ID cannot have ${RULE}`;
  if (trustDomain.includes(':')) return `has a port ("${trustDomain.slice(trustDomain.indexOf(':'))}") after its trust domain, which a SPIFFE ID cannot have ${RULE}`;
  const tdProblem = trustDomainProblem(trustDomain);
  if (tdProblem) return `has the trust domain "${trustDomain}", which ${tdProblem}`;

  const pathProblem = pathProblemOf(trustDomain, path);
  if (pathProblem) return pathProblem;

  if (options.trustDomain !== undefined && trustDomain !== options.trustDomain) {
    return `is in trust domain "${trustDomain}", not "${options.trustDomain}"; use "spiffe://${options.trustDomain}${path}" `
      + '(SPIRE only issues IDs in its own trust domain)';
  }
  if (options.workload) {
    if (path.length === 0) return `has no path, but a workload ID needs one, such as "spiffe://${trustDomain}/ns/default/sa/default" ${WORKLOAD_RULE}`;
    if (path === '/spire' || path.startsWith('/spire/')) return `is under /spire, which SPIRE reserves for its agents and servers ${WORKLOAD_RULE}`;
  }
  return undefined;
}

/**
 * Why `value` cannot be one SPIFFE ID path segment, or undefined when it can. Used for the
 * Kubernetes cluster name, which SPIRE puts into agent IDs (`/spire/agent/k8s_psat/<cluster>/...`).
 */
export function pathSegmentProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${SEGMENT_RULE}`;
  if (value === '.' || value === '..') return `must not be "." or ".." ${SEGMENT_RULE}`;
  if (value.includes('/')) return `contains "/", which would split it into more than one path segment ${SEGMENT_RULE}`;
  const bad = firstBadChar(value, SEGMENT_CHAR);
  if (bad !== undefined) return `contains ${describeChar(bad)}, which a SPIFFE ID path segment cannot have ${SEGMENT_RULE}`;
  return undefined;
}

function split(value: string): SpiffeIdParts {
  const rest = value.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? { trustDomain: rest, path: '' } : { trustDomain: rest.slice(0, slash), path: rest.slice(slash) };
}

function schemeProblemOf(value: string): string | undefined {
  if (value.startsWith(SCHEME)) return undefined;
  if (value.toLowerCase().startsWith(SCHEME)) {
    return `must start with the lowercase scheme "spiffe://"; use "${SCHEME}${value.slice(SCHEME.length)}" ${RULE}`;
  }
  const other = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/.exec(value);
  if (other) return `must start with "spiffe://", not "${other[0]}" ${RULE}`;
  // A bare "example.org/ns/x": offer the ID they probably meant.
  const candidate = SCHEME + value;
  const use = spiffeIdProblem(candidate) === undefined ? `; use "${candidate}"` : '';
  return `must start with "spiffe://"${use} ${RULE}`;
}

function pathProblemOf(trustDomain: string, path: string): string | undefined {
  if (path.length === 0) return undefined;
  if (path.endsWith('/')) {
    return `ends with "/"; use "spiffe://${trustDomain}${path.replace(/\/+$/, '')}" ${PATH_RULE}`;
  }
  const segments = path.slice(1).split('/');
  for (const segment of segments) {
    if (segment.length === 0) return `has an empty path segment ("//") ${PATH_RULE}`;
    if (segment === '.' || segment === '..') return `has a "${segment}" path segment ${PATH_RULE}`;
    const bad = firstBadChar(segment, SEGMENT_CHAR);
    if (bad !== undefined) return `contains ${describeChar(bad)} in the path segment "${segment}" ${PATH_RULE}`;
  }
  return undefined;
}
