/** Everything the ControllerManagerConfig needs, already derived and validated. */
export interface ControllerManagerConfigModel {
  readonly trustDomain: string;
  readonly clusterName: string;
  readonly className: string;
  readonly watchClassless: boolean;
  readonly ignoreNamespaces: string[];
  readonly spireServerSocketPath: string;
  readonly validatingWebhookConfigurationName: string;
  readonly webhookPort: number;
  readonly healthPort: number;
  readonly metricsPort: number;
  readonly leaseName: string;
  readonly leaseNamespace: string;
  readonly logLevel: string;
  /** `json`, or undefined for the controller manager's default `console`. */
  readonly logEncoding?: string;
  readonly entryIdPrefix: string;
}

/** The controller manager's config file (ControllerManagerConfig, v0.7 keys only). */
export function renderControllerManagerConfig(model: ControllerManagerConfigModel): Record<string, unknown> {
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ControllerManagerConfig',
    trustDomain: model.trustDomain,
    clusterName: model.clusterName,
    className: model.className,
    watchClassless: model.watchClassless,
    ignoreNamespaces: model.ignoreNamespaces,
    spireServerSocketPath: model.spireServerSocketPath,
    validatingWebhookConfigurationName: model.validatingWebhookConfigurationName,
    // Entries this controller owns carry the prefix; entries made by hand
    // (spire-server entry create) are left alone.
    entryIDPrefix: model.entryIdPrefix,
    logLevel: model.logLevel,
    // docs/spire-controller-manager-config.md: `console` (default) or `json`.
    logEncoding: model.logEncoding,
    leaderElection: {
      leaderElect: true,
      resourceName: model.leaseName,
      resourceNamespace: model.leaseNamespace,
    },
    health: { healthProbeBindAddress: `0.0.0.0:${model.healthPort}` },
    metrics: { bindAddress: `0.0.0.0:${model.metricsPort}` },
    webhook: { port: model.webhookPort },
  };
}
