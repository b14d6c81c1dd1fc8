// Names of the spire-controller-manager API. The CRDs, the registration
// constructs and the controller-manager RBAC all derive from these, so a
// typo cannot make them disagree.

/** API group of the spire-controller-manager custom resources. */
export const SPIRE_GROUP = 'spire.spiffe.io';

/** The single version the spire.spiffe.io CRDs serve and store. */
export const SPIRE_VERSION = 'v1alpha1';

/** `apiVersion` of every spire.spiffe.io custom resource. */
export const SPIRE_API_VERSION = 'spire.spiffe.io/v1alpha1';

/** Kind that registers a SPIFFE ID for the pods it selects. */
export const CLUSTER_SPIFFE_ID_KIND = 'ClusterSPIFFEID';
/** Resource (plural) name of ClusterSPIFFEID, as used in RBAC rules and URLs. */
export const CLUSTER_SPIFFE_ID_PLURAL = 'clusterspiffeids';

/** Kind that declares a federation relationship with another trust domain. */
export const CLUSTER_FEDERATED_TRUST_DOMAIN_KIND = 'ClusterFederatedTrustDomain';
/** Resource (plural) name of ClusterFederatedTrustDomain. */
export const CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL = 'clusterfederatedtrustdomains';

/** Kind that declares one fixed SPIRE registration entry. */
export const CLUSTER_STATIC_ENTRY_KIND = 'ClusterStaticEntry';
/** Resource (plural) name of ClusterStaticEntry. */
export const CLUSTER_STATIC_ENTRY_PLURAL = 'clusterstaticentries';
