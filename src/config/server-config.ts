import { BundleEndpointConfigModel, renderFederation } from './bundle-endpoint-config';
import { healthChecks, keyedBlock, pluginEntry, telemetry } from './plugins';

/** Everything server.conf needs, already derived and validated. */
export interface ServerConfigModel {
  readonly trustDomain: string;
  readonly bindPort: number;
  readonly healthPort: number;
  readonly socketPath: string;
  readonly dataDirectory: string;
  readonly logLevel: string;
  readonly caTtl: string;
  readonly x509SvidTtl: string;
  readonly jwtSvidTtl: string;
  readonly agentTtl?: string;
  readonly caKeyType: string;
  readonly caSubject?: {
    readonly country?: string[];
    readonly organization?: string[];
    readonly commonName?: string;
  };
  readonly jwtIssuer?: string;
  /** The bundle endpoint, when federation partners fetch our bundle. */
  readonly bundleEndpoint?: BundleEndpointConfigModel;
  readonly logFormat?: string;
  /** plugin_data of `DataStore "sql"` (database_type, connection strings, TLS files, pool). */
  readonly dataStore: Record<string, unknown>;
  /** `disk` (keys in keysPath) or `memory`. */
  readonly keyManager: string;
  readonly keysPath: string;
  readonly upstreamAuthority?: { readonly name: string; readonly data: Record<string, unknown> };
  /** Port of the Prometheus endpoint, when telemetry is on. */
  readonly prometheusPort?: number;
  /** k8s_psat: the cluster whose agents may attest, and how. */
  readonly nodeAttestation: {
    readonly clusterName: string;
    readonly serviceAccountAllowList: string[];
    readonly audience: string[];
  };
  /** k8s_configmap BundlePublisher: where agents read the trust bundle. */
  readonly bundle: {
    readonly clusterName: string;
    readonly namespace: string;
    readonly configMapName: string;
    readonly configMapKey: string;
    readonly format: string;
  };
}

/** server.conf as a JSON-ready object (SPIRE 1.15 keys only). */
export function renderServerConfig(model: ServerConfigModel): Record<string, unknown> {
  return {
    server: {
      trust_domain: model.trustDomain,
      bind_address: '0.0.0.0',
      bind_port: model.bindPort,
      socket_path: model.socketPath,
      data_dir: model.dataDirectory,
      log_level: model.logLevel,
      log_format: model.logFormat,
      ca_ttl: model.caTtl,
      default_x509_svid_ttl: model.x509SvidTtl,
      default_jwt_svid_ttl: model.jwtSvidTtl,
      agent_ttl: model.agentTtl,
      ca_key_type: model.caKeyType,
      ca_subject: model.caSubject && [{
        country: model.caSubject.country,
        organization: model.caSubject.organization,
        common_name: model.caSubject.commonName,
      }],
      jwt_issuer: model.jwtIssuer,
      federation: model.bundleEndpoint && renderFederation(model.bundleEndpoint),
    },
    plugins: {
      DataStore: pluginEntry('sql', model.dataStore),
      KeyManager: pluginEntry(model.keyManager, model.keyManager === 'disk' ? { keys_path: model.keysPath } : {}),
      UpstreamAuthority: model.upstreamAuthority && pluginEntry(model.upstreamAuthority.name, model.upstreamAuthority.data),
      NodeAttestor: pluginEntry('k8s_psat', {
        clusters: keyedBlock(model.nodeAttestation.clusterName, {
          service_account_allow_list: model.nodeAttestation.serviceAccountAllowList,
          audience: model.nodeAttestation.audience,
        }),
      }),
      BundlePublisher: pluginEntry('k8s_configmap', {
        clusters: keyedBlock(model.bundle.clusterName, {
          namespace: model.bundle.namespace,
          configmap_name: model.bundle.configMapName,
          configmap_key: model.bundle.configMapKey,
          format: model.bundle.format,
        }),
      }),
    },
    health_checks: healthChecks(model.healthPort),
    telemetry: model.prometheusPort !== undefined ? telemetry(model.prometheusPort) : undefined,
  };
}
