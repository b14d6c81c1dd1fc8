// The controller manager settings the plan needs, from a ControllerManagerConfig
// (api/v1alpha1/controllermanagerconfig_types.go) and explicit overrides. Defaults follow
// spire-controller-manager's cmd/main.go and docs/spire-controller-manager-config.md.

import type { ControllerSettings, KubeObject } from './model';

/** The parent ID the controller gives pod entries unless `parentIDTemplate` overrides it (pkg/spireentry/entries.go). */
export const DEFAULT_PARENT_ID_TEMPLATE = 'spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .NodeMeta.UID }}';

/** Namespaces the controller ignores when the config names none. */
export const DEFAULT_IGNORE_NAMESPACES = ['kube-system', 'kube-public', 'spire-system'];

/** The cluster domain assumed when neither the config nor the caller names one (the controller detects it). */
export const ASSUMED_CLUSTER_DOMAIN = 'cluster.local';

/** Settings given explicitly; each one overrides the config file. */
export interface ControllerOverrides {
  readonly trustDomain?: string;
  readonly clusterName?: string;
  readonly clusterDomain?: string;
  readonly className?: string;
  readonly watchClassless?: boolean;
  readonly ignoreNamespaces?: readonly string[];
}

/**
 * Merges `config` (a parsed ControllerManagerConfig, if any) with `overrides`. Returns the
 * settings, or the reason they are incomplete (trust domain and cluster name are required,
 * as the controller's start-up says).
 */
export function controllerSettings(config: Record<string, any> | undefined, configSource: string | undefined,
  overrides: ControllerOverrides = {}): ControllerSettings | string {
  const c = config ?? {};
  const trustDomain = overrides.trustDomain ?? c.trustDomain;
  const clusterName = overrides.clusterName ?? c.clusterName;
  if (!trustDomain) return 'no trust domain: pass --trust-domain or include the ControllerManagerConfig (cluster name and trust domain are required configuration)';
  if (!clusterName) return 'no cluster name: pass --cluster-name or include the ControllerManagerConfig (cluster name is required configuration)';
  const reconcile = c.reconcile ?? {};
  const sources = [configSource ? `ControllerManagerConfig in ${configSource}` : undefined,
    Object.keys(overrides).some((k) => (overrides as any)[k] !== undefined) ? 'explicit settings' : undefined].filter(Boolean);
  return {
    trustDomain: String(trustDomain),
    clusterName: String(clusterName),
    clusterDomain: overrides.clusterDomain ?? c.clusterDomain ?? ASSUMED_CLUSTER_DOMAIN,
    className: overrides.className ?? c.className ?? '',
    watchClassless: overrides.watchClassless ?? c.watchClassless === true,
    ignoreNamespaces: [...(overrides.ignoreNamespaces ?? c.ignoreNamespaces ?? DEFAULT_IGNORE_NAMESPACES)],
    parentIdTemplate: c.parentIDTemplate || DEFAULT_PARENT_ID_TEMPLATE,
    reconcileClusterSpiffeIds: reconcile.clusterSPIFFEIDs !== false,
    reconcileClusterStaticEntries: reconcile.clusterStaticEntries !== false,
    reconcileClusterFederatedTrustDomains: reconcile.clusterFederatedTrustDomains !== false,
    source: sources.length > 0 ? sources.join(' + ') : 'defaults',
  };
}

/** A ControllerManagerConfig and where it was found. */
export interface FoundConfig {
  readonly config: Record<string, any>;
  readonly source: string;
}

/** The ControllerManagerConfig documents inside ConfigMaps (or given as objects), with where each was found. */
export function findControllerConfigs(objects: readonly KubeObject[], parse: (text: string) => unknown): FoundConfig[] {
  const found: FoundConfig[] = [];
  for (const object of objects) {
    if (object.kind === 'ControllerManagerConfig') {
      found.push({ config: object as Record<string, any>, source: `ControllerManagerConfig/${object.metadata?.name ?? ''}` });
      continue;
    }
    if (object.kind !== 'ConfigMap' || !object.data) continue;
    for (const [key, text] of Object.entries(object.data)) {
      if (typeof text !== 'string' || !text.includes('ControllerManagerConfig')) continue;
      let parsed: unknown;
      try {
        parsed = parse(text);
      } catch {
        continue;
      }
      if (parsed && typeof parsed === 'object' && (parsed as any).kind === 'ControllerManagerConfig') {
        found.push({ config: parsed as Record<string, any>, source: `ConfigMap/${object.metadata?.namespace ?? 'default'}/${object.metadata?.name} key ${key}` });
      }
    }
  }
  return found;
}
