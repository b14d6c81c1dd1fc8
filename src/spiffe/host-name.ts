// A host name that clients reach over HTTPS (the OIDC discovery provider's domains, a federation
// bundle endpoint's host): RFC 1123 labels, as TLS certificates and Ingress hosts need them. This
// is not the rule for the DNS names of SPIRE entries, which is SPIRE's own (dns-name.ts).

import { describeChar, excerpt, firstBadChar } from './describe';

const MAX_NAME = 253;
const MAX_LABEL = 63;
const RULE = `(RFC 1123 host name: ASCII labels of [A-Za-z0-9-] that do not start or end with "-", 1-${MAX_LABEL} characters each, `
  + `at most ${MAX_NAME} in total, no trailing dot, and a wildcard only as the whole first label, e.g. *.example.org)`;

/** Why `value` cannot be a host name clients reach over HTTPS, or undefined when it can. */
export function hostNameProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${RULE}`;
  if (value === '*') return `is a bare wildcard; add the domain it covers, e.g. "*.example.org" ${RULE}`;
  if (value.endsWith('.')) return `ends with "."; use "${value.replace(/\.+$/, '')}" ${RULE}`;
  if (value.length > MAX_NAME) return `is ${value.length} characters long, more than ${MAX_NAME} ${RULE}`;
  if (value.startsWith('.')) return `starts with "." ${RULE}`;
  // Certificates and Ingress hosts take the ASCII (punycode) form, not Unicode.
  if (/[^\x00-\x7f]/.test(value)) return `contains non-ASCII characters; use the punycode ("xn--") form of the name ${RULE}`;

  const labels = value.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.length === 0) return `has an empty label ("..") ${RULE}`;
    if (label === '*') {
      if (i > 0) return `has a wildcard label "*" that is not the first label ${RULE}`;
      continue;
    }
    if (label.includes('*')) return `has "*" inside the label "${excerpt(label)}"; a wildcard must be the whole first label ${RULE}`;
    if (label.length > MAX_LABEL) return `has the label "${excerpt(label)}", which is ${label.length} characters long, more than ${MAX_LABEL} ${RULE}`;
    const bad = firstBadChar(label, 'A-Za-z0-9-');
    if (bad !== undefined) return `contains ${describeChar(bad)}, which a host name cannot have ${RULE}`;
    if (label.startsWith('-') || label.endsWith('-')) return `has the label "${label}", which starts or ends with "-" ${RULE}`;
  }
  return undefined;
}
