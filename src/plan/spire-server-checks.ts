// What SPIRE server 1.15 refuses when the controller manager creates an entry, so the entry never
// exists although the controller rendered it (issue 16, classes 5 and 7). Each check names whose
// rule it is:
//   - spiffe/spire pkg/server/api/entry.go ProtoToRegistrationEntryWithMask: parent ID a member of
//     the trust domain with a path (TrustDomainMemberIDFromProto), SPIFFE ID a workload ID
//     (TrustDomainWorkloadIDFromProto: a path, not under /spire), DNS names through
//     pkg/common/x509util/dns.go ValidateLabel (src/spiffe/dns-name.ts, the check the constructs
//     make too), federatesWith trust domains, selectors with a type
//     and a value, a hint of at most 1024 characters;
//   - pkg/server/datastore/sqlstore validateRegistrationEntry: TTLs not negative;
//   - sqlstore createRegistrationEntry: each federatesWith trust domain has a bundle
//     ("unable to find federated bundle").
// These are SPIRE's checks, not RFC 1123's: SPIRE accepts `_` and other ASCII in DNS names.

/** SPIRE's hint limit (pkg/server/api/entry.go hintMaximumLength), shared with the constructs. */
export { HINT_MAXIMUM_LENGTH } from '../spiffe/entry-hint';
