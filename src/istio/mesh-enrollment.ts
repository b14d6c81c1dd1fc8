/**
 * Which injected pods get their identity from SPIRE.
 *
 * A pod Istio injects without the SPIRE template keeps Istio's own identity,
 * signed by istiod's CA, which pods with SPIRE identities do not trust (and
 * the reverse), so mTLS between the two groups fails.
 */
export enum MeshEnrollment {
  /**
   * Every pod Istio injects gets the SPIRE template (it is in the injector's
   * `defaultTemplates`), its label and so its SPIRE identity.
   */
  ALL_INJECTED = 'all-injected',
  /**
   * Only pods that ask for the template (`inject.istio.io/templates:
   * sidecar,<templateName>`, see `IstioIntegration.enroll`) get SPIRE
   * identities. The app's own workloads that share a namespace with an
   * enrolled one must be enrolled too or opt out of injection.
   */
  OPT_IN = 'opt-in',
}
