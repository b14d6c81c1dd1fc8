// What Istio's sidecar injector and pilot-agent do with a pod, reduced to what
// SPIRE integration depends on, so tests can ask Istio's question of our
// output: which templates a pod gets (istio pkg/kube/inject: the
// `inject.istio.io/templates` annotation, else the injector's defaultTemplates,
// else `sidecar`), what the merged istio-proxy sees (env from meshConfig
// proxyMetadata and the templates, the workload-socket volume), and whether
// pilot-agent would start (pkg/istio-agent/agent.go: a WORKLOAD_IDENTITY_SOCKET_FILE
// other than `socket` with no socket found is a fatal error).
import { parse } from 'yaml';

export interface InjectorValues {
  /** meshConfig as istiod gets it. */
  readonly meshConfig?: any;
  /** values.sidecarInjectorWebhook. */
  readonly sidecarInjectorWebhook?: { templates?: Record<string, string>; defaultTemplates?: string[] };
}

export interface InjectedProxy {
  readonly templates: string[];
  readonly env: Record<string, string>;
  /** The workload-socket volume after every template has been merged. */
  readonly socketVolume: any;
  readonly socketMountPath?: string;
  readonly labels: Record<string, string>;
}

/** Namespaces labelled istio-injection=enabled inject every pod that does not opt out. */
export function isInjected(podMetadata: any, namespaceLabels: Record<string, string>): boolean {
  const optOut = podMetadata?.annotations?.['sidecar.istio.io/inject'] === 'false' || podMetadata?.labels?.['sidecar.istio.io/inject'] === 'false';
  const optIn = podMetadata?.labels?.['sidecar.istio.io/inject'] === 'true';
  return !optOut && (optIn || namespaceLabels['istio-injection'] === 'enabled');
}

/** Renders one of our templates the way the injector would, for one native-sidecar decision. */
function renderTemplate(text: string, native: boolean): any {
  const rendered = text
    .replace(/^\{\{- \$nativeSidecar := .*\n/, '')
    .replace(/\n(\s*)\{\{- if \$nativeSidecar \}\}\n\s*initContainers:\n\s*\{\{- else \}\}\n\s*containers:\n\s*\{\{- end \}\}/,
      (_m, indent: string) => `\n${indent}${native ? 'initContainers' : 'containers'}:`);
  if (rendered.includes('{{')) throw new Error(`template has Go template actions this model does not render:\n${rendered}`);
  return parse(rendered) ?? {};
}

/**
 * The istio-proxy of a pod after injection. Istio's own `sidecar` and
 * `gateway` templates contribute istio-proxy with the proxyMetadata env and a
 * workload-socket emptyDir mounted at /var/run/secrets/workload-spiffe-uds;
 * custom templates are strategic-merge patches (containers, env and volumes
 * keyed by name; volumes also retainKeys).
 */
export function inject(podMetadata: any, values: InjectorValues, native = false): InjectedProxy {
  const injector = values.sidecarInjectorWebhook ?? {};
  const annotation: string | undefined = podMetadata?.annotations?.['inject.istio.io/templates'];
  const templates = annotation ? annotation.split(',').map(t => t.trim()) : injector.defaultTemplates ?? ['sidecar'];
  const env: Record<string, string> = { ...(values.meshConfig?.defaultConfig?.proxyMetadata ?? {}) };
  let socketVolume: any = { name: 'workload-socket', emptyDir: {} };
  let socketMountPath: string | undefined;
  const labels: Record<string, string> = { ...(podMetadata?.labels ?? {}) };
  for (const name of templates) {
    if (name === 'sidecar' || name === 'gateway') {
      socketMountPath = socketMountPath ?? '/var/run/secrets/workload-spiffe-uds';
      continue;
    }
    const text = injector.templates?.[name];
    if (text === undefined) throw new Error(`the pod asks for template "${name}", which the injector does not have`);
    const doc = renderTemplate(text, native);
    Object.assign(labels, doc.metadata?.labels ?? {});
    const proxies = [...(doc.spec?.containers ?? []), ...(doc.spec?.initContainers ?? [])].filter((c: any) => c.name === 'istio-proxy');
    for (const proxy of proxies) {
      for (const e of proxy.env ?? []) env[e.name] = e.value;
      const mount = (proxy.volumeMounts ?? []).find((m: any) => m.name === 'workload-socket');
      if (mount) socketMountPath = mount.mountPath;
    }
    const volume = (doc.spec?.volumes ?? []).find((v: any) => v.name === 'workload-socket');
    // PodSpec.volumes is patched with patchStrategy "merge,retainKeys"
    // (k8s.io/api core/v1 types.go): an element's keys the patch does not name
    // are dropped, so the template's csi replaces the sidecar's emptyDir.
    if (volume) socketVolume = Object.fromEntries(Object.entries(volume).filter(([, value]) => value !== null));
  }
  return { templates, env, socketVolume, socketMountPath, labels };
}

/**
 * Why pilot-agent would not start with this proxy, or undefined. The socket
 * is there only when the workload-socket volume is the SPIFFE CSI volume of
 * `driver`, mounted where pilot-agent looks.
 */
export function pilotAgentStartProblem(proxy: InjectedProxy, driver: string): string | undefined {
  const file = proxy.env.WORKLOAD_IDENTITY_SOCKET_FILE;
  if (file === undefined || file === 'socket') return undefined;
  const mounted = proxy.socketVolume.csi?.driver === driver && proxy.socketVolume.emptyDir === undefined
    && ['/var/run/secrets/workload-spiffe-uds', '/run/secrets/workload-spiffe-uds'].includes(proxy.socketMountPath ?? '');
  return mounted ? undefined
    : `WORKLOAD_IDENTITY_SOCKET_FILE=${file} but workload-socket is ${JSON.stringify(proxy.socketVolume)}: "agent configured for non-default SDS socket path ... but no socket found"`;
}
