import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { AgentSdsOptions } from './components/agent/agent-sds-options';
import { checkSocketDirectory, checkSocketFileName, DEFAULT_SOCKET_FILE, resolveAgentOptions } from './components/agent/resolve-agent-options';
import { SpireAgent } from './components/agent/spire-agent';
import { checkAbsolutePath } from './components/common/checks';
import { checkAgentServerSkew, checkImagePolicy, type ImageUse } from './components/common/image-policy';
import type { LogFormat } from './components/common/log-format';
import { resolveTelemetry } from './components/common/resolve-telemetry';
import { checkDriverName, checkKubeletRootDirectory, resolveCsiDriverOptions } from './components/csi/resolve-csi-driver-options';
import { SpiffeCsiDriver } from './components/csi/spiffe-csi-driver';
import { SpireNamespaces } from './components/namespaces';
import { SpireControllerManager } from './components/server/controller-manager';
import { resolveNetworkPolicyOptions, SpireServerNetworkPolicies } from './components/server/network-policies';
import { checkClassName, resolveControllerManagerOptions } from './components/server/resolve-controller-manager-options';
import { resolveServerOptions } from './components/server/resolve-server-options';
import { SpireServer } from './components/server/spire-server';
import { propertyError } from './errors';
import type * as BundleEndpoints from './federation/bundle-endpoint';
import type * as Federations from './federation/federate';
import type { ExternalFederationPeer, FederateWithOptions, SpireFederation } from './federation/federation-options';
import { resolveBundleEndpoint, serverSpiffeId, type ResolvedBundleEndpoint } from './federation/resolve-bundle-endpoint';
import { SpireImages } from './images';
import type { ClusterFederatedTrustDomain } from './registration/cluster-federated-trust-domain';
import { dns1123LabelProblem } from './spiffe/k8s-names';
import { pathSegmentProblem } from './spiffe/spiffe-id';
import { trustDomainProblem } from './spiffe/trust-domain';
import type { SpireProps } from './spire-props';
import type { ISpire } from './spire-ref';
import { registerSpire } from './spire-registry';
import { ACCEPT_KNOWN_DEFECTS_ANNOTATION } from './versions/known-defects';
import { deriveWiring, type SpireWiring } from './wiring';
import type { WorkloadApiMountOptions } from './workload/workload-api-mount-options';
import type * as WorkloadTargets from './workload/workload-target';

/**
 * The workload adapters, loaded when mountWorkloadApi is first called: the
 * quick start never needs them (start-up rule, src/index.ts).
 */
function workloadTargets(): typeof WorkloadTargets {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./workload/workload-target');
}

/**
 * The bundle endpoint and federation code, loaded when a Spire serves a bundle
 * endpoint or federates: the quick start does neither (start-up rule,
 * src/index.ts).
 */
function bundleEndpoints(): typeof BundleEndpoints {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./federation/bundle-endpoint');
}
function federations(): typeof Federations {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./federation/federate');
}

/** SPIRE entry IDs are at most 255 characters: `<clusterName>.<36-character id>`. */
const MAX_CLUSTER_NAME = 255 - 37;

/**
 * A complete, hardened SPIRE installation: server with controller manager,
 * agents, SPIFFE CSI driver, their namespaces, RBAC and webhook.
 *
 * Every value two components must agree on (trust domain, cluster name,
 * socket directory and name, CSI driver name, className, bundle ConfigMap,
 * token audience, webhook name) is derived once and handed to each of them,
 * so changing an option changes it everywhere.
 *
 * Apply the CRDs (`SpireCrds`) first, then this, and create registrations only
 * once the server is Ready (the controller manager's webhook runs in its pod).
 */
export class Spire extends Construct implements ISpire {
  public readonly trustDomain: string;
  public readonly clusterName: string;
  public readonly className: string;
  public readonly watchClassless: boolean;
  public readonly serverNamespace: string;
  public readonly systemNamespace: string;
  public readonly csiDriverName: string;
  public readonly socketFileName: string;
  public readonly agentSocketDirectory: string;
  public readonly caTtl: Duration;
  public readonly ignoredNamespacePatterns: string[];
  public readonly disableContainerSelectors: boolean;
  /** Address (`host`) agents and other SPIRE clients use to reach the server. */
  public readonly serverAddress: string;
  /** Port of the server's gRPC API. */
  public readonly serverPort: number;
  /** SPIFFE ID of the server (`spiffe://<trustDomain>/spire/server`), which its https_spiffe bundle endpoint presents. */
  public readonly serverSpiffeId: string;
  /** URL partners fetch this trust domain's bundle from, when there is a bundle endpoint. */
  public readonly bundleEndpointUrl?: string;
  /** Profile of the bundle endpoint (`https_spiffe` or `https_web`), when there is one. */
  public readonly bundleEndpointProfile?: string;
  /** Issuer (`iss`) of the JWT SVIDs this server signs (`server.jwtIssuer`), if set. */
  public readonly jwtIssuer?: string;
  /** The SPIRE server image, which components released with SPIRE (the OIDC discovery provider) are checked against. */
  public readonly serverImage: string;
  /** The log format every component follows unless its own option says otherwise (`logFormat`). */
  public readonly logFormat?: LogFormat;

  /** The server StatefulSet (escape hatch). */
  public readonly serverStatefulSet: ApiObject;
  /** The ConfigMap holding server.conf (escape hatch). */
  public readonly serverConfigMap: ApiObject;
  /** The agent DaemonSet (escape hatch). */
  public readonly agentDaemonSet: ApiObject;
  /** The ConfigMap holding agent.conf (escape hatch). */
  public readonly agentConfigMap: ApiObject;
  /** The CSI driver DaemonSet (escape hatch). */
  public readonly csiDriverDaemonSet: ApiObject;

  /**
   * The agent's SDS names, which IstioIntegration may still set (federation).
   * Typed narrowly, not as SpireAgent: the published declarations must not
   * reach the internal component modules, whose kubernetes-models types a
   * consumer does not have (the packaging test compiles against them).
   * @internal
   */
  public readonly _agent: { sds?: AgentSdsOptions };
  /** @internal */
  public readonly _bundleEndpoint?: ResolvedBundleEndpoint;
  /** @internal */
  public readonly _wiring: SpireWiring;
  private readonly federated: string[] = [];
  private readonly serverPod: string;
  private readonly serverSocket: string;

  constructor(scope: Construct, id: string, props: SpireProps) {
    super(scope, id);
    const trustDomain = props.trustDomain;
    const tdProblem = trustDomainProblem(trustDomain);
    if (tdProblem) throw propertyError(this, 'trustDomain', trustDomain, tdProblem, 'use a lowercase DNS-style name such as "example.org"');
    const clusterProblem = pathSegmentProblem(props.clusterName)
      ?? (props.clusterName.length > MAX_CLUSTER_NAME ? `is longer than ${MAX_CLUSTER_NAME} characters (it prefixes SPIRE entry IDs, which are at most 255)` : undefined);
    if (clusterProblem) throw propertyError(this, 'clusterName', props.clusterName, clusterProblem, 'use a short name such as "prod-eu-1"');

    const createNamespaces = props.createNamespaces ?? true;
    const serverNamespace = this.namespace('serverNamespace', props.serverNamespace ?? 'spire-server');
    const systemNamespace = this.namespace('systemNamespace', props.systemNamespace ?? 'spire-system');
    if (serverNamespace === systemNamespace && createNamespaces) {
      throw propertyError(this, 'systemNamespace', systemNamespace,
        'equals serverNamespace, but the agent and CSI driver need a privileged namespace and the server a restricted one',
        'use two namespaces, or set createNamespaces: false and label the shared namespace yourself');
    }

    const agentOptions = props.agent ?? {};
    const csiOptions = props.csiDriver ?? {};
    const server = resolveServerOptions(this, { ...props.server, logFormat: props.server?.logFormat ?? props.logFormat }, serverNamespace);
    const wiring = deriveWiring({
      trustDomain,
      clusterName: props.clusterName,
      serverNamespace,
      systemNamespace,
      className: checkClassName(this, props.controllerManager?.className),
      socketDirectory: checkSocketDirectory(this, agentOptions.socketDirectory ?? '/run/spire/agent-sockets'),
      socketFileName: checkSocketFileName(this, agentOptions.socketFileName ?? DEFAULT_SOCKET_FILE),
      driverName: checkDriverName(this, csiOptions.driverName ?? 'csi.spiffe.io'),
      kubeletRootDirectory: checkKubeletRootDirectory(this, csiOptions.kubeletRootDirectory ?? '/var/lib/kubelet'),
      caTtl: server.caTtl,
    });
    const controllerManager = resolveControllerManagerOptions(this, props.controllerManager, [serverNamespace, systemNamespace], props.logFormat);
    const agent = resolveAgentOptions(this, { ...agentOptions, logFormat: agentOptions.logFormat ?? props.logFormat });
    const csi = resolveCsiDriverOptions(this, csiOptions);
    const images: ImageUse[] = [
      { property: 'server.image', component: 'spire-server', image: server.image, defaultImage: SpireImages.SPIRE_SERVER },
      { property: 'controllerManager.image', component: 'spire-controller-manager', image: controllerManager.image, defaultImage: SpireImages.SPIRE_CONTROLLER_MANAGER },
      { property: 'agent.image', component: 'spire-agent', image: agent.image, defaultImage: SpireImages.SPIRE_AGENT },
      { property: 'agent.initImage', component: 'busybox', image: agent.initImage, defaultImage: SpireImages.BUSYBOX },
      { property: 'csiDriver.image', component: 'spiffe-csi-driver', image: csi.image, defaultImage: SpireImages.SPIFFE_CSI_DRIVER },
      { property: 'csiDriver.registrarImage', component: 'csi-node-driver-registrar', image: csi.registrarImage, defaultImage: SpireImages.CSI_NODE_DRIVER_REGISTRAR },
    ];
    const verdicts = checkImagePolicy(this, images, props.acceptKnownDefects, 'acceptKnownDefects');
    checkAgentServerSkew(this, verdicts.get('server.image')!, verdicts.get('agent.image')!);
    this.serverImage = server.image;
    this.logFormat = props.logFormat;

    this.trustDomain = wiring.trustDomain;
    this.clusterName = wiring.clusterName;
    this.className = wiring.className;
    this.watchClassless = controllerManager.watchClassless;
    this.serverNamespace = serverNamespace;
    this.systemNamespace = systemNamespace;
    this.csiDriverName = wiring.csi.driverName;
    this.socketFileName = wiring.agent.socketFileName;
    this.agentSocketDirectory = wiring.agent.socketDirectory;
    this.caTtl = wiring.server.caTtl;
    this.ignoredNamespacePatterns = [...controllerManager.ignoreNamespaces];
    this.serverAddress = wiring.server.address;
    this.serverPort = wiring.server.port;
    this.disableContainerSelectors = agent.disableContainerSelectors;

    if (createNamespaces) new SpireNamespaces(this, 'Namespaces', wiring);
    const cm = new SpireControllerManager(this, 'ControllerManager', wiring, controllerManager);
    const bundleEndpoint = resolveBundleEndpoint(this, props.bundleEndpoint, server.federationBundleEndpointPort, wiring.server.address, {
      'server gRPC API': wiring.server.port,
      'server health checks': wiring.server.healthPort,
      'controller-manager webhook': wiring.controllerManager.webhookPort,
      'controller-manager health probes': wiring.controllerManager.healthPort,
      'controller-manager metrics': wiring.controllerManager.metricsPort,
    });
    const telemetry = resolveTelemetry(this, props.telemetry, {
      server: {
        [wiring.server.port]: 'the server API',
        [wiring.server.healthPort]: 'the server health checks',
        [wiring.controllerManager.webhookPort]: 'the controller manager webhook',
        [wiring.controllerManager.healthPort]: 'the controller manager health checks',
        [wiring.controllerManager.metricsPort]: 'the controller manager metrics',
        ...(bundleEndpoint !== undefined ? { [bundleEndpoint.port]: 'the federation bundle endpoint' } : {}),
      },
      agent: { [wiring.agent.healthPort]: 'the agent health checks' },
    });
    const networkPolicies = resolveNetworkPolicyOptions(this, props.networkPolicies);
    this._bundleEndpoint = bundleEndpoint;
    this.serverSpiffeId = serverSpiffeId(wiring.trustDomain);
    this.bundleEndpointUrl = bundleEndpoint?.url;
    this.bundleEndpointProfile = bundleEndpoint?.profile;
    this.jwtIssuer = server.jwtIssuer;
    this.serverPod = `${wiring.server.name}-0`;
    this._wiring = wiring;
    this.serverSocket = `${wiring.server.socketDirectory}/${wiring.server.socketFile}`;
    const spireServer = new SpireServer(this, 'Server', wiring, server, cm, bundleEndpoint, telemetry);
    if (bundleEndpoint) new (bundleEndpoints().SpireBundleEndpoint)(this, 'BundleEndpoint', wiring, bundleEndpoint);
    const spireAgent = new SpireAgent(this, 'Agent', wiring, agent, telemetry);
    if (networkPolicies) {
      new SpireServerNetworkPolicies(this, 'NetworkPolicies', wiring, networkPolicies, {
        bundleEndpointPort: bundleEndpoint?.port,
        metricsPorts: telemetry ? [telemetry.serverPort, wiring.controllerManager.metricsPort] : [],
        scraperNamespaces: telemetry?.scraperNamespaces ?? [],
        datastorePort: server.dataStoreSetup.port,
        upstreamAuthorityPort: server.upstreamAuthority?.egressPort,
      });
    }
    this._agent = spireAgent;
    const csiDriver = new SpiffeCsiDriver(this, 'CsiDriver', wiring, csi);

    this.serverStatefulSet = spireServer.statefulSet;
    this.serverConfigMap = spireServer.configMap;
    this.agentDaemonSet = spireAgent.daemonSet;
    this.agentConfigMap = spireAgent.configMap;
    this.csiDriverDaemonSet = csiDriver.daemonSet;
    // Accepted defects travel with the workload object, so the identity plan of these
    // manifests reports them as accepted rather than as errors.
    const accepted = (...properties: string[]) => [...new Set(properties.flatMap(p => verdicts.get(p)!.accepted.map(d => d.id)))];
    for (const [object, ids] of [
      [this.serverStatefulSet, accepted('server.image', 'controllerManager.image')],
      [this.agentDaemonSet, accepted('agent.image', 'agent.initImage')],
      [this.csiDriverDaemonSet, accepted('csiDriver.image', 'csiDriver.registrarImage')],
    ] as const) {
      if (ids.length > 0) object.metadata.addAnnotation(ACCEPT_KNOWN_DEFECTS_ANNOTATION, ids.join(','));
    }
    registerSpire(this);
  }

  /** Trust domains this Spire federates with through `federateWith` and `federateWithExternal`, for registrations' `federatesWith`. */
  public get federatedTrustDomains(): string[] {
    return [...this.federated];
  }

  /**
   * Federates this Spire with another Spire of this program (usually of
   * another app: another cluster). Emits a ClusterFederatedTrustDomain on each
   * side, each made from the other's derived trust domain, bundle endpoint
   * URL and endpoint SPIFFE ID, so the two sides cannot disagree. Both Spires
   * need a `bundleEndpoint`. For https_spiffe endpoints the first bundle
   * crosses explicitly: pass it (`peerBundle`, `bundle`) or set
   * `bundlesLoadedOutOfBand` and run `bundleShowCommand` / `bundleSetCommand`.
   * @param peer the other Spire
   * @param options where each side's resource goes, and the bootstrap
   */
  public federateWith(peer: Spire, options: FederateWithOptions): SpireFederation {
    const federation = federations().federateSpires(this, peer, options);
    this.federated.push(peer.trustDomain);
    peer.federated.push(this.trustDomain);
    return federation;
  }

  /**
   * Federates this Spire with a trust domain outside this program: emits its
   * ClusterFederatedTrustDomain (the partner must likewise trust this Spire's
   * `bundleEndpointUrl` and `serverSpiffeId`).
   * @param peer the partner's trust domain, endpoint and bootstrap
   */
  public federateWithExternal(peer: ExternalFederationPeer): ClusterFederatedTrustDomain {
    const trustDomain = federations().federateExternal(this, peer);
    this.federated.push(peer.trustDomain);
    return trustDomain;
  }

  /**
   * The command that prints this trust domain's current bundle (SPIFFE
   * format) from the running server, for the partner's `bundle set`.
   * @param kubectlContext the kubeconfig context of this Spire's cluster
   * @default - the current context
   */
  public bundleShowCommand(kubectlContext?: string): string {
    return `${kubectl(kubectlContext)} exec -n ${this.serverNamespace} ${this.serverPod} -c spire-server -- /opt/spire/bin/spire-server bundle show -socketPath ${this.serverSocket} -format spiffe`;
  }

  /**
   * The command that loads a partner's bundle (SPIFFE format, on standard
   * input) into this server: the out-of-band bootstrap of an https_spiffe
   * federation.
   * @param trustDomain the partner's trust domain
   * @param kubectlContext the kubeconfig context of this Spire's cluster
   * @default - the current context
   */
  public bundleSetCommand(trustDomain: string, kubectlContext?: string): string {
    const problem = trustDomainProblem(trustDomain);
    if (problem) throw propertyError(this, 'bundleSetCommand trustDomain', trustDomain, problem, 'name the partner\'s trust domain, such as "partner.example.com"');
    return `${kubectl(kubectlContext)} exec -i -n ${this.serverNamespace} ${this.serverPod} -c spire-server -- /opt/spire/bin/spire-server bundle set -socketPath ${this.serverSocket} -format spiffe -id spiffe://${trustDomain}`;
  }

  /**
   * Gives a workload that uses the SPIFFE Workload API directly (without
   * Istio) access to this SPIRE agent: adds a read-only CSI volume of this
   * Spire's driver, mounts it read-only into the containers and sets
   * `SPIFFE_ENDPOINT_SOCKET` to the agent's socket.
   *
   * Accepts cdk8s-plus workloads (Deployment, StatefulSet, DaemonSet, Job) and
   * ApiObjects of kind Deployment, StatefulSet, DaemonSet or Job.
   * @param workload the workload to change
   * @param options where to mount and which containers
   */
  public mountWorkloadApi(workload: IConstruct, options: WorkloadApiMountOptions = {}): void {
    const mountPath = checkAbsolutePath(this, 'mountWorkloadApi mountPath', options.mountPath ?? '/spiffe-workload-api');
    const volumeName = options.volumeName ?? 'spiffe-workload-api';
    const problem = dns1123LabelProblem(volumeName);
    if (problem) throw propertyError(this, 'mountWorkloadApi volumeName', volumeName, problem, 'use a lowercase name such as "spiffe-workload-api"');
    const { WorkloadEditError, workloadTarget } = workloadTargets();
    const target = workloadTarget(this, 'mountWorkloadApi workload', workload);
    try {
      target.mountWorkloadApi({
        volumeName,
        driver: this.csiDriverName,
        mountPath,
        env: { name: 'SPIFFE_ENDPOINT_SOCKET', value: `unix://${mountPath}/${this.socketFileName}` },
        containers: options.containers,
      });
    } catch (e) {
      if (e instanceof WorkloadEditError) throw propertyError(this, 'mountWorkloadApi workload', target.description, e.problem, e.fix);
      throw propertyError(this, 'mountWorkloadApi workload', target.description, `cannot be changed: ${(e as Error).message}`,
        'correct the workload as that error says, or add the CSI volume and SPIFFE_ENDPOINT_SOCKET yourself');
    }
  }

  private namespace(property: string, name: string): string {
    const problem = dns1123LabelProblem(name);
    if (problem) throw propertyError(this, property, name, problem, 'use a valid namespace name such as "spire-server"');
    return name;
  }
}

function kubectl(context: string | undefined): string {
  if (context === undefined) return 'kubectl';
  // Quoted for the shell: contexts are user-chosen names.
  return `kubectl --context '${context.replace(/'/g, "'\\''")}'`;
}
