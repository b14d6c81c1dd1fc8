/**
 * SDS resource names the agent serves to Envoy (`sds { ... }` in agent.conf).
 *
 * SPIRE's defaults (`default`, `ROOTCA`, `ALL`) already match what Istio asks
 * for without federation; with federation Istio wants `default_bundle_name`
 * `"null"` and `default_all_bundles_name` `ROOTCA` (IstioIntegration sets these).
 */
export interface AgentSdsOptions {
  /**
   * Resource name of the workload's own X.509 SVID.
   * @default 'default'
   */
  readonly defaultSvidName?: string;
  /**
   * Resource name of the trust domain's own bundle.
   * @default 'ROOTCA'
   */
  readonly defaultBundleName?: string;
  /**
   * Resource name of all bundles (own plus federated). Must differ from
   * `defaultBundleName`, or SPIRE ignores it.
   * @default 'ALL'
   */
  readonly defaultAllBundlesName?: string;
  /**
   * Let Envoy skip SPIFFE-specific certificate validation.
   * @default false
   */
  readonly disableSpiffeCertValidation?: boolean;
}
