import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedCsiDriverOptions } from './resolve-csi-driver-options';
import type { SpireWiring } from '../../wiring';
import type { IDaemonSet } from '../common/kubernetes';
import { componentLabels, selectorLabels } from '../common/labels';
import { ObjectScope } from '../common/object-scope';
import { serviceAccount } from '../common/rbac';

const AGENT_SOCKET_VOLUME = 'spire-agent-socket-dir';
const CSI_SOCKET_VOLUME = 'spiffe-csi-socket-dir';
const MOUNTPOINT_VOLUME = 'mountpoint-dir';
const REGISTRATION_VOLUME = 'kubelet-plugin-registration-dir';
const REGISTRAR_HEALTH_PORT = 9809;

/**
 * The SPIFFE CSI driver: gives pods the agent's socket directory as a
 * read-only, ephemeral CSI volume (`csi: { driver: <driverName>, readOnly: true }`),
 * so workloads and Istio proxies reach the Workload API without hostPath.
 */
export class SpiffeCsiDriver {
  public readonly daemonSet: ApiObject;

  constructor(scope: Construct, id: string, wiring: SpireWiring, options: ResolvedCsiDriverOptions) {
    const objects = ObjectScope.of(scope).part(id);
    const csi = wiring.csi;
    const namespace = wiring.systemNamespace;
    const labels = componentLabels(csi.name, 'csi-driver');
    const kubelet = csi.kubeletRootDirectory;
    const pluginDirectory = `${kubelet}/plugins/${csi.driverName}`;
    const csiSocket = `${csi.csiSocketDirectory}/csi.sock`;

    // The driver never calls the Kubernetes API.
    serviceAccount(objects, csi.serviceAccount, namespace, labels, false);

    const daemonSet: IDaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: csi.name, namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(csi.name) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': 'spiffe-csi-driver' } },
          spec: {
            serviceAccountName: csi.serviceAccount,
            automountServiceAccountToken: false,
            priorityClassName: options.priorityClassName,
            tolerations: options.tolerateAllTaints ? [{ operator: 'Exists' }] : undefined,
            containers: [
              {
                name: 'spiffe-csi-driver',
                image: options.image,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '-workload-api-socket-dir', wiring.agent.socketDirectory,
                  '-plugin-name', csi.driverName,
                  '-csi-socket-path', csiSocket,
                ],
                env: [{ name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                resources: options.resources,
                // Privileged: it bind-mounts into pod volumes with Bidirectional propagation.
                securityContext: { privileged: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [
                  { name: AGENT_SOCKET_VOLUME, mountPath: wiring.agent.socketDirectory, readOnly: true },
                  { name: CSI_SOCKET_VOLUME, mountPath: csi.csiSocketDirectory },
                  { name: MOUNTPOINT_VOLUME, mountPath: `${kubelet}/pods`, mountPropagation: 'Bidirectional' },
                ],
              },
              {
                name: 'node-driver-registrar',
                image: options.registrarImage,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '-csi-address', csiSocket,
                  '-kubelet-registration-path', `${pluginDirectory}/csi.sock`,
                  '-health-port', String(REGISTRAR_HEALTH_PORT),
                ],
                ports: [{ name: 'healthz', containerPort: REGISTRAR_HEALTH_PORT, protocol: 'TCP' }],
                livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
                resources: options.registrarResources,
                // Root only to write the kubelet's registration directory; nothing else.
                securityContext: {
                  runAsUser: 0,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: CSI_SOCKET_VOLUME, mountPath: csi.csiSocketDirectory },
                  { name: REGISTRATION_VOLUME, mountPath: '/registration' },
                ],
              },
            ],
            volumes: [
              { name: AGENT_SOCKET_VOLUME, hostPath: { path: wiring.agent.socketDirectory, type: 'DirectoryOrCreate' } },
              { name: CSI_SOCKET_VOLUME, hostPath: { path: pluginDirectory, type: 'DirectoryOrCreate' } },
              { name: MOUNTPOINT_VOLUME, hostPath: { path: `${kubelet}/pods`, type: 'Directory' } },
              { name: REGISTRATION_VOLUME, hostPath: { path: `${kubelet}/plugins_registry`, type: 'Directory' } },
            ],
          },
        },
      },
    };
    this.daemonSet = objects.add('DaemonSet', daemonSet);

    objects.add('CSIDriver', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: csi.driverName, labels },
      spec: {
        // Inline, ephemeral volumes only: nothing to provision or attach.
        attachRequired: false,
        // The driver checks that the pod asked for an ephemeral, read-only volume.
        podInfoOnMount: true,
        // The socket is world-accessible; never chown the mount.
        fsGroupPolicy: 'None',
        volumeLifecycleModes: ['Ephemeral'],
      },
    });
  }
}
