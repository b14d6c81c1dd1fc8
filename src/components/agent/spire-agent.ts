import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { dataDirectoryInit } from './agent-data-dir';
import type { AgentSdsOptions } from './agent-sds-options';
import { nodeDirectoryInit } from './node-directory-init';
import { SOCKET_ALIASES, type ResolvedAgentOptions } from './resolve-agent-options';
import { renderAgentConfig } from '../../config/agent-config';
import { stableJson } from '../../config/json';
import type { SpireWiring } from '../../wiring';
import { contentHash } from '../common/hash';
import type { IContainer, IDaemonSet, IVolume, IVolumeMount } from '../common/kubernetes';
import { componentLabels, selectorLabels } from '../common/labels';
import { emitMonitoring } from '../common/monitors';
import { ObjectScope } from '../common/object-scope';
import { clusterRoleFor, serviceAccount } from '../common/rbac';
import type { ResolvedTelemetry } from '../common/resolve-telemetry';
import { nonRootPod, restrictedContainer } from '../common/security';

const CONFIG_VOLUME = 'spire-config';
const BUNDLE_VOLUME = 'spire-bundle';
const SOCKET_VOLUME = 'spire-agent-socket-dir';
const TOKEN_VOLUME = 'spire-token';
const DATA_VOLUME = 'spire-agent-data';
const KUBELET_CA_VOLUME = 'kubelet-ca';
const KUBELET_CA_PATH = '/run/spire/kubelet-ca.crt';
const DOCKER_SOCKET_VOLUME = 'docker-socket';

/**
 * The SPIRE agent: one pod per node that attests itself to the server with a
 * projected service-account token (k8s_psat), attests workloads through the
 * kubelet, and serves the Workload API and Envoy SDS on a socket in a node
 * directory that the SPIFFE CSI driver shares with pods.
 */
export class SpireAgent {
  public readonly daemonSet: ApiObject;
  public readonly configMap: ApiObject;
  /** SDS names rendered into agent.conf; settable until synth. */
  public sds?: AgentSdsOptions;

  constructor(scope: Construct, id: string, wiring: SpireWiring, options: ResolvedAgentOptions, telemetry?: ResolvedTelemetry) {
    const objects = ObjectScope.of(scope).part(id);
    const agent = wiring.agent;
    const namespace = wiring.systemNamespace;
    const labels = componentLabels(agent.name, 'agent');
    const selector = selectorLabels(agent.name);
    const verification = options.kubeletVerification;

    serviceAccount(objects, agent.serviceAccount, namespace, labels, true);

    // Rendered at synth: an integration (IstioIntegration federation) may still
    // set the SDS names after construction.
    this.sds = options.sds;
    const render = () => stableJson(renderAgentConfig({
      trustDomain: wiring.trustDomain,
      serverAddress: wiring.server.address,
      serverPort: wiring.server.port,
      socketPath: `${agent.socketDirectory}/${agent.socketFileName}`,
      dataDirectory: agent.dataDirectory,
      logLevel: options.logLevel,
      trustBundlePath: `${wiring.bundle.mountDirectory}/${wiring.bundle.key}`,
      trustBundleFormat: wiring.bundle.format,
      healthPort: agent.healthPort,
      clusterName: wiring.clusterName,
      tokenPath: `${agent.tokenDirectory}/${agent.tokenFile}`,
      sds: this.sds,
      skipKubeletVerification: verification.skipVerification,
      kubeletCaPath: verification.hostCaPath !== undefined ? KUBELET_CA_PATH : undefined,
      disableContainerSelectors: options.disableContainerSelectors,
      logFormat: options.logFormat,
      prometheusPort: telemetry?.agentPort,
      keyManager: { name: options.keyManager.pluginName, directory: options.keyDirectory !== undefined ? agent.dataDirectory : undefined },
      unixAttestor: options.unixAttestor,
      dockerAttestor: options.dockerAttestor,
    }));
    this.configMap = objects.add('ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: agent.name, namespace, labels },
      data: { [agent.configFile]: lazyString(render) },
    });

    const mounts: IVolumeMount[] = [
      { name: CONFIG_VOLUME, mountPath: agent.configDirectory, readOnly: true },
      { name: BUNDLE_VOLUME, mountPath: wiring.bundle.mountDirectory, readOnly: true },
      { name: SOCKET_VOLUME, mountPath: agent.socketDirectory },
      { name: TOKEN_VOLUME, mountPath: agent.tokenDirectory, readOnly: true },
      { name: DATA_VOLUME, mountPath: agent.dataDirectory },
    ];
    const volumes: IVolume[] = [
      { name: CONFIG_VOLUME, configMap: { name: agent.name } },
      { name: BUNDLE_VOLUME, configMap: { name: wiring.bundle.configMap } },
      // A host directory, never an emptyDir: pods keep their bind mount of it
      // when the CSI driver or agent pod restarts.
      { name: SOCKET_VOLUME, hostPath: { path: agent.socketDirectory, type: 'DirectoryOrCreate' } },
      {
        name: TOKEN_VOLUME,
        projected: {
          sources: [{
            serviceAccountToken: { path: agent.tokenFile, audience: agent.tokenAudience, expirationSeconds: 7200 },
          }],
        },
      },
      // The disk KeyManager keeps the key (and data_dir the SVID) on the node.
      options.keyDirectory !== undefined
        ? { name: DATA_VOLUME, hostPath: { path: options.keyDirectory, type: 'DirectoryOrCreate' } }
        : { name: DATA_VOLUME, emptyDir: {} },
    ];
    if (verification.hostCaPath !== undefined) {
      mounts.push({ name: KUBELET_CA_VOLUME, mountPath: KUBELET_CA_PATH, readOnly: true });
      volumes.push({ name: KUBELET_CA_VOLUME, hostPath: { path: verification.hostCaPath, type: 'File' } });
    }
    if (options.dockerAttestor) {
      mounts.push({ name: DOCKER_SOCKET_VOLUME, mountPath: options.dockerAttestor.socketPath });
      volumes.push({ name: DOCKER_SOCKET_VOLUME, hostPath: { path: options.dockerAttestor.socketPath, type: 'Socket' } });
    }

    const container: IContainer = {
      name: 'spire-agent',
      image: options.image,
      imagePullPolicy: 'IfNotPresent',
      args: ['-config', `${agent.configDirectory}/${agent.configFile}`],
      ports: [
        { name: 'healthz', containerPort: agent.healthPort, protocol: 'TCP' },
        ...(telemetry ? [{ name: 'prom', containerPort: telemetry.agentPort, protocol: 'TCP' as const }] : []),
      ],
      livenessProbe: { httpGet: { path: '/live', port: 'healthz' }, initialDelaySeconds: 15, periodSeconds: 60, timeoutSeconds: 3 },
      readinessProbe: { httpGet: { path: '/ready', port: 'healthz' }, initialDelaySeconds: 5, periodSeconds: 10 },
      resources: options.resources,
      securityContext: options.runAsRoot ? rootContainer(options.unixAttestor?.discoverWorkloadPath === true) : restrictedContainer(),
      volumeMounts: mounts,
    };

    const daemonSet: IDaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: agent.name, namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: {
            labels,
            annotations: {
              'kubectl.kubernetes.io/default-container': container.name,
              'checksum/config': lazyString(() => contentHash(render())),
            },
          },
          spec: {
            serviceAccountName: agent.serviceAccount,
            // Workload attestation maps a caller's PID to its pod (host PID
            // namespace) and asks the kubelet on the node's loopback (host
            // network). No node name is given on purpose: with one, SPIRE
            // dials the kubelet by that name, which pods often cannot resolve.
            hostPID: true,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            securityContext: nonRootPod(),
            priorityClassName: options.priorityClassName,
            nodeSelector: options.nodeSelector,
            tolerations: options.tolerateAllTaints ? [{ operator: 'Exists' }] : undefined,
            initContainers: [
              socketDirectoryInit(agent.socketDirectory, agent.socketFileName, options.initImage),
              // A root agent writes its root-owned node directory itself.
              ...(options.keyDirectory !== undefined && !options.runAsRoot
                ? [dataDirectoryInit(DATA_VOLUME, agent.dataDirectory, options.initImage)]
                : []),
            ],
            containers: [container],
            volumes,
          },
        },
      },
    };
    this.daemonSet = objects.add('DaemonSet', daemonSet);

    // The k8s workload attestor reads pods from the kubelet (nodes/proxy).
    clusterRoleFor(objects, 'Rbac', agent.clusterRole, { name: agent.serviceAccount, namespace }, [
      { apiGroups: [''], resources: ['pods', 'nodes', 'nodes/proxy'], verbs: ['get'] },
    ], labels);

    if (telemetry) {
      emitMonitoring(objects, {
        name: agent.name,
        namespace,
        selector,
        labels,
        ports: [{ name: 'prom', port: telemetry.agentPort }],
      }, telemetry.monitor);
    }
  }
}

/**
 * The agent container as root, for the docker socket (root-owned) or the
 * unix attestor's path discovery (reading other users' /proc/<pid>/exe needs
 * SYS_PTRACE). Still no privilege escalation and a read-only root.
 */
function rootContainer(ptrace: boolean) {
  return {
    ...restrictedContainer(),
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    capabilities: { drop: ['ALL'], ...(ptrace ? { add: ['SYS_PTRACE'] } : {}) },
  };
}

/**
 * The socket directory: its other names, `socket` (Istio) and `api.sock`
 * (SPIRE's default), are linked to the socket while root owns it. Links are
 * relative, so they resolve inside every pod's bind mount.
 */
function socketDirectoryInit(directory: string, fileName: string, image: string): IContainer {
  return nodeDirectoryInit({
    name: 'prepare-socket-dir',
    volumeName: SOCKET_VOLUME,
    directory,
    mode: '0755',
    whileRootOwned: dir => SOCKET_ALIASES.map(alias => alias === fileName
      // A stale link from an earlier configuration would shadow the real socket.
      ? `if [ -L ${dir}/${alias} ]; then rm -f ${dir}/${alias}; fi`
      : `ln -sfn '${fileName}' ${dir}/${alias}`),
    image,
  });
}

/** A string resolved at synth time. */
function lazyString(produce: () => string): string {
  return Lazy.any({ produce }) as unknown as string;
}
