/**
 * How SPIRE authenticates a federated trust domain's bundle endpoint.
 * A class instead of a union: `https_spiffe` always has an endpoint SPIFFE ID,
 * `https_web` never has one.
 */
export class BundleEndpointProfile {
  /**
   * The endpoint presents an X.509 SVID of the federated trust domain, checked
   * against that trust domain's bundle (SPIRE's own bundle endpoint).
   * @param endpointSpiffeId the SPIFFE ID the endpoint must present, usually `spiffe://<trust domain>/spire/server`
   */
  public static httpsSpiffe(endpointSpiffeId: string): BundleEndpointProfile {
    return new BundleEndpointProfile('https_spiffe', endpointSpiffeId);
  }

  /** The endpoint presents a certificate from a public web PKI (e.g. ACME). */
  public static httpsWeb(): BundleEndpointProfile {
    return new BundleEndpointProfile('https_web', undefined);
  }

  /** `https_spiffe` or `https_web`. */
  public readonly type: string;
  /** The SPIFFE ID the endpoint must present (https_spiffe only). */
  public readonly endpointSpiffeId?: string;

  private constructor(type: string, endpointSpiffeId: string | undefined) {
    this.type = type;
    this.endpointSpiffeId = endpointSpiffeId;
  }
}
