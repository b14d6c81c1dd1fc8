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
   *
   * Day two: changing it moves the socket within its directory: the agents roll and serve under the
   * new name, and the `socket` alias follows. Running workloads that name the old file
   * (SPIFFE_ENDPOINT_SOCKET from mountWorkloadApi, Istio proxies started with
   * WORKLOAD_IDENTITY_SOCKET_FILE by SocketReadiness.failFast) lose the Workload API until they
   * restart with the new name: install istiod with IstioIntegration's new values first.
   * @default 'spire-agent.sock'
   */
  readonly socketFileName?: string;
  /**
   * Directory on each node that holds the socket, shared with the SPIFFE CSI
   * driver. Mounted at the same path inside both containers.
   *
   * Day two: changing it moves the socket to another directory on every node: the agents and the
   * CSI driver roll onto it, but running pods keep a mount of the old directory, where no agent
   * listens, until they are restarted (Istio proxies included). The old directory stays on the
   * nodes.
   * @default '/run/spire/agent-sockets'
   */
  readonly socketDirectory?: string;
  /**
   * How the workload attestor verifies the kubelet's certificate.
   *
   * Day two: can change; the agents roll.
   * @default KubeletVerification.skip()
   */
  readonly kubeletVerification?: KubeletVerification;
  /**
   * SDS resource names served to Envoy.
   *
   * Day two: the agents roll and stop answering the old names: Envoy proxies that still ask for
   * them (Istio asks for `default` and `ROOTCA`) get no certificates until they ask for the new
   * ones.
   * @default - SPIRE's defaults (default, ROOTCA, ALL)
   */
  readonly sds?: AgentSdsOptions;
  /**
   * Stop producing `k8s:container-*` selectors (`disable_container_selectors`).
   * Needed with Istio's holdApplicationUntilProxyStarts, where the proxy asks
   * for its SVID before the other containers have started.
   *
   * Day two: can change; the agents roll. Turning it on stops the `k8s:container-*` selectors, so
   * entries that use them no longer match.
   * @default false
   */
  readonly disableContainerSelectors?: boolean;
  /**
   * Agent log level.
   *
   * Day two: can change at any time; the agents roll.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Agent log format (`log_format`).
   *
   * Day two: can change at any time; the agents roll.
   * @default - the Spire's `logFormat` (LogFormat.TEXT)
   */
  readonly logFormat?: LogFormat;
  /**
   * Also attest workloads with the `unix` plugin (user and group selectors).
   *
   * Day two: can change; the agents roll. Entries that use its selectors stop matching when it is
   * removed.
   * @default - the k8s attestor only
   */
  readonly unixAttestor?: UnixAttestorOptions;
  /**
   * Also attest workloads with the `docker` plugin (Docker nodes only).
   *
   * Day two: can change; the agents roll. Entries that use its selectors stop matching when it is
   * removed.
   * @default - the k8s attestor only
   */
  readonly dockerAttestor?: DockerAttestorOptions;
  /**
   * Where the agent keeps its private key.
   *
   * Day two: can change; the agents roll and, without a stored key, attest again (k8s_psat allows
   * that).
   * @default AgentKeyManager.memory()
   */
  readonly keyManager?: AgentKeyManager;
  /**
   * Agent image.
   *
   * Day two: can change; the agents roll. Agents must never be newer than the oldest server:
   * upgrade the server first (spiffe/spire doc/upgrading.md).
   * @default SpireImages.SPIRE_AGENT
   */
  readonly image?: string;
  /**
   * Image of the init container that prepares the socket directory.
   *
   * Day two: can change at any time; the agents roll.
   * @default SpireImages.BUSYBOX
   */
  readonly initImage?: string;
  /**
   * CPU and memory of the agent container.
   *
   * Day two: can change at any time; the agents roll.
   * @default - requests 25m CPU and 64Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * PriorityClass of the agent pods. Pass an empty string for none.
   *
   * Day two: can change at any time; the agents roll.
   * @default 'system-node-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Node labels an agent pod must match.
   *
   * Day two: can change; agents leave nodes that no longer match, and workloads there lose the
   * Workload API.
   * @default - every node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Run an agent on every node, whatever its taints (tolerate all taints).
   * Workloads on tainted nodes get no identity without an agent there.
   *
   * Day two: can change; turning it off removes the agents from tainted nodes, and workloads there
   * lose the Workload API.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
}
