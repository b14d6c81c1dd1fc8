import { healthChecks, pluginEntry, telemetry } from './plugins';

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
  readonly logFormat?: string;
  /** Port of the Prometheus endpoint, when telemetry is on. */
  readonly prometheusPort?: number;
  /** `memory`, or `disk` with the key directory. */
  readonly keyManager: { readonly name: string; readonly directory?: string };
  readonly unixAttestor?: { readonly discoverWorkloadPath?: boolean; readonly workloadSizeLimit?: number };
  readonly dockerAttestor?: { readonly socketPath: string; readonly containerIdCgroupMatchers?: string[] };
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
      log_format: model.logFormat,
      trust_bundle_path: model.trustBundlePath,
      trust_bundle_format: model.trustBundleFormat,
      sds,
    },
    plugins: {
      // PSAT agents re-attest on restart, so keys need not survive one
      // unless the user picks the disk KeyManager.
      KeyManager: pluginEntry(model.keyManager.name, model.keyManager.directory !== undefined ? { directory: model.keyManager.directory } : {}),
      NodeAttestor: pluginEntry('k8s_psat', {
        cluster: model.clusterName,
        token_path: model.tokenPath,
      }),
      WorkloadAttestor: [
        ...pluginEntry('k8s', {
          skip_kubelet_verification: model.skipKubeletVerification,
          kubelet_ca_path: model.kubeletCaPath,
          disable_container_selectors: model.disableContainerSelectors,
        }),
        ...(model.unixAttestor ? pluginEntry('unix', {
          discover_workload_path: model.unixAttestor.discoverWorkloadPath,
          workload_size_limit: model.unixAttestor.workloadSizeLimit,
        }) : []),
        ...(model.dockerAttestor ? pluginEntry('docker', {
          docker_socket_path: `unix://${model.dockerAttestor.socketPath}`,
          container_id_cgroup_matchers: model.dockerAttestor.containerIdCgroupMatchers,
        }) : []),
      ],
    },
    health_checks: healthChecks(model.healthPort),
    telemetry: model.prometheusPort !== undefined ? telemetry(model.prometheusPort) : undefined,
  };
}
