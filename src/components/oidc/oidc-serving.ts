/** Options of TLS served by the provider itself. */
export interface OidcTlsSecretOptions {
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
}

/**
 * How the provider serves HTTP. A class instead of a union.
 */
export class OidcServing {
  /**
   * Plain HTTP inside the cluster (`insecure_addr`), for a proxy that
   * terminates TLS in front of it, such as the provider's `ingress`. The
   * discovery document still names https URLs.
   */
  public static httpBehindTlsProxy(): OidcServing {
    return new OidcServing('http', undefined, {});
  }

  /**
   * HTTPS with a certificate for the issuer's host kept in a Secret of the
   * provider's namespace (`serving_cert_file`), e.g. written by cert-manager.
   * The provider reloads it when it changes.
   * @param secretName the Secret with the certificate and key
   * @param options keys in the Secret
   */
  public static tlsFromSecret(secretName: string, options: OidcTlsSecretOptions = {}): OidcServing {
    return new OidcServing('https', secretName, options);
  }

  /** `http` or `https`. */
  public readonly scheme: string;
  /** The Secret holding the serving certificate (https only). */
  public readonly secretName?: string;
  /** @internal */
  public readonly _options: OidcTlsSecretOptions;

  private constructor(scheme: string, secretName: string | undefined, options: OidcTlsSecretOptions) {
    this.scheme = scheme;
    this.secretName = secretName;
    this._options = options;
  }
}
