import type { ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import type { BundleEndpointProfile } from '../registration/bundle-endpoint-profile';
import type { ClusterFederatedTrustDomain } from '../registration/cluster-federated-trust-domain';

/** Options of `Spire.federateWith`. */
export interface FederateWithOptions {
  /**
   * Where the ClusterFederatedTrustDomain naming the peer goes, on this
   * Spire's side: a chart of this Spire's app applied once its server is
   * Ready (like registrations), not the Spire's own chart, whose webhook
   * would still be unreachable.
   */
  readonly scope: Construct;
  /** Where the ClusterFederatedTrustDomain naming this Spire goes, on the peer's side (a chart of the peer's app). */
  readonly peerScope: Construct;
  /**
   * The peer's current bundle (SPIFFE bundle JSON, from `spire-server bundle
   * show -format spiffe` on the peer), which bootstraps this side's trust in
   * the peer's https_spiffe endpoint.
   * @default - none: the bundle is loaded out of band (bundlesLoadedOutOfBand)
   */
  readonly peerBundle?: string;
  /**
   * This Spire's current bundle (SPIFFE bundle JSON), which bootstraps the
   * peer's trust in this Spire's https_spiffe endpoint.
   * @default - none: the bundle is loaded out of band (bundlesLoadedOutOfBand)
   */
  readonly bundle?: string;
  /**
   * Confirm that an operator loads each https_spiffe bundle that is not given
   * here out of band before anything federates: `spire-server bundle show
   * -format spiffe` on one side, `spire-server bundle set -format spiffe -id
   * spiffe://<its trust domain>` on the other (see `Spire.bundleShowCommand`
   * and `Spire.bundleSetCommand`). Without it, or a bundle, SPIRE cannot
   * authenticate the endpoint and refuses every entry that federates with it.
   * @default false
   */
  readonly bundlesLoadedOutOfBand?: boolean;
}

/** The two ClusterFederatedTrustDomains `Spire.federateWith` emits. */
export interface SpireFederation {
  /** On this Spire's side: names the peer's trust domain, endpoint URL and endpoint ID. */
  readonly onThisSide: ClusterFederatedTrustDomain;
  /** On the peer's side: names this Spire's trust domain, endpoint URL and endpoint ID. */
  readonly onPeerSide: ClusterFederatedTrustDomain;
}

/** A federation partner outside this program, as `Spire.federateWithExternal` takes it. */
export interface ExternalFederationPeer {
  /** Where the ClusterFederatedTrustDomain goes: a chart applied once this Spire's server is Ready. */
  readonly scope: Construct;
  /** The partner's trust domain, e.g. `partner.example.com`. */
  readonly trustDomain: string;
  /** HTTPS URL of the partner's bundle endpoint. */
  readonly bundleEndpointUrl: string;
  /**
   * How the partner's endpoint authenticates itself.
   * @default - BundleEndpointProfile.httpsSpiffe('spiffe://<trustDomain>/spire/server'), a SPIRE server's own endpoint
   */
  readonly bundleEndpointProfile?: BundleEndpointProfile;
  /**
   * The partner's current bundle (SPIFFE bundle JSON) to bootstrap an https_spiffe endpoint.
   * @default - none: bundleLoadedOutOfBand must be set for https_spiffe
   */
  readonly trustDomainBundle?: string;
  /**
   * Confirm that an operator loads the partner's bundle out of band
   * (`spire-server bundle set -format spiffe -id spiffe://<trustDomain>`, see
   * `Spire.bundleSetCommand`) before anything federates.
   * @default false
   */
  readonly bundleLoadedOutOfBand?: boolean;
  /**
   * Metadata of the ClusterFederatedTrustDomain.
   * @default - named after the trust domain
   */
  readonly metadata?: ApiObjectMetadata;
}
