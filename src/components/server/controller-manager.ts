import { Construct } from 'constructs';
import type { ResolvedControllerManagerOptions } from './resolve-controller-manager-options';
import { renderControllerManagerConfig } from '../../config/controller-manager-config';
import { stableJson } from '../../config/json';
import {
  CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL, CLUSTER_SPIFFE_ID_PLURAL, CLUSTER_STATIC_ENTRY_PLURAL, SPIRE_GROUP, SPIRE_VERSION,
} from '../../crds/names';
import { WEBHOOKS, type SpireWiring } from '../../wiring';
import { contentHash } from '../common/hash';
import type { IContainer, IVolume } from '../common/kubernetes';
import { componentLabels, selectorLabels } from '../common/labels';
import { ObjectScope } from '../common/object-scope';
import { clusterRoleFor, roleFor } from '../common/rbac';
import { restrictedContainer } from '../common/security';

const SERVER_SOCKET_VOLUME = 'spire-server-socket';
const CONFIG_VOLUME = 'controller-manager-config';
const TMP_VOLUME = 'controller-manager-tmp';
const SPIRE_RESOURCES = [CLUSTER_SPIFFE_ID_PLURAL, CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL, CLUSTER_STATIC_ENTRY_PLURAL];

/**
 * The SPIRE controller manager: turns ClusterSPIFFEID, ClusterFederatedTrustDomain
 * and ClusterStaticEntry resources into SPIRE entries. It runs as a sidecar in
 * the server pod and reaches the server API through a shared socket volume;
 * this construct emits its config, RBAC and webhook, and hands its container
 * to the server's StatefulSet.
 */
export class SpireControllerManager {
  /** The sidecar container for the server pod. */
  public readonly container: IContainer;
  /** Volumes the sidecar needs (the socket volume is the server's). */
  public readonly volumes: IVolume[];
  /** Hash of the rendered config; a change rolls the server pods. */
  public readonly configHash: string;

  constructor(scope: Construct, id: string, wiring: SpireWiring, options: ResolvedControllerManagerOptions) {
    const objects = ObjectScope.of(scope).part(id);
    const cm = wiring.controllerManager;
    const namespace = wiring.serverNamespace;
    const labels = componentLabels(wiring.server.name, 'controller-manager');

    const config = stableJson(renderControllerManagerConfig({
      trustDomain: wiring.trustDomain,
      clusterName: wiring.clusterName,
      className: wiring.className,
      watchClassless: options.watchClassless,
      ignoreNamespaces: options.ignoreNamespaces,
      spireServerSocketPath: `${cm.serverSocketMountDirectory}/${wiring.server.socketFile}`,
      validatingWebhookConfigurationName: cm.webhookConfigurationName,
      webhookPort: cm.webhookPort,
      healthPort: cm.healthPort,
      metricsPort: cm.metricsPort,
      leaseName: cm.leaseName,
      leaseNamespace: namespace,
      logLevel: options.logLevel.toLowerCase(),
      logEncoding: options.logEncoding,
      entryIdPrefix: wiring.clusterName,
    }));
    this.configHash = contentHash(config);
    objects.add('ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: cm.configMap, namespace, labels },
      data: { [cm.configFile]: config },
    });

    this.container = {
      name: 'spire-controller-manager',
      image: options.image,
      imagePullPolicy: 'IfNotPresent',
      args: [`--config=${cm.configDirectory}/${cm.configFile}`],
      env: [{ name: 'ENABLE_WEBHOOKS', value: 'true' }],
      ports: [
        { name: 'webhook', containerPort: cm.webhookPort, protocol: 'TCP' },
        { name: 'cm-healthz', containerPort: cm.healthPort, protocol: 'TCP' },
      ],
      livenessProbe: { httpGet: { path: '/healthz', port: 'cm-healthz' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      readinessProbe: { httpGet: { path: '/readyz', port: 'cm-healthz' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      resources: options.resources,
      securityContext: restrictedContainer(),
      volumeMounts: [
        { name: SERVER_SOCKET_VOLUME, mountPath: cm.serverSocketMountDirectory, readOnly: true },
        { name: CONFIG_VOLUME, mountPath: cm.configDirectory, readOnly: true },
        { name: TMP_VOLUME, mountPath: '/tmp' },
      ],
    };
    this.volumes = [
      { name: CONFIG_VOLUME, configMap: { name: cm.configMap } },
      { name: TMP_VOLUME, emptyDir: {} },
    ];

    const subject = { name: wiring.server.serviceAccount, namespace };
    clusterRoleFor(objects, 'Rbac', cm.clusterRole, subject, [
      { apiGroups: [''], resources: ['namespaces', 'nodes', 'pods', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      // Its cache lists and watches webhook configurations; it only patches its own (caBundle).
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['list', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], resourceNames: [cm.webhookConfigurationName], verbs: ['get', 'patch'] },
      // Reads the registrations and reports on them; it never creates or deletes them.
      { apiGroups: [SPIRE_GROUP], resources: SPIRE_RESOURCES, verbs: ['get', 'list', 'watch', 'patch', 'update'] },
      { apiGroups: [SPIRE_GROUP], resources: SPIRE_RESOURCES.map(r => `${r}/status`), verbs: ['get', 'patch', 'update'] },
      { apiGroups: [SPIRE_GROUP], resources: SPIRE_RESOURCES.map(r => `${r}/finalizers`), verbs: ['update'] },
    ], labels);
    roleFor(objects, 'LeaderElection', cm.leaderElectionRole, namespace, subject, [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ], labels);

    objects.add('WebhookService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: cm.webhookService, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(wiring.server.name),
        ports: [{ name: 'https', port: 443, targetPort: 'webhook', protocol: 'TCP' }],
      },
    });

    // No caBundle: the controller manager mints its own serving certificate
    // from SPIRE and patches it in. GitOps tools should ignore that field.
    objects.add('ValidatingWebhookConfiguration', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: cm.webhookConfigurationName, labels },
      webhooks: WEBHOOKS.map(webhook => ({
        name: webhook.name,
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: cm.webhookService, namespace, path: webhook.path, port: 443 } },
        failurePolicy: 'Fail',
        sideEffects: 'None',
        timeoutSeconds: 10,
        rules: [{
          apiGroups: [SPIRE_GROUP],
          apiVersions: [SPIRE_VERSION],
          operations: ['CREATE', 'UPDATE'],
          resources: [webhook.resource],
          scope: 'Cluster',
        }],
      })),
    });
  }
}
