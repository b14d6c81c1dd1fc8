import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterFederatedTrustDomainCrd } from './cluster-federated-trust-domain-crd';
import { clusterSpiffeIdCrd } from './cluster-spiffe-id-crd';
import { clusterStaticEntryCrd } from './cluster-static-entry-crd';

/**
 * Options for {@link SpireCrds}.
 */
export interface SpireCrdsProps {
  /**
   * Labels added to the metadata of all three CustomResourceDefinitions, next to
   * `app.kubernetes.io/part-of: spire`. A key given here replaces the built-in
   * value for that key.
   *
   * @default - no extra labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * The three CustomResourceDefinitions of spire-controller-manager, in the
 * `spire.spiffe.io` group at version `v1alpha1`: ClusterSPIFFEID,
 * ClusterFederatedTrustDomain and ClusterStaticEntry. All are cluster-scoped
 * and have a status subresource.
 *
 * The schemas are written for this library and are structurally equal to the
 * ones spire-controller-manager publishes, so the API server accepts and prunes
 * exactly the same fields.
 *
 * Put this construct in its own chart and make the chart that holds the SPIRE
 * server depend on it (`serverChart.addDependency(crdsChart)`), so the CRDs are
 * applied first. The controller manager watches all three kinds from the moment
 * it starts and keeps restarting while any of them is missing, ClusterStaticEntry
 * included. For the same reason, upgrade the CRDs before upgrading the
 * controller manager.
 *
 * @example
 * const app = new App();
 * const crds = new Chart(app, 'spire-crds');
 * new SpireCrds(crds, 'crds');
 */
export class SpireCrds extends Construct {
  /** The `clusterspiffeids.spire.spiffe.io` CustomResourceDefinition. */
  public readonly clusterSpiffeIds: ApiObject;

  /** The `clusterfederatedtrustdomains.spire.spiffe.io` CustomResourceDefinition. */
  public readonly clusterFederatedTrustDomains: ApiObject;

  /** The `clusterstaticentries.spire.spiffe.io` CustomResourceDefinition. */
  public readonly clusterStaticEntries: ApiObject;

  constructor(scope: Construct, id: string, props: SpireCrdsProps = {}) {
    super(scope, id);
    // The ids are a stable contract: users reach these objects by construct
    // path (escape hatches, dependencies). Object names come from the CRDs.
    this.clusterSpiffeIds = new ApiObject(this, 'ClusterSPIFFEID', clusterSpiffeIdCrd());
    this.clusterFederatedTrustDomains = new ApiObject(this, 'ClusterFederatedTrustDomain', clusterFederatedTrustDomainCrd());
    this.clusterStaticEntries = new ApiObject(this, 'ClusterStaticEntry', clusterStaticEntryCrd());

    for (const [key, value] of Object.entries(props.labels ?? {})) {
      for (const crd of [this.clusterSpiffeIds, this.clusterFederatedTrustDomains, this.clusterStaticEntries]) {
        crd.metadata.addLabel(key, value);
      }
    }
  }
}
