/**
 * Where the OIDC discovery provider reads the JWT signing keys it publishes.
 * A class instead of a union.
 */
export class OidcKeySource {
  /**
   * The SPIFFE Workload API of the node's SPIRE agent, mounted through the
   * SPIFFE CSI driver. The provider runs as its own Deployment and needs a
   * registration (this library emits its ClusterSPIFFEID).
   */
  public static workloadApi(): OidcKeySource {
    return new OidcKeySource('workload_api');
  }

  /**
   * The SPIRE server's private API socket: the provider runs as a sidecar of
   * the server pod and needs no registration.
   */
  public static serverApi(): OidcKeySource {
    return new OidcKeySource('server_api');
  }

  /** `workload_api` or `server_api`, the provider's config section. */
  public readonly type: string;

  private constructor(type: string) {
    this.type = type;
  }
}
