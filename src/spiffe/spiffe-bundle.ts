import { createPublicKey, X509Certificate } from 'crypto';

// The rules go-spiffe applies when SPIRE and the controller manager read a
// SPIFFE bundle (spiffe/go-spiffe v2/bundle/spiffebundle/bundle.go `Parse`,
// keys decoded by go-jose's JSONWebKey): the document is JSON with a `keys`
// array; an `x509-svid` key carries exactly one certificate in `x5c`, whose
// public key is the key's own; a `jwt-svid` key has a non-empty `kid`; keys of
// any other `use` are skipped.

const RULE = '(go-spiffe spiffebundle.Parse: JSON with a "keys" array; each x509-svid key has exactly one x5c certificate matching the key; each jwt-svid key has a kid)';

/** What `spiffeBundleProblem` requires of a bundle beyond parsing. */
export interface SpiffeBundleOptions {
  /**
   * The trust domain the bundle belongs to: a certificate whose SPIFFE URI SAN
   * names another trust domain is reported (a pasted bundle of the wrong side).
   * @default - not checked
   */
  readonly trustDomain?: string;
  /**
   * The bundle must hold at least one X.509 authority, as it must when it
   * bootstraps trust in an https_spiffe bundle endpoint.
   * @default false
   */
  readonly requireX509Authority?: boolean;
}

interface Jwk {
  readonly use?: unknown;
  readonly kid?: unknown;
  readonly x5c?: unknown;
  readonly [field: string]: unknown;
}

/**
 * Why `text` is not a SPIFFE bundle go-spiffe would accept, or undefined when
 * it is. Certificates and keys are decoded with Node's own X.509 and JWK parsers.
 */
export function spiffeBundleProblem(text: string, options: SpiffeBundleOptions = {}): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `is not JSON (${(e as Error).message}) ${RULE}`;
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Array.isArray(keys)) {
    return `has no "keys" array ${RULE}`;
  }
  let x509Authorities = 0;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as Jwk;
    if (typeof key !== 'object' || key === null) return `has keys[${index}] that is not a JSON object ${RULE}`;
    if (key.use === 'x509-svid') {
      const problem = x509KeyProblem(key, options.trustDomain);
      if (problem) return `has keys[${index}] (x509-svid) that ${problem} ${RULE}`;
      x509Authorities++;
    } else if (key.use === 'jwt-svid') {
      if (typeof key.kid !== 'string' || key.kid.length === 0) return `has keys[${index}] (jwt-svid) without a kid ${RULE}`;
      const problem = publicKeyProblem(key);
      if (problem) return `has keys[${index}] (jwt-svid) that ${problem} ${RULE}`;
    }
  }
  if (options.requireX509Authority && x509Authorities === 0) {
    return 'holds no x509-svid authority, so it cannot authenticate the foreign server\'s bundle endpoint (https_spiffe checks the endpoint\'s X.509 SVID against it)';
  }
  return undefined;
}

function x509KeyProblem(key: Jwk, trustDomain: string | undefined): string | undefined {
  if (!Array.isArray(key.x5c) || key.x5c.length !== 1) {
    return `has ${Array.isArray(key.x5c) ? key.x5c.length : 'no'} x5c certificates instead of exactly one`;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(String(key.x5c[0]), 'base64'));
  } catch (e) {
    return `has an x5c entry that is not a base64 DER certificate (${(e as Error).message})`;
  }
  const problem = publicKeyProblem(key);
  if (problem) return problem;
  const own = certificate.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const fields = own.kty === 'RSA' ? ['kty', 'n', 'e'] : ['kty', 'crv', 'x', 'y'];
  if (fields.some(field => own[field] !== key[field])) return 'has a public key that differs from its x5c certificate\'s';
  const foreign = spiffeTrustDomainsOf(certificate).find(td => trustDomain !== undefined && td !== trustDomain);
  if (foreign) return `has a certificate for trust domain "${foreign}", not "${trustDomain}" (is it the other side's bundle?)`;
  return undefined;
}

function publicKeyProblem(key: Jwk): string | undefined {
  const jwk: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(key)) {
    if (!['use', 'kid', 'x5c', 'alg', 'key_ops'].includes(field)) jwk[field] = value;
  }
  try {
    createPublicKey({ key: jwk as any, format: 'jwk' });
    return undefined;
  } catch (e) {
    return `is not a valid public JWK (${(e as Error).message})`;
  }
}

/** Trust domains named by the certificate's `spiffe://` URI SANs. */
function spiffeTrustDomainsOf(certificate: X509Certificate): string[] {
  const names = certificate.subjectAltName ?? '';
  return [...names.matchAll(/URI:spiffe:\/\/([^/,\s]+)/g)].map(match => match[1].toLowerCase());
}
