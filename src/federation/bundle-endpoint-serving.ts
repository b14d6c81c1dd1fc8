import { Duration } from 'cdk8s';

/** Options of a serving certificate kept in a Kubernetes Secret. */
export interface ServingCertificateSecretOptions {
  /**
   * Key of the PEM certificate chain in the Secret.
   * @default 'tls.crt'
   */
  readonly certificateKey?: string;
  /**
   * Key of the PEM private key in the Secret.
   * @default 'tls.key'
   */
  readonly privateKeyKey?: string;
  /**
   * How often SPIRE re-reads the files (`file_sync_interval`), so a renewed
   * certificate is served without a restart.
   * @default Duration.hours(1) (SPIRE's default)
   */
  readonly fileSyncInterval?: Duration;
}

/** A cert-manager Certificate that this library emits for the bundle endpoint. */
export interface CertManagerServingCertificateOptions {
  /** Name of the cert-manager Issuer or ClusterIssuer that signs it (a web PKI issuer such as ACME). */
  readonly issuerName: string;
  /**
   * Kind of the issuer: `Issuer` (in the server namespace) or `ClusterIssuer`.
   * @default 'ClusterIssuer'
   */
  readonly issuerKind?: string;
  /**
   * API group of the issuer.
   * @default 'cert-manager.io'
   */
  readonly issuerGroup?: string;
  /**
   * Name of the Secret cert-manager writes the certificate to.
   * @default 'spire-server-bundle-endpoint-tls'
   */
  readonly secretName?: string;
  /**
   * How often SPIRE re-reads the renewed files (`file_sync_interval`).
   * @default Duration.hours(1) (SPIRE's default)
   */
  readonly fileSyncInterval?: Duration;
}

/** A certificate SPIRE obtains itself from an ACME CA (TLS-ALPN-01 on the public port 443). */
export interface AcmeServingOptions {
  /** Contact address registered with the ACME CA. */
  readonly email: string;
  /** Confirm that you accept the ACME CA's terms of service (SPIRE refuses to start without it). */
  readonly tosAccepted: boolean;
  /**
   * Directory URL of the ACME CA.
   * @default - Let's Encrypt (SPIRE's default)
   */
  readonly directoryUrl?: string;
}

/**
 * How this SPIRE server's bundle endpoint authenticates itself to federation
 * partners (SPIRE's `bundle_endpoint.profile`). A class instead of a union:
 * `https_spiffe` needs nothing, `https_web` always needs a certificate.
 */
export class BundleEndpointServing {
  /**
   * The endpoint presents the server's own X.509 SVID
   * (`spiffe://<trust domain>/spire/server`). Partners must already hold this
   * trust domain's bundle to check it, so the first bundle is exchanged out of
   * band or pasted as a bootstrap bundle. Exposure must pass TLS through.
   */
  public static httpsSpiffe(): BundleEndpointServing {
    return new BundleEndpointServing('https_spiffe', undefined, undefined);
  }

  /**
   * The endpoint presents a web PKI certificate (trusted by partners' system
   * roots) kept in a Secret of the server namespace, for example one that
   * cert-manager or an external secret operator maintains.
   * @param secretName the Secret holding the certificate and key
   * @param options keys in the Secret and reload interval
   */
  public static httpsWebFromSecret(secretName: string, options: ServingCertificateSecretOptions = {}): BundleEndpointServing {
    return new BundleEndpointServing('https_web', { secretName, ...options }, undefined);
  }

  /**
   * The endpoint presents a web PKI certificate issued by cert-manager for the
   * public host name; this library emits the Certificate.
   * @param options the issuer and the Secret name
   */
  public static httpsWebFromCertManager(options: CertManagerServingCertificateOptions): BundleEndpointServing {
    return new BundleEndpointServing('https_web', {
      secretName: options.secretName ?? 'spire-server-bundle-endpoint-tls',
      fileSyncInterval: options.fileSyncInterval,
    }, options);
  }

  /**
   * The endpoint presents a web PKI certificate that SPIRE obtains for the
   * public host name from an ACME CA, answering the TLS-ALPN-01 challenge on
   * the endpoint itself: the exposure must reach it on port 443 with TLS
   * passed through. The account and certificate are cached in the server's data volume.
   * @param options contact, terms of service and CA
   */
  public static httpsWebAcme(options: AcmeServingOptions): BundleEndpointServing {
    return new BundleEndpointServing('https_web', undefined, undefined, options);
  }

  /** `https_spiffe` or `https_web`. */
  public readonly type: string;
  /** @internal */
  public readonly _secret?: ServingCertificateSecretOptions & { readonly secretName: string };
  /** @internal */
  public readonly _certManager?: CertManagerServingCertificateOptions;
  /** @internal */
  public readonly _acme?: AcmeServingOptions;

  private constructor(
    type: string,
    secret: (ServingCertificateSecretOptions & { readonly secretName: string }) | undefined,
    certManager: CertManagerServingCertificateOptions | undefined,
    acme?: AcmeServingOptions,
  ) {
    this.type = type;
    this._secret = secret;
    this._certManager = certManager;
    this._acme = acme;
  }
}
