import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PASSWORD_PLACEHOLDER, strayExpansions } from './connection-string';
import type { SpireControllerManager } from './controller-manager';
import type { ResolvedServerOptions } from './resolve-server-options';
import { VAULT_TOKEN_PLACEHOLDER } from './upstream-authority-setup';
import { stableJson } from '../../config/json';
import { renderServerConfig } from '../../config/server-config';
import { propertyError } from '../../errors';
import { bundleEndpointConfig, bundleEndpointVolumes } from '../../federation/bundle-endpoint-server';
import type { ResolvedBundleEndpoint } from '../../federation/resolve-bundle-endpoint';
import { goDuration } from '../../spiffe/duration';
import type { SpireWiring } from '../../wiring';
import { contentHash } from '../common/hash';
import type { IContainer, IStatefulSet } from '../common/kubernetes';
import { componentLabels, selectorLabels } from '../common/labels';
import { emitMonitoring } from '../common/monitors';
import { ObjectScope } from '../common/object-scope';
import { clusterRoleFor, roleFor, serviceAccount } from '../common/rbac';
import type { ResolvedTelemetry } from '../common/resolve-telemetry';
import { nonRootPod, restrictedContainer } from '../common/security';
import { spreadFields } from '../common/spread-fields';

const CONFIG_VOLUME = 'spire-config';
/** The server's private API socket directory, shared with its sidecars. */
export const SOCKET_VOLUME = 'spire-server-socket';
const TMP_VOLUME = 'server-tmp';

/**
 * The SPIRE server: a StatefulSet whose volume keeps the sqlite datastore and
 * the disk KeyManager's keys, so a restart keeps the CA and every
 * registration. It attests agents with k8s_psat and publishes the trust bundle
 * to a ConfigMap next to the agents.
 */
export class SpireServer {
  public readonly statefulSet: ApiObject;
  public readonly configMap: ApiObject;

  constructor(scope: Construct, id: string, wiring: SpireWiring, options: ResolvedServerOptions, controllerManager: SpireControllerManager,
    bundleEndpoint?: ResolvedBundleEndpoint, telemetry?: ResolvedTelemetry) {
    const objects = ObjectScope.of(scope).part(id);
    const server = wiring.server;
    const namespace = wiring.serverNamespace;
    const labels = componentLabels(server.name, 'server');
    const selector = selectorLabels(server.name);
    const dataStore = options.dataStoreSetup;
    const upstream = options.upstreamAuthority;

    serviceAccount(objects, server.serviceAccount, namespace, labels, true);

    const config = stableJson(renderServerConfig({
      trustDomain: wiring.trustDomain,
      bindPort: server.port,
      healthPort: server.healthPort,
      socketPath: `${server.socketDirectory}/${server.socketFile}`,
      dataDirectory: server.dataDirectory,
      logLevel: options.logLevel,
      logFormat: options.logFormat,
      caTtl: goDuration(options.caTtl),
      x509SvidTtl: goDuration(options.x509SvidTtl),
      jwtSvidTtl: goDuration(options.jwtSvidTtl),
      agentTtl: options.agentTtl && goDuration(options.agentTtl),
      caKeyType: options.caKeyType,
      caSubject: options.caSubject,
      jwtIssuer: options.jwtIssuer,
      bundleEndpoint: bundleEndpoint && bundleEndpointConfig(bundleEndpoint),
      dataStore: dataStore.pluginData,
      keyManager: options.keyManager.pluginName,
      keysPath: `${server.dataDirectory}/keys.json`,
      upstreamAuthority: upstream && { name: upstream.pluginName, data: upstream.pluginData },
      prometheusPort: telemetry?.serverPort,
      nodeAttestation: {
        clusterName: wiring.clusterName,
        serviceAccountAllowList: [`${wiring.systemNamespace}:${wiring.agent.serviceAccount}`],
        audience: [wiring.agent.tokenAudience],
      },
      bundle: {
        clusterName: wiring.clusterName,
        namespace: wiring.bundle.namespace,
        configMapName: wiring.bundle.configMap,
        configMapKey: wiring.bundle.key,
        format: wiring.bundle.format,
      },
    }));
    this.configMap = objects.add('ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: server.name, namespace, labels },
      data: { [server.configFile]: config },
    });

    // -expandEnv only when needed: it rewrites every "$" in the file, so
    // nothing but our placeholders may contain one (os.ExpandEnv semantics).
    const expandEnv = dataStore.expandEnv || (upstream?.expandEnv ?? false);
    if (expandEnv) {
      const stray = strayExpansions(config, [PASSWORD_PLACEHOLDER, VAULT_TOKEN_PLACEHOLDER]);
      if (stray.length > 0) {
        throw propertyError(scope, 'server config', stray[0], 'contains a "$" that SPIRE\'s -expandEnv (Go os.ExpandEnv, needed for the Secret placeholders) would replace with an environment variable',
          'remove the "$" from that value');
      }
    }
    const env = [...dataStore.env, ...(upstream?.env ?? [])];
    const bundlePort = bundleEndpoint?.port;
    const bundleVolumes = bundleEndpointVolumes(bundleEndpoint);
    const container: IContainer = {
      name: 'spire-server',
      image: options.image,
      imagePullPolicy: 'IfNotPresent',
      args: ['-config', `${server.configDirectory}/${server.configFile}`, ...(expandEnv ? ['-expandEnv'] : [])],
      env: env.length > 0 ? env : undefined,
      ports: [
        { name: 'grpc', containerPort: server.port, protocol: 'TCP' },
        { name: 'healthz', containerPort: server.healthPort, protocol: 'TCP' },
        ...(bundlePort !== undefined ? [{ name: 'federation', containerPort: bundlePort, protocol: 'TCP' as const }] : []),
        ...(telemetry ? [{ name: 'prom', containerPort: telemetry.serverPort, protocol: 'TCP' as const }] : []),
      ],
      livenessProbe: { httpGet: { path: '/live', port: 'healthz' }, initialDelaySeconds: 15, periodSeconds: 60, timeoutSeconds: 3, failureThreshold: 2 },
      readinessProbe: { httpGet: { path: '/ready', port: 'healthz' }, initialDelaySeconds: 5, periodSeconds: 5 },
      resources: options.resources,
      securityContext: restrictedContainer(),
      volumeMounts: [
        { name: CONFIG_VOLUME, mountPath: server.configDirectory, readOnly: true },
        { name: server.dataVolume, mountPath: server.dataDirectory },
        { name: SOCKET_VOLUME, mountPath: server.socketDirectory },
        { name: TMP_VOLUME, mountPath: '/tmp' },
        ...dataStore.mounts,
        ...(upstream?.mounts ?? []),
        ...bundleVolumes.mounts,
      ],
    };

    const statefulSet: IStatefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: server.name, namespace, labels },
      spec: {
        replicas: options.replicas,
        serviceName: server.name,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels,
            annotations: {
              'kubectl.kubernetes.io/default-container': container.name,
              'checksum/config': contentHash(config + controllerManager.configHash),
            },
          },
          spec: {
            serviceAccountName: server.serviceAccount,
            // As every upstream SPIRE deployment does for the server and its controller-manager sidecar.
            shareProcessNamespace: true,
            securityContext: nonRootPod(),
            priorityClassName: options.priorityClassName,
            nodeSelector: options.nodeSelector,
            ...(options.replicas > 1 ? spreadFields(options.spread, selector) : {}),
            containers: [
              container,
              telemetry ? withMetricsPort(controllerManager.container, wiring.controllerManager.metricsPort) : controllerManager.container,
            ],
            volumes: [
              { name: CONFIG_VOLUME, configMap: { name: server.name } },
              { name: SOCKET_VOLUME, emptyDir: {} },
              { name: TMP_VOLUME, emptyDir: {} },
              ...bundleVolumes.volumes,
              ...controllerManager.volumes,
              ...dataStore.volumes,
              ...(upstream?.volumes ?? []),
            ],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: server.dataVolume, labels: selector },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: options.storage } },
            storageClassName: options.storageClassName,
          },
        }],
      },
    };
    this.statefulSet = objects.add('StatefulSet', statefulSet);

    objects.add('Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: server.name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [
          { name: 'grpc', port: server.port, targetPort: 'grpc', protocol: 'TCP' },
          ...(bundlePort !== undefined ? [{ name: 'federation', port: bundlePort, targetPort: 'federation', protocol: 'TCP' as const }] : []),
        ],
      },
    });

    if (options.replicas > 1) {
      objects.add('PodDisruptionBudget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: server.name, namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      });
    }

    const subject = { name: server.serviceAccount, namespace };
    // k8s_psat: review agent tokens, and check the pod and node they name.
    clusterRoleFor(objects, 'Rbac', server.clusterRole, subject, [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] },
    ], labels);

    // The bundle ConfigMap exists from the start (agents mount it) and carries
    // no data here, so re-applying these manifests never erases the bundle the
    // server publishes into it. The server may only read and patch this one
    // object (SPIRE publishes with a server-side apply, a PATCH).
    const bundle = wiring.bundle;
    objects.add('BundleConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: bundle.configMap, namespace: bundle.namespace, labels },
    });
    roleFor(objects, 'BundleRbac', bundle.role, bundle.namespace, subject, [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [bundle.configMap], verbs: ['get', 'patch'] },
    ], labels);

    if (upstream?.role) {
      roleFor(objects, 'UpstreamAuthorityRbac', `${server.name}-upstream-authority`, upstream.role.namespace, subject, upstream.role.rules, labels);
    }

    if (telemetry) {
      const cmPort = wiring.controllerManager.metricsPort;
      emitMonitoring(objects, {
        name: server.name,
        namespace,
        selector,
        labels,
        ports: [{ name: 'prom', port: telemetry.serverPort }, { name: 'prom-cm', port: cmPort }],
      }, telemetry.monitor);
    }
  }
}

/** The controller manager always serves metrics; telemetry names the port so monitors and Services can target it. */
function withMetricsPort(container: IContainer, port: number): IContainer {
  return { ...container, ports: [...(container.ports ?? []), { name: 'prom-cm', containerPort: port, protocol: 'TCP' }] };
}
