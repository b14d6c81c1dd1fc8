import type { Duration } from 'cdk8s';
import type { BundleEndpointExposure } from './bundle-endpoint-exposure';
import type { BundleEndpointServing } from './bundle-endpoint-serving';

/** This SPIRE server's federation bundle endpoint, which partners fetch its bundle from. */
export interface BundleEndpointOptions {
  /**
   * Port the endpoint listens on, in the server container and on the server Service (`federation`).
   *
   * Day two: changing it changes the URL partners fetch: their ClusterFederatedTrustDomains must
   * follow, or they stop refreshing this bundle. The server pods roll.
   * @default 8443
   */
  readonly port?: number;
  /**
   * How the endpoint authenticates itself.
   *
   * Day two: switching the profile (https_spiffe, https_web) changes what partners configure as
   * bundleEndpointProfile: change theirs at the same time, or they stop refreshing this bundle.
   * @default BundleEndpointServing.httpsSpiffe()
   */
  readonly serving?: BundleEndpointServing;
  /**
   * How partners in other clusters reach it; its public address becomes the
   * bundle endpoint URL partners are told (`Spire.bundleEndpointUrl`).
   *
   * Day two: changing it changes the address partners use: update their bundleEndpointURL. `kubectl
   * apply` leaves the old exposure's objects behind.
   * @default BundleEndpointExposure.clusterInternal()
   */
  readonly exposure?: BundleEndpointExposure;
  /**
   * How often partners should refetch the bundle (`refresh_hint`).
   *
   * Day two: can change at any time; the server pods roll.
   * @default - SPIRE's default (5 minutes)
   */
  readonly refreshHint?: Duration;
}
