/** Everything oidc-discovery-provider.conf needs, already derived and validated. */
export interface OidcConfigModel {
  readonly domains: string[];
  readonly logLevel: string;
  /** `text` or `json`; undefined for the provider's default (text). */
  readonly logFormat?: string;
  readonly jwtIssuer: string;
  /** Absolute URL of the keys document, announced as `jwks_uri` in the discovery document. */
  readonly jwksUri: string;
  readonly healthPort: number;
  /** Workload API source: the agent's socket file and the trust domain whose JWT bundle to publish. */
  readonly workloadApi?: { readonly socketPath: string; readonly trustDomain: string };
  /** Server API source: the server's private socket, as a gRPC `unix://` target. */
  readonly serverApiAddress?: string;
  /** Plain HTTP behind a TLS proxy. */
  readonly insecureAddress?: string;
  /** HTTPS with a certificate from files. */
  readonly servingCertFile?: { readonly certFilePath: string; readonly keyFilePath: string; readonly address: string };
}

/**
 * oidc-discovery-provider.conf as a JSON-ready object (the provider's HCL
 * parser reads JSON). Keys of spiffe/spire support/oidc-discovery-provider
 * config.go (SPIRE 1.15) only.
 */
export function renderOidcConfig(model: OidcConfigModel): Record<string, unknown> {
  return {
    domains: model.domains,
    log_level: model.logLevel,
    log_format: model.logFormat,
    jwt_issuer: model.jwtIssuer,
    // Explicit, so SPIRE's planned change of the jwt_issuer-derived default cannot move it.
    jwks_uri: model.jwksUri,
    health_checks: { bind_port: model.healthPort, live_path: '/live', ready_path: '/ready' },
    workload_api: model.workloadApi && { socket_path: model.workloadApi.socketPath, trust_domain: model.workloadApi.trustDomain },
    server_api: model.serverApiAddress === undefined ? undefined : { address: model.serverApiAddress },
    insecure_addr: model.insecureAddress,
    serving_cert_file: model.servingCertFile && {
      cert_file_path: model.servingCertFile.certFilePath,
      key_file_path: model.servingCertFile.keyFilePath,
      addr: model.servingCertFile.address,
    },
  };
}
