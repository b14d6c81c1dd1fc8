import { healthChecks, pluginEntry } from './plugins';

/** Everything agent.conf needs, already derived and validated. */
export interface AgentConfigModel {
  readonly trustDomain: string;
  readonly serverAddress: string;
  readonly serverPort: number;
  readonly socketPath: string;
  readonly dataDirectory: string;
  readonly logLevel: string;
  readonly trustBundlePath: string;
  readonly trustBundleFormat: string;
  readonly healthPort: number;
  readonly clusterName: string;
  readonly tokenPath: string;
  /** Only rendered when set; SPIRE's defaults already match Istio without federation. */
  readonly sds?: {
    readonly defaultSvidName?: string;
    readonly defaultBundleName?: string;
    readonly defaultAllBundlesName?: string;
    readonly disableSpiffeCertValidation?: boolean;
  };
  readonly skipKubeletVerification: boolean;
  readonly kubeletCaPath?: string;
  readonly disableContainerSelectors: boolean;
}

/** agent.conf as a JSON-ready object (SPIRE 1.15 keys only). */
export function renderAgentConfig(model: AgentConfigModel): Record<string, unknown> {
  const sds = model.sds && {
    default_svid_name: model.sds.defaultSvidName,
    default_bundle_name: model.sds.defaultBundleName,
    default_all_bundles_name: model.sds.defaultAllBundlesName,
    disable_spiffe_cert_validation: model.sds.disableSpiffeCertValidation,
  };
  return {
    agent: {
      trust_domain: model.trustDomain,
      server_address: model.serverAddress,
      server_port: model.serverPort,
      socket_path: model.socketPath,
      data_dir: model.dataDirectory,
      log_level: model.logLevel,
      trust_bundle_path: model.trustBundlePath,
      trust_bundle_format: model.trustBundleFormat,
      sds,
    },
    plugins: {
      // PSAT agents re-attest on restart, so keys need not survive one.
      KeyManager: pluginEntry('memory', {}),
      NodeAttestor: pluginEntry('k8s_psat', {
        cluster: model.clusterName,
        token_path: model.tokenPath,
      }),
      WorkloadAttestor: pluginEntry('k8s', {
        skip_kubelet_verification: model.skipKubeletVerification,
        kubelet_ca_path: model.kubeletCaPath,
        disable_container_selectors: model.disableContainerSelectors,
      }),
    },
    health_checks: healthChecks(model.healthPort),
  };
}
