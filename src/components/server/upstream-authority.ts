/** Options of the disk UpstreamAuthority. */
export interface DiskUpstreamAuthorityOptions {
  /**
   * Secret in the server namespace holding the upstream CA certificate and
   * its private key (EC or RSA, one PEM key), mounted read-only. SPIRE
   * re-reads the files on every CA rotation, so updating the Secret rotates
   * the upstream CA without a restart.
   */
  readonly secretName: string;
  /**
   * Key of the CA certificate (or, for an intermediate, the chain up to the
   * roots in `bundleKey`).
   * @default 'tls.crt'
   */
  readonly certificateKey?: string;
  /**
   * Key of the CA private key.
   * @default 'tls.key'
   */
  readonly privateKeyKey?: string;
  /**
   * Key of the root certificates, when the CA is not self-signed
   * (`bundle_file_path`). Leave unset for a self-signed root.
   * @default - the certificate is a self-signed root
   */
  readonly bundleKey?: string;
}

/** Options of the cert-manager UpstreamAuthority. */
export interface CertManagerUpstreamAuthorityOptions {
  /** Name of the cert-manager issuer that signs SPIRE's intermediate CA. It must be able to sign CA certificates (for example a CA issuer). */
  readonly issuerName: string;
  /**
   * Kind of the issuer.
   * @default 'Issuer'
   */
  readonly issuerKind?: string;
  /**
   * API group of the issuer (an external issuer's group, for example).
   * @default 'cert-manager.io'
   */
  readonly issuerGroup?: string;
  /**
   * Namespace in which the server creates its CertificateRequests (where an
   * `Issuer` must live). A Role there lets the server create, read, list and
   * delete CertificateRequests.
   * @default - the server namespace
   */
  readonly namespace?: string;
}

/** Options of Vault's Kubernetes auth method. */
export interface VaultKubernetesAuthOptions {
  /** Vault role bound to the server's ServiceAccount. */
  readonly role: string;
  /**
   * Mount point of the Kubernetes auth method.
   * @default 'kubernetes'
   */
  readonly mountPoint?: string;
  /**
   * Audience of the projected ServiceAccount token; the Vault role's
   * `audience` must match it.
   * @default 'vault'
   */
  readonly audience?: string;
}

/** Options of Vault's token auth method with the token in a Secret. */
export interface VaultTokenAuthOptions {
  /** Secret in the server namespace holding the Vault token. */
  readonly secretName: string;
  /**
   * Key of the token in the Secret.
   * @default 'token'
   */
  readonly secretKey?: string;
}

/** How the SPIRE server logs in to Vault. */
export class VaultAuth {
  /**
   * Kubernetes auth: a short-lived projected ServiceAccount token (audience
   * `audience`, rotated by the kubelet) is presented to Vault's Kubernetes
   * auth method (`k8s_auth`).
   */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    return new VaultAuth('kubernetes', options, undefined);
  }

  /**
   * Token auth with a token kept in a Secret (`token_auth`); the token enters
   * the server's environment and is never written to the ConfigMap. The
   * token must be renewed outside SPIRE.
   */
  public static tokenFromSecret(options: VaultTokenAuthOptions): VaultAuth {
    return new VaultAuth('token', undefined, options);
  }

  /** `kubernetes` or `token`. */
  public readonly method: string;
  /** Kubernetes auth options, when method is kubernetes. */
  public readonly kubernetesOptions?: VaultKubernetesAuthOptions;
  /** Token options, when method is token. */
  public readonly tokenOptions?: VaultTokenAuthOptions;

  private constructor(method: string, kubernetesOptions: VaultKubernetesAuthOptions | undefined, tokenOptions: VaultTokenAuthOptions | undefined) {
    this.method = method;
    this.kubernetesOptions = kubernetesOptions;
    this.tokenOptions = tokenOptions;
  }
}

/** Options of the Vault UpstreamAuthority. */
export interface VaultUpstreamAuthorityOptions {
  /** Vault (or OpenBao) address, such as `https://vault.example.org:8200`. */
  readonly address: string;
  /** How to log in. */
  readonly auth: VaultAuth;
  /**
   * Mount point of the PKI secrets engine that signs SPIRE's intermediate
   * (it needs `update` on `<mount>/root/sign-intermediate`).
   * @default 'pki'
   */
  readonly pkiMountPoint?: string;
  /**
   * Secret in the server namespace with the CA certificate of Vault's TLS
   * certificate (`ca_cert_path`).
   * @default - the system roots
   */
  readonly caCertSecretName?: string;
  /**
   * Key of the CA certificate in `caCertSecretName`.
   * @default 'ca.crt'
   */
  readonly caCertSecretKey?: string;
  /**
   * Vault Enterprise / OpenBao namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
}

/** Options of the spire UpstreamAuthority (nested SPIRE). */
export interface SpireUpstreamAuthorityOptions {
  /** DNS name or IP of the upstream (root) SPIRE server in the same trust domain. */
  readonly serverAddress: string;
  /**
   * gRPC port of the upstream server.
   * @default 8081
   */
  readonly serverPort?: number;
  /**
   * CSI driver of the upstream SPIRE's agents, which gives the server pod the
   * upstream Workload API socket (a CSI volume is allowed in the restricted
   * server namespace; a hostPath is not). The upstream SPIRE needs an entry
   * for this server's pods.
   * @default 'upstream.csi.spiffe.io'
   */
  readonly csiDriverName?: string;
  /**
   * File name of the upstream agent's socket inside that CSI volume.
   * @default 'spire-agent.sock'
   */
  readonly socketFileName?: string;
}

/**
 * Who signs the SPIRE server's CA (`UpstreamAuthority`). Without one, each
 * server signs its own self-signed root; with one, every replica's CA chains
 * to the same upstream root, so the trust bundle holds that root only.
 * At most one upstream authority can be configured.
 */
export class UpstreamAuthority {
  /** The upstream CA's certificate and key from a Secret (`UpstreamAuthority "disk"`). */
  public static disk(options: DiskUpstreamAuthorityOptions): UpstreamAuthority {
    return new UpstreamAuthority('disk', { disk: options });
  }

  /**
   * A cert-manager issuer (`UpstreamAuthority "cert-manager"`); the server
   * creates CertificateRequests through the API server.
   */
  public static certManager(options: CertManagerUpstreamAuthorityOptions): UpstreamAuthority {
    return new UpstreamAuthority('cert-manager', { certManager: options });
  }

  /**
   * Vault's PKI secrets engine (`UpstreamAuthority "vault"`). Vault does not
   * publish JWT keys upstream, so in a nested topology use `spire`.
   */
  public static vault(options: VaultUpstreamAuthorityOptions): UpstreamAuthority {
    return new UpstreamAuthority('vault', { vault: options });
  }

  /**
   * An upstream SPIRE server in the same trust domain (nested SPIRE,
   * `UpstreamAuthority "spire"`), reached with credentials from the upstream
   * agent's Workload API.
   */
  public static spire(options: SpireUpstreamAuthorityOptions): UpstreamAuthority {
    return new UpstreamAuthority('spire', { spire: options });
  }

  /** SPIRE's plugin name. */
  public readonly pluginName: string;
  /** Options of the disk plugin. */
  public readonly diskOptions?: DiskUpstreamAuthorityOptions;
  /** Options of the cert-manager plugin. */
  public readonly certManagerOptions?: CertManagerUpstreamAuthorityOptions;
  /** Options of the vault plugin. */
  public readonly vaultOptions?: VaultUpstreamAuthorityOptions;
  /** Options of the spire plugin. */
  public readonly spireOptions?: SpireUpstreamAuthorityOptions;

  private constructor(pluginName: string, options: {
    disk?: DiskUpstreamAuthorityOptions;
    certManager?: CertManagerUpstreamAuthorityOptions;
    vault?: VaultUpstreamAuthorityOptions;
    spire?: SpireUpstreamAuthorityOptions;
  }) {
    this.pluginName = pluginName;
    this.diskOptions = options.disk;
    this.certManagerOptions = options.certManager;
    this.vaultOptions = options.vault;
    this.spireOptions = options.spire;
  }
}
