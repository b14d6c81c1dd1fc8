import type { AgentKeyManager } from './agent-key-manager';
import type { AgentSdsOptions } from './agent-sds-options';
import type { KubeletVerification } from './kubelet-verification';
import type { DockerAttestorOptions, UnixAttestorOptions } from './workload-attestor-options';
import type { ContainerResources } from '../common/container-resources';
import type { LogFormat } from '../common/log-format';
import type { LogLevel } from '../common/log-level';

/** Options of the SPIRE agent (a DaemonSet in the system namespace). */
export interface SpireAgentOptions {
  /**
   * File name of the Workload API socket. Istio looks for a file named
   * `socket`; with any other name the agent's init container adds a `socket`
   * symlink, so Istio still finds it. A name other than `socket` also lets
   * IstioIntegration make the proxy fail fast when the agent is missing
   * (`WORKLOAD_IDENTITY_SOCKET_FILE`).
   * @default 'spire-agent.sock'
   */
  readonly socketFileName?: string;
  /**
   * Directory on each node that holds the socket, shared with the SPIFFE CSI
   * driver. Mounted at the same path inside both containers.
   * @default '/run/spire/agent-sockets'
   */
  readonly socketDirectory?: string;
  /**
   * How the workload attestor verifies the kubelet's certificate.
   * @default KubeletVerification.skip()
   */
  readonly kubeletVerification?: KubeletVerification;
  /**
   * SDS resource names served to Envoy.
   * @default - SPIRE's defaults (default, ROOTCA, ALL)
   */
  readonly sds?: AgentSdsOptions;
  /**
   * Stop producing `k8s:container-*` selectors (`disable_container_selectors`).
   * Needed with Istio's holdApplicationUntilProxyStarts, where the proxy asks
   * for its SVID before the other containers have started.
   * @default false
   */
  readonly disableContainerSelectors?: boolean;
  /**
   * Agent log level.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Agent log format (`log_format`).
   * @default - the Spire's `logFormat` (LogFormat.TEXT)
   */
  readonly logFormat?: LogFormat;
  /**
   * Also attest workloads with the `unix` plugin (user and group selectors).
   * @default - the k8s attestor only
   */
  readonly unixAttestor?: UnixAttestorOptions;
  /**
   * Also attest workloads with the `docker` plugin (Docker nodes only).
   * @default - the k8s attestor only
   */
  readonly dockerAttestor?: DockerAttestorOptions;
  /**
   * Where the agent keeps its private key.
   * @default AgentKeyManager.memory()
   */
  readonly keyManager?: AgentKeyManager;
  /**
   * Agent image.
   * @default SpireImages.SPIRE_AGENT
   */
  readonly image?: string;
  /**
   * Image of the init container that prepares the socket directory.
   * @default SpireImages.BUSYBOX
   */
  readonly initImage?: string;
  /**
   * CPU and memory of the agent container.
   * @default - requests 25m CPU and 64Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * PriorityClass of the agent pods. Pass an empty string for none.
   * @default 'system-node-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Node labels an agent pod must match.
   * @default - every node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Run an agent on every node, whatever its taints (tolerate all taints).
   * Workloads on tainted nodes get no identity without an agent there.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
}
