import type { ClusterFederatedTrustDomainProps, ClusterSpiffeIdProps, IstioIntegrationProps, SpireProps } from 'cdk8s-spire';

/**
 * One ClusterSPIFFEID that SpireMesh deploys once the SPIRE server is Ready.
 * Every option of `ClusterSpiffeIdProps` except `spire`: the registration is
 * always linked to the mesh's SPIRE, so its className is stamped and its
 * template and TTLs are checked against that installation.
 */
export interface SpireMeshRegistration extends Omit<ClusterSpiffeIdProps, 'spire'> {
  /**
   * Construct id of the ClusterSpiffeId, unique within the mesh. Without
   * `metadata.name` the Kubernetes name derives from it, so renaming it
   * replaces the ClusterSPIFFEID.
   */
  readonly id: string;
}

/**
 * One ClusterFederatedTrustDomain that SpireMesh deploys with the
 * registrations: every option of `ClusterFederatedTrustDomainProps` except
 * `spire` (always the mesh's).
 */
export interface SpireMeshFederatedTrustDomain extends Omit<ClusterFederatedTrustDomainProps, 'spire'> {
  /** Construct id, unique among the mesh's registrations and federations. */
  readonly id: string;
}

/**
 * Istio options of a SpireMesh: every option of `IstioIntegrationProps`
 * except `spire` (always the mesh's). Its sidecar and gateway ClusterSPIFFEIDs
 * are deployed with the registrations; Istio itself is installed by the
 * program from the component's outputs (Helm values or IstioOperator).
 */
export interface SpireMeshIstioArgs extends Omit<IstioIntegrationProps, 'spire'> {}

/**
 * Arguments of a SpireMesh: every option of the cdk8s `Spire` construct, plus
 * the registrations to deploy and whether to protect SPIRE's data.
 *
 * They are plain values, not Pulumi Inputs: the manifests are built and
 * validated while the program constructs the component, so a bad value fails
 * before anything is registered.
 */
export interface SpireMeshArgs extends SpireProps {
  /**
   * ClusterSPIFFEIDs to deploy after the SPIRE server is Ready (the controller
   * manager's admission webhook runs in the server pod).
   *
   * Day two: can change at any time: added, changed and removed ClusterSPIFFEIDs are created,
   * updated and deleted by `pulumi up`, and the controller manager adds or removes the workloads'
   * entries accordingly.
   * @default - none
   */
  readonly registrations?: SpireMeshRegistration[];
  /**
   * ClusterFederatedTrustDomains to deploy with the registrations, e.g. one per
   * trust domain in `istio.federatesWith`.
   *
   * Day two: can change; removing one deletes its ClusterFederatedTrustDomain, and the server stops
   * refreshing that trust domain's bundle.
   * @default - none
   */
  readonly federatedTrustDomains?: SpireMeshFederatedTrustDomain[];
  /**
   * Make SPIRE the identity provider of an Istio mesh: registers sidecar and
   * gateway identities and fills the `istiodHelmValues`, `gatewayHelmValues`
   * and `istioOperator` outputs.
   *
   * Day two: can change; the Istio ClusterSPIFFEIDs follow on `pulumi up`, and the Helm values and
   * IstioOperator outputs change, so the program's Istio releases update too.
   * @default - no Istio integration
   */
  readonly istio?: SpireMeshIstioArgs;
  /**
   * Give the three spire.spiffe.io CRDs and the server StatefulSet the Pulumi
   * options `protect: true` and `retainOnDelete: true`. Deleting a CRD deletes
   * every ClusterSPIFFEID (and so every workload registration); replacing or
   * deleting the StatefulSet puts the datastore volume at risk. With
   * protection, a change that would replace or delete them fails instead, and
   * a deliberate delete (after `pulumi state unprotect`) leaves them in the
   * cluster. Deleting the server namespace still deletes the StatefulSet and
   * its volume claim: with `createNamespaces` (the default) that namespace is
   * a SpireMesh object too, so keep it out of a delete you mean to survive.
   *
   * Set false for throwaway clusters. SpireMesh then sets neither option, so a
   * `protect: true` on the component itself (which Pulumi passes to every
   * child) still applies.
   *
   * Day two: can change; only the Pulumi state's protect and retainOnDelete flags change, nothing
   * in the cluster.
   * @default true
   */
  readonly protectData?: boolean;
}
