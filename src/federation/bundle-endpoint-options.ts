import type { Duration } from 'cdk8s';
import type { BundleEndpointExposure } from './bundle-endpoint-exposure';
import type { BundleEndpointServing } from './bundle-endpoint-serving';

/** This SPIRE server's federation bundle endpoint, which partners fetch its bundle from. */
export interface BundleEndpointOptions {
  /**
   * Port the endpoint listens on, in the server container and on the server Service (`federation`).
   * @default 8443
   */
  readonly port?: number;
  /**
   * How the endpoint authenticates itself.
   * @default BundleEndpointServing.httpsSpiffe()
   */
  readonly serving?: BundleEndpointServing;
  /**
   * How partners in other clusters reach it; its public address becomes the
   * bundle endpoint URL partners are told (`Spire.bundleEndpointUrl`).
   * @default BundleEndpointExposure.clusterInternal()
   */
  readonly exposure?: BundleEndpointExposure;
  /**
   * How often partners should refetch the bundle (`refresh_hint`).
   * @default - SPIRE's default (5 minutes)
   */
  readonly refreshHint?: Duration;
}
