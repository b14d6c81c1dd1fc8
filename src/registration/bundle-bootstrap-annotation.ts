/**
 * Annotation on a ClusterFederatedTrustDomain whose first bundle the operator
 * loads with `spire-server bundle set`. Written by ClusterFederatedTrustDomain,
 * read by the identity plan; no imports, so pure code may use it.
 */
export const BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION = 'spire.cdk8s.io/bundle-loaded-out-of-band';
