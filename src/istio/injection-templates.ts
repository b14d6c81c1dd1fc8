import { Yaml } from 'cdk8s';
import { SPIRE_IDENTITY_LABEL, WORKLOAD_SOCKET_MOUNT, WORKLOAD_SOCKET_VOLUME } from './constants';
import { NativeSidecarMode } from './native-sidecar-mode';

/** What the sidecar and gateway templates need, derived from Spire and the Istio options. */
export interface TemplateModel {
  readonly csiDriver: string;
  /** Istio before 1.27 needs `emptyDir: null` to replace its own workload-socket emptyDir. */
  readonly clearEmptyDir: boolean;
  readonly nativeSidecars: NativeSidecarMode;
  /** Init containers for gateways (the wait-for-socket strategy). */
  readonly gatewayInitContainers: object[];
  /**
   * Environment of istio-proxy in pods that get the SPIRE socket: the socket's
   * file name when proxies fail fast. Only these pods may have it: a proxy
   * told a file name other than `socket` stops when it finds no socket.
   */
  readonly proxyEnv: Array<{ name: string; value: string }>;
}

// Placeholder key replaced by Istio's own native-sidecar conditional.
const PROXY_KEY_PLACEHOLDER = '__istio_proxy_containers__';

/** The CSI volume that replaces Istio's workload-socket emptyDir. */
export function workloadSocketVolume(model: Pick<TemplateModel, 'csiDriver' | 'clearEmptyDir'>): Record<string, unknown> {
  return {
    name: WORKLOAD_SOCKET_VOLUME,
    csi: { driver: model.csiDriver, readOnly: true },
    ...(model.clearEmptyDir ? { emptyDir: null } : {}),
  };
}

/** The read-only mount of that volume where the proxy looks for the socket. */
export function workloadSocketMount(): Record<string, unknown> {
  return { name: WORKLOAD_SOCKET_VOLUME, mountPath: WORKLOAD_SOCKET_MOUNT, readOnly: true };
}

/**
 * Sidecar template: labels the pod for the sidecar ClusterSPIFFEID and mounts
 * the SPIFFE CSI volume into istio-proxy, wherever istio-proxy lives.
 */
export function sidecarTemplate(model: TemplateModel): string {
  const proxyKey = model.nativeSidecars === NativeSidecarMode.ENABLED ? 'initContainers'
    : model.nativeSidecars === NativeSidecarMode.DISABLED ? 'containers'
      : PROXY_KEY_PLACEHOLDER;
  const text = Yaml.stringify({
    metadata: { labels: { [SPIRE_IDENTITY_LABEL]: 'true' } },
    spec: {
      [proxyKey]: [istioProxy(model)],
      volumes: [workloadSocketVolume(model)],
    },
  });
  if (proxyKey !== PROXY_KEY_PLACEHOLDER) return text;
  // Istio's injection-template.yaml decides the same way: the pod annotation
  // wins, else the injector's NativeSidecars flag (auto: kubelet >= 1.33).
  const decide = '{{- $nativeSidecar := ne (index .ObjectMeta.Annotations `sidecar.istio.io/nativeSidecar` | default (printf "%t" .NativeSidecars)) "false" }}';
  return decide + '\n' + text.replace(`  ${PROXY_KEY_PLACEHOLDER}:`, [
    '  {{- if $nativeSidecar }}',
    '  initContainers:',
    '  {{- else }}',
    '  containers:',
    '  {{- end }}',
  ].join('\n'));
}

/**
 * Gateway template: gateways always run istio-proxy as a regular container,
 * and carry no sidecar identity label (each gateway has its own ClusterSPIFFEID).
 */
export function gatewayTemplate(model: TemplateModel): string {
  return Yaml.stringify({
    spec: {
      ...(model.gatewayInitContainers.length > 0 ? { initContainers: model.gatewayInitContainers } : {}),
      containers: [istioProxy(model)],
      volumes: [workloadSocketVolume(model)],
    },
  });
}

/** The istio-proxy patch: the socket mount, and the env that goes with it. */
function istioProxy(model: TemplateModel): Record<string, unknown> {
  return {
    name: 'istio-proxy',
    ...(model.proxyEnv.length > 0 ? { env: model.proxyEnv } : {}),
    volumeMounts: [workloadSocketMount()],
  };
}

/**
 * Init container that waits for the agent's socket, at the exact path the
 * agent serves it, before the gateway's proxy starts.
 */
export function waitForSocketContainer(image: string, socketFileName: string): Record<string, unknown> {
  const checkFile = `${WORKLOAD_SOCKET_MOUNT}/${socketFileName}`;
  return {
    name: 'wait-for-spire-socket',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', 'until [ -S "$CHECK_FILE" ]; do echo "waiting for the SPIRE agent socket $CHECK_FILE"; sleep 2; done; echo "found $CHECK_FILE"'],
    env: [{ name: 'CHECK_FILE', value: checkFile }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [workloadSocketMount()],
  };
}
