// What SPIRE server 1.15 refuses when the controller manager creates an entry, so the entry never
// exists although the controller rendered it (issue 16, classes 5 and 7). Each check names whose
// rule it is:
//   - spiffe/spire pkg/server/api/entry.go ProtoToRegistrationEntryWithMask: parent ID a member of
//     the trust domain with a path (TrustDomainMemberIDFromProto), SPIFFE ID a workload ID
//     (TrustDomainWorkloadIDFromProto: a path, not under /spire), DNS names through
//     pkg/common/x509util/dns.go ValidateLabel, federatesWith trust domains, selectors with a type
//     and a value, a hint of at most 1024 characters;
//   - pkg/server/datastore/sqlstore validateRegistrationEntry: TTLs not negative;
//   - sqlstore createRegistrationEntry: each federatesWith trust domain has a bundle
//     ("unable to find federated bundle").
// These are SPIRE's checks, not RFC 1123's: SPIRE accepts `_` and other ASCII in DNS names.

import { domainToASCII, domainToUnicode } from 'url';

const DNS_SOURCE = 'SPIRE server: pkg/common/x509util/dns.go ValidateLabel';
const MAX_LABEL = 63;
const MAX_NAME = 253;

/**
 * Why SPIRE's x509util.ValidateLabel refuses `name` as an entry DNS name, or undefined. It
 * requires ASCII, at most one `*` and only as a leading `*.`, no trailing dot, and then, after
 * trimming spaces and lowering case, what golang.org/x/net/idna ToASCII accepts with
 * StrictDomainName(false) (so no STD3 character rule: `_` is fine), ValidateLabels,
 * VerifyDNSLength (labels 1-63 bytes, at most 253 in all), CheckHyphens (no label starting or
 * ending with "-", no "--" in positions 3-4 outside an `xn--` label) and CheckJoiners, with the
 * result equal to its input.
 */
export function spireDnsNameProblem(name: string): string | undefined {
  const refuse = (why: string) => `${why} (${DNS_SOURCE})`;
  if (/[^\x00-\x7f]/.test(name)) return refuse('is not ASCII ("name must be ascii"); use the punycode (xn--) form');
  const stars = name.split('*').length - 1;
  let domain = name;
  if (stars > 1) return refuse('has more than one "*" ("too many wildcards")');
  if (stars === 1) {
    if (!name.startsWith('*.')) return refuse('has a "*" that is not a leading "*." label ("wildcard must be first label")');
    domain = name.slice(2);
  }
  domain = domain.trim();
  if (domain === '') return refuse('is empty ("empty or only whitespace")');
  if (domain.endsWith('.')) return refuse('ends with "." ("domain ends with dot")');
  domain = domain.toLowerCase();
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') return refuse('has an empty label (idna: invalid label)');
    if (label.length > MAX_LABEL) return refuse(`has a label of ${label.length} characters, more than ${MAX_LABEL} (idna: invalid label)`);
    if (label.startsWith('-') || label.endsWith('-')) return refuse(`has the label "${label}", which starts or ends with "-" (idna CheckHyphens)`);
    if (label.startsWith('xn--')) {
      // A punycode label must decode, and encode back to itself (the "defensive check").
      const unicode = domainToUnicode(label);
      if (!unicode || unicode === label || domainToASCII(unicode) !== label) return refuse(`has the label "${label}", which is not valid punycode (idna)`);
    } else if (label.length > 4 && label[2] === '-' && label[3] === '-') {
      return refuse(`has the label "${label}", with "--" in positions 3 and 4 (idna CheckHyphens)`);
    }
  }
  if (domain.length > MAX_NAME) return refuse(`is ${domain.length} characters long, more than ${MAX_NAME} (idna VerifyDNSLength)`);
  return undefined;
}

/** SPIRE's hint limit (pkg/server/api/entry.go hintMaximumLength). */
export const HINT_MAXIMUM_LENGTH = 1024;
