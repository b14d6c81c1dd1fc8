import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { OidcDiscoveryProviderProps } from './oidc-discovery-provider-props';
import { OIDC_NAME, resolveOidc, type ResolvedOidc } from './resolve-oidc';
import { stableJson } from '../../config/json';
import { renderOidcConfig } from '../../config/oidc-config';
import { SpireImages } from '../../images';
import { ClusterSpiffeId } from '../../registration/cluster-spiffe-id';
import type { Spire } from '../../spire';
import { ACCEPT_KNOWN_DEFECTS_ANNOTATION } from '../../versions/known-defects';
import { contentHash } from '../common/hash';
import { checkImagePolicy, warnReleasedWithServer } from '../common/image-policy';
import type { IContainer, IVolume } from '../common/kubernetes';
import { componentLabels, selectorLabels } from '../common/labels';
import { ObjectScope } from '../common/object-scope';
import { serviceAccount } from '../common/rbac';
import { nonRootPod, restrictedContainer } from '../common/security';
import { SOCKET_VOLUME } from '../server/spire-server';

const CONFIG_FILE = 'oidc-discovery-provider.conf';
const CONFIG_DIRECTORY = '/run/spire/oidc-config';
const CONFIG_VOLUME = 'spire-oidc-config';
const WORKLOAD_API_VOLUME = 'spiffe-workload-api';
const WORKLOAD_API_DIRECTORY = '/spiffe-workload-api';
const SERVER_SOCKET_DIRECTORY = '/run/spire/server-socket';
const TLS_VOLUME = 'spire-oidc-tls';
const TLS_DIRECTORY = '/run/spire/oidc-tls';
const HTTP_PORT = 8080;
const HTTPS_PORT = 8443;
const HEALTH_PORT = 8008;

/**
 * The provider's ports. In its own pod the usual ones; as a sidecar of the
 * server pod, the first ones its neighbours (server, controller manager,
 * bundle endpoint) leave free, since containers of a pod share one network.
 */
function providerPorts(taken: number[]): { http: number; https: number; health: number } {
  const pick = (preferred: number) => {
    let port = preferred;
    while (taken.includes(port)) port++;
    taken.push(port);
    return port;
  };
  return { http: pick(HTTP_PORT), https: pick(HTTPS_PORT), health: pick(HEALTH_PORT) };
}
const ID_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/**
 * The SPIRE OIDC discovery provider: publishes the trust domain's JWT signing
 * keys (`/keys`) and an OIDC discovery document
 * (`/.well-known/openid-configuration`) whose issuer is the server's
 * `jwt_issuer`, so relying parties such as cloud IAM can verify JWT SVIDs.
 *
 * By default it runs as its own Deployment reading the keys from the node's
 * SPIRE agent through the SPIFFE CSI driver, registered by its own
 * ClusterSPIFFEID; put it in a chart applied once the SPIRE server is Ready.
 * With `OidcKeySource.serverApi()` it runs as a sidecar of the server pod
 * instead, and its objects are emitted with the Spire.
 */
export class OidcDiscoveryProvider extends Construct {
  /** The issuer URL the provider announces (the Spire's `jwtIssuer`). */
  public readonly issuer: string;
  /** Host names the provider answers. */
  public readonly domains: string[];
  /** Namespace of the provider. */
  public readonly namespace: string;
  /** Name of its Service. */
  public readonly serviceName: string;
  /** The ConfigMap holding the provider's config (escape hatch). */
  public readonly configMap: ApiObject;
  /** The provider Deployment, with the Workload API source (escape hatch). */
  public readonly deployment?: ApiObject;
  /** The provider's registration, with the Workload API source. */
  public readonly identity?: ClusterSpiffeId;

  constructor(scope: Construct, id: string, props: OidcDiscoveryProviderProps) {
    super(scope, id);
    const spire = props.spire;
    const resolved = resolveOidc(this, props);
    const verdict = checkImagePolicy(this, [
      { property: 'image', component: 'oidc-discovery-provider', image: resolved.image, defaultImage: SpireImages.OIDC_DISCOVERY_PROVIDER },
    ], props.acceptKnownDefects, 'acceptKnownDefects').get('image')!;
    warnReleasedWithServer(this, 'image', verdict, spire.serverImage);
    const serverApi = resolved.source === 'server_api';
    // With the server API the provider lives in the server pod, so its
    // ConfigMap must exist when the server chart is applied.
    const home = serverApi ? ObjectScope.of(spire).part(`OidcDiscoveryProvider-${id}`) : ObjectScope.of(this);
    const namespace = resolved.namespace;
    const labels = componentLabels(OIDC_NAME, 'oidc-discovery-provider');
    this.issuer = resolved.issuer;
    this.domains = resolved.domains;
    this.namespace = namespace;
    this.serviceName = OIDC_NAME;

    const wiring = spire._wiring;
    const ports = providerPorts(serverApi ? [
      wiring.server.port, wiring.server.healthPort,
      wiring.controllerManager.webhookPort, wiring.controllerManager.healthPort, wiring.controllerManager.metricsPort,
      ...(spire._bundleEndpoint ? [spire._bundleEndpoint.port] : []),
    ] : []);
    const containerPort = resolved.tls ? ports.https : ports.http;
    const config = stableJson(renderOidcConfig({
      domains: resolved.domains,
      logLevel: resolved.logLevel,
      logFormat: resolved.logFormat,
      jwtIssuer: resolved.issuer,
      jwksUri: resolved.jwksUri,
      healthPort: ports.health,
      workloadApi: serverApi ? undefined : { socketPath: `${WORKLOAD_API_DIRECTORY}/${spire.socketFileName}`, trustDomain: spire.trustDomain },
      serverApiAddress: serverApi ? `unix://${SERVER_SOCKET_DIRECTORY}/${wiring.server.socketFile}` : undefined,
      insecureAddress: resolved.tls ? undefined : `:${ports.http}`,
      servingCertFile: resolved.tls && {
        certFilePath: `${TLS_DIRECTORY}/${resolved.tls.certificateKey}`,
        keyFilePath: `${TLS_DIRECTORY}/${resolved.tls.privateKeyKey}`,
        address: `:${ports.https}`,
      },
    }));

    if (resolved.createNamespace) {
      home.add('Namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          labels: {
            'app.kubernetes.io/part-of': 'spire',
            'app.kubernetes.io/managed-by': 'cdk8s-spire',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
            // The provider needs no mesh; a sidecar would wait for SPIRE identities it serves keys for.
            'istio-injection': 'disabled',
          },
        },
      });
    }
    this.configMap = home.add('ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: OIDC_NAME, namespace, labels },
      data: { [CONFIG_FILE]: config },
    });

    const volumes: IVolume[] = [{ name: CONFIG_VOLUME, configMap: { name: OIDC_NAME } }];
    const container: IContainer = {
      name: 'oidc-discovery-provider',
      image: resolved.image,
      imagePullPolicy: 'IfNotPresent',
      args: ['-config', `${CONFIG_DIRECTORY}/${CONFIG_FILE}`],
      ports: [
        { name: resolved.tls ? 'oidc-https' : 'oidc-http', containerPort, protocol: 'TCP' },
        { name: 'oidc-healthz', containerPort: ports.health, protocol: 'TCP' },
      ],
      readinessProbe: { httpGet: { path: '/ready', port: 'oidc-healthz' }, initialDelaySeconds: 5, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/live', port: 'oidc-healthz' }, initialDelaySeconds: 5, periodSeconds: 10 },
      resources: resolved.resources,
      securityContext: restrictedContainer(),
      volumeMounts: [
        { name: CONFIG_VOLUME, mountPath: CONFIG_DIRECTORY, readOnly: true },
        serverApi
          ? { name: SOCKET_VOLUME, mountPath: SERVER_SOCKET_DIRECTORY, readOnly: true }
          : { name: WORKLOAD_API_VOLUME, mountPath: WORKLOAD_API_DIRECTORY, readOnly: true },
        ...(resolved.tls ? [{ name: TLS_VOLUME, mountPath: TLS_DIRECTORY, readOnly: true }] : []),
      ],
    };
    if (resolved.tls) volumes.push({ name: TLS_VOLUME, secret: { secretName: resolved.tls.secretName, defaultMode: 0o440 } });

    const podLabels = serverApi ? selectorLabels(wiring.server.name) : { ...selectorLabels(OIDC_NAME), 'app.kubernetes.io/component': 'oidc-discovery-provider' };
    if (serverApi) {
      addServerSidecar(spire, container, volumes, config);
    } else {
      serviceAccount(home, OIDC_NAME, namespace, labels, false);
      volumes.push({ name: WORKLOAD_API_VOLUME, csi: { driver: spire.csiDriverName, readOnly: true } });
      this.deployment = home.add('Deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: OIDC_NAME, namespace, labels },
        spec: {
          replicas: resolved.replicas,
          selector: { matchLabels: selectorLabels(OIDC_NAME) },
          template: {
            metadata: { labels: { ...labels, ...podLabels }, annotations: { 'checksum/config': contentHash(config) } },
            spec: {
              serviceAccountName: OIDC_NAME,
              automountServiceAccountToken: false,
              securityContext: nonRootPod(),
              containers: [container],
              volumes,
            },
          },
        },
      });
      if (verdict.accepted.length > 0) this.deployment.metadata.addAnnotation(ACCEPT_KNOWN_DEFECTS_ANNOTATION, verdict.accepted.map(d => d.id).join(','));
      // Without an entry the agent gives the provider no bundle: its own identity.
      this.identity = new ClusterSpiffeId(this, 'Identity', {
        spire,
        spiffeIdTemplate: props.spiffeIdTemplate ?? ID_TEMPLATE,
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
        podSelector: { matchLabels: podLabels },
        workloadSelectorTemplates: [`k8s:ns:${namespace}`, `k8s:sa:${OIDC_NAME}`],
        hint: 'oidc-discovery-provider',
        metadata: { name: `${namespace}-${OIDC_NAME}` },
      });
    }

    const servicePort = resolved.tls ? 443 : 80;
    const portName = resolved.tls ? 'https' : 'http';
    home.add('Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: OIDC_NAME, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: serverApi ? selectorLabels(wiring.server.name) : selectorLabels(OIDC_NAME),
        ports: [{ name: portName, port: servicePort, targetPort: container.ports![0].name!, protocol: 'TCP' }],
      },
    });
    if (resolved.ingress) emitIngress(home, resolved, labels, portName);
  }
}

function emitIngress(scope: ObjectScope, resolved: ResolvedOidc, labels: Record<string, string>, portName: string): void {
  const ingress = resolved.ingress!;
  scope.add('Ingress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: OIDC_NAME,
      namespace: resolved.namespace,
      labels,
      annotations: Object.keys(ingress.annotations).length > 0 ? ingress.annotations : undefined,
    },
    spec: {
      ingressClassName: ingress.ingressClassName,
      tls: resolved.tls ? undefined : [{ hosts: [resolved.issuerHost], secretName: ingress.tlsSecretName }],
      rules: [{
        host: resolved.issuerHost,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: OIDC_NAME, port: { name: portName } } } }] },
      }],
    },
  });
}

/** Adds the provider to the server pod, next to the server whose socket it reads. */
function addServerSidecar(spire: Spire, container: IContainer, volumes: IVolume[], config: string): void {
  const statefulSet = spire.serverStatefulSet;
  statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/-', container));
  for (const volume of volumes) statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', volume));
  // A config change must roll the server pods, as the server's own config does.
  statefulSet.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/checksum~1oidc-config', contentHash(config)));
}
