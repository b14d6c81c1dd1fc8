import { IConstruct } from 'constructs';
import { AgentKeyManager } from './agent-key-manager';
import type { SpireAgentOptions } from './agent-options';
import type { AgentSdsOptions } from './agent-sds-options';
import { KubeletVerification } from './kubelet-verification';
import type { DockerAttestorOptions, UnixAttestorOptions } from './workload-attestor-options';
import { checkEach, propertyError } from '../../errors';
import { SpireImages } from '../../images';
import { checkAbsolutePath, checkImage, checkInteger, checkNodeSelector, checkPriorityClass } from '../common/checks';
import type { IResourceRequirements } from '../common/kubernetes';
import type { LogFormat } from '../common/log-format';
import { LogLevel } from '../common/log-level';
import { resourceRequirements } from '../common/resources';

/** The file name Istio's proxy looks for in its workload-socket directory. */
export const ISTIO_SOCKET_FILE = 'socket';

/** The agent's own socket name (as in the hardened Helm chart); `socket` is an alias of it. */
export const DEFAULT_SOCKET_FILE = 'spire-agent.sock';

/**
 * Names the socket is also reachable under: Istio's, and SPIRE's own default
 * (`api.sock`, where SPIRE's and SPIFFE tools look without configuration).
 */
export const SOCKET_ALIASES = [ISTIO_SOCKET_FILE, 'api.sock'];

/** Agent options with defaults applied and every value checked. */
export interface ResolvedAgentOptions {
  readonly kubeletVerification: KubeletVerification;
  readonly sds?: AgentSdsOptions;
  readonly disableContainerSelectors: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat?: LogFormat;
  readonly unixAttestor?: UnixAttestorOptions;
  readonly dockerAttestor?: { readonly socketPath: string; readonly containerIdCgroupMatchers?: string[] };
  readonly keyManager: AgentKeyManager;
  /** Node directory of the disk key manager's data, when it is used. */
  readonly keyDirectory?: string;
  /** Whether the agent container must run as root (docker socket, unix path discovery). */
  readonly runAsRoot: boolean;
  readonly image: string;
  readonly initImage: string;
  readonly resources: IResourceRequirements;
  readonly priorityClassName?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerateAllTaints: boolean;
}

/** The socket file name; checked on its own because wiring needs it first. */
export function checkSocketFileName(scope: IConstruct, name: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name === '.' || name === '..') {
    throw propertyError(scope, 'agent.socketFileName', name, 'must be a bare file name ([A-Za-z0-9._-], no "/"; Istio rejects paths here too)', 'pass a name such as "socket" or "spire-agent.sock"');
  }
  return name;
}

/** The node directory of the socket; checked on its own because wiring needs it first. */
export function checkSocketDirectory(scope: IConstruct, directory: string): string {
  checkAbsolutePath(scope, 'agent.socketDirectory', directory);
  if (directory === '/var/lib/kubelet' || directory.startsWith('/var/lib/kubelet/')) {
    throw propertyError(scope, 'agent.socketDirectory', directory, 'must not be inside the kubelet directory, which the CSI driver bind-mounts into pods', 'keep the default "/run/spire/agent-sockets"');
  }
  return directory;
}

export function resolveAgentOptions(scope: IConstruct, options: SpireAgentOptions = {}): ResolvedAgentOptions {
  const kubeletVerification = options.kubeletVerification ?? KubeletVerification.skip();
  if (kubeletVerification.hostCaPath !== undefined) {
    checkAbsolutePath(scope, 'agent.kubeletVerification hostCaFile', kubeletVerification.hostCaPath);
  }
  checkSds(scope, options.sds);
  const unix = checkUnix(scope, options.unixAttestor);
  const docker = checkDocker(scope, options.dockerAttestor);
  const keyManager = options.keyManager ?? AgentKeyManager.memory();
  const keyDirectory = keyManager.pluginName === 'disk'
    ? checkAbsolutePath(scope, 'agent.keyManager hostDirectory', keyManager.hostDirectory ?? '/var/lib/spire-agent')
    : undefined;
  return {
    kubeletVerification,
    sds: options.sds,
    disableContainerSelectors: options.disableContainerSelectors ?? false,
    logLevel: options.logLevel ?? LogLevel.INFO,
    logFormat: options.logFormat,
    unixAttestor: unix,
    dockerAttestor: docker,
    keyManager,
    keyDirectory,
    runAsRoot: docker !== undefined || unix?.discoverWorkloadPath === true,
    image: checkImage(scope, 'agent.image', options.image ?? SpireImages.SPIRE_AGENT),
    initImage: checkImage(scope, 'agent.initImage', options.initImage ?? SpireImages.BUSYBOX),
    resources: resourceRequirements(scope, 'agent.resources', { cpu: '25m', memory: '64Mi' }, options.resources),
    priorityClassName: checkPriorityClass(scope, 'agent.priorityClassName', options.priorityClassName ?? 'system-node-critical'),
    nodeSelector: checkNodeSelector(scope, 'agent.nodeSelector', options.nodeSelector),
    tolerateAllTaints: options.tolerateAllTaints ?? false,
  };
}

/** SPIRE's own SDS defaults, used to compare what the user left unset. */
export const SDS_DEFAULTS = { defaultSvidName: 'default', defaultBundleName: 'ROOTCA', defaultAllBundlesName: 'ALL' } as const;

function checkSds(scope: IConstruct, sds: AgentSdsOptions | undefined): void {
  if (!sds) return;
  for (const field of ['defaultSvidName', 'defaultBundleName', 'defaultAllBundlesName'] as const) {
    const value = sds[field];
    if (value !== undefined && (value.length === 0 || /\s/.test(value))) {
      throw propertyError(scope, `agent.sds.${field}`, value, 'must be a non-empty SDS resource name without whitespace',
        `drop agent.sds.${field} to keep SPIRE's default "${SDS_DEFAULTS[field]}"`);
    }
  }
  const bundle = sds.defaultBundleName ?? SDS_DEFAULTS.defaultBundleName;
  const allBundles = sds.defaultAllBundlesName ?? SDS_DEFAULTS.defaultAllBundlesName;
  if (bundle === allBundles) {
    throw propertyError(scope, 'agent.sds.defaultAllBundlesName', allBundles,
      'equals defaultBundleName (SPIRE rule: the two SDS names must differ, else SPIRE ignores default_all_bundles_name and Envoy never gets the federated bundles)',
      'give the two different names; for Istio with federation use defaultBundleName "null" and defaultAllBundlesName "ROOTCA"');
  }
}

function checkUnix(scope: IConstruct, unix: UnixAttestorOptions | undefined): UnixAttestorOptions | undefined {
  if (!unix) return undefined;
  if (unix.workloadSizeLimit !== undefined) {
    checkInteger(scope, 'agent.unixAttestor.workloadSizeLimit', unix.workloadSizeLimit, -1, Number.MAX_SAFE_INTEGER);
    if (!unix.discoverWorkloadPath) {
      throw propertyError(scope, 'agent.unixAttestor.workloadSizeLimit', unix.workloadSizeLimit,
        'has no effect without discoverWorkloadPath (only unix:sha256, which needs the workload path, hashes binaries)',
        'set discoverWorkloadPath: true, or drop workloadSizeLimit');
    }
  }
  return unix;
}

function checkDocker(scope: IConstruct, docker: DockerAttestorOptions | undefined) {
  if (!docker) return undefined;
  const socketPath = checkAbsolutePath(scope, 'agent.dockerAttestor.socketPath', docker.socketPath ?? '/var/run/docker.sock');
  // SPIRE's matcher language: "/"-separated segments of literals, "*" and one "<id>" (doc/plugin_agent_workloadattestor_docker.md).
  checkEach(scope, 'agent.dockerAttestor.containerIdCgroupMatchers', docker.containerIdCgroupMatchers, pattern =>
    !pattern.startsWith('/') ? 'must start with "/"'
      : (pattern.match(/<id>/g) ?? []).length !== 1 ? 'must contain the <id> token exactly once'
        : undefined,
  'write a pattern such as "/docker/<id>" or "/my.slice/*/<id>/*"');
  return { socketPath, containerIdCgroupMatchers: docker.containerIdCgroupMatchers };
}
