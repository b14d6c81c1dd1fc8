import { Duration } from 'cdk8s';
import { CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL, CLUSTER_SPIFFE_ID_PLURAL } from './crds/names';

/**
 * Every value two components must agree on, computed once from the user's
 * props and handed to each component (DESIGN principle 1). Nothing outside
 * this file spells these names or paths.
 */
export interface SpireWiring {
  readonly trustDomain: string;
  readonly clusterName: string;
  readonly serverNamespace: string;
  readonly systemNamespace: string;
  /** Controller class; stamped on every linked registration. */
  readonly className: string;
  readonly server: ServerWiring;
  readonly controllerManager: ControllerManagerWiring;
  readonly agent: AgentWiring;
  readonly bundle: BundleWiring;
  readonly csi: CsiWiring;
}

export interface ServerWiring {
  readonly name: string;
  readonly serviceAccount: string;
  readonly clusterRole: string;
  /** DNS name agents dial. */
  readonly address: string;
  readonly port: number;
  readonly healthPort: number;
  readonly configDirectory: string;
  readonly configFile: string;
  /** Directory of the private server API socket, shared with the controller manager. */
  readonly socketDirectory: string;
  readonly socketFile: string;
  readonly dataDirectory: string;
  readonly dataVolume: string;
  readonly caTtl: Duration;
}

export interface ControllerManagerWiring {
  readonly configMap: string;
  readonly configDirectory: string;
  readonly configFile: string;
  readonly clusterRole: string;
  readonly leaderElectionRole: string;
  readonly leaseName: string;
  /** Where the controller manager mounts the server's socket directory. */
  readonly serverSocketMountDirectory: string;
  readonly webhookConfigurationName: string;
  readonly webhookService: string;
  readonly webhookPort: number;
  readonly healthPort: number;
  readonly metricsPort: number;
}

export interface AgentWiring {
  readonly name: string;
  readonly serviceAccount: string;
  readonly clusterRole: string;
  readonly configDirectory: string;
  readonly configFile: string;
  readonly dataDirectory: string;
  readonly healthPort: number;
  /** Node directory of the Workload API socket; mounted at the same path in agent and CSI driver. */
  readonly socketDirectory: string;
  readonly socketFileName: string;
  /** The PSAT token: audience checked by the server, mounted where the agent reads it. */
  readonly tokenAudience: string;
  readonly tokenDirectory: string;
  readonly tokenFile: string;
}

export interface BundleWiring {
  /** Lives next to the agents that mount it. */
  readonly namespace: string;
  readonly configMap: string;
  readonly key: string;
  /** BundlePublisher `format` and agent `trust_bundle_format` (both spiffe). */
  readonly format: string;
  readonly role: string;
  readonly mountDirectory: string;
}

export interface CsiWiring {
  readonly name: string;
  readonly serviceAccount: string;
  readonly driverName: string;
  readonly kubeletRootDirectory: string;
  /** Inside the driver pod: where the driver's own CSI socket lives. */
  readonly csiSocketDirectory: string;
}

/** The user's choices that wiring depends on, already validated. */
export interface WiringInputs {
  readonly trustDomain: string;
  readonly clusterName: string;
  readonly serverNamespace: string;
  readonly systemNamespace: string;
  readonly className?: string;
  readonly socketDirectory: string;
  readonly socketFileName: string;
  readonly driverName: string;
  readonly kubeletRootDirectory: string;
  readonly caTtl: Duration;
}

export function deriveWiring(inputs: WiringInputs): SpireWiring {
  const { serverNamespace, systemNamespace } = inputs;
  // Cluster-scoped names carry the server namespace, so two installs in one
  // cluster (different namespaces) never collide.
  const clusterScoped = (name: string) => `${serverNamespace}-${name}`;
  return {
    trustDomain: inputs.trustDomain,
    clusterName: inputs.clusterName,
    serverNamespace,
    systemNamespace,
    className: inputs.className ?? `${serverNamespace}-spire`,
    server: {
      name: 'spire-server',
      serviceAccount: 'spire-server',
      clusterRole: clusterScoped('spire-server'),
      address: `spire-server.${serverNamespace}.svc`,
      port: 8081,
      healthPort: 8080,
      configDirectory: '/run/spire/config',
      configFile: 'server.conf',
      // SPIRE's default, so `spire-server` CLI commands in the pod work unchanged.
      socketDirectory: '/tmp/spire-server/private',
      socketFile: 'api.sock',
      dataDirectory: '/run/spire/data',
      dataVolume: 'spire-data',
      caTtl: inputs.caTtl,
    },
    controllerManager: {
      configMap: 'spire-controller-manager',
      configDirectory: '/run/spire/controller-manager',
      configFile: 'controller-manager-config.json',
      clusterRole: clusterScoped('spire-controller-manager'),
      leaderElectionRole: 'spire-controller-manager-leader-election',
      leaseName: 'spire-controller-manager-leader',
      serverSocketMountDirectory: '/spire-server',
      webhookConfigurationName: clusterScoped('spire-controller-manager-webhook'),
      webhookService: 'spire-controller-manager-webhook',
      webhookPort: 9443,
      healthPort: 8083,
      metricsPort: 8082,
    },
    agent: {
      name: 'spire-agent',
      serviceAccount: 'spire-agent',
      clusterRole: clusterScoped('spire-agent'),
      configDirectory: '/run/spire/agent-config',
      configFile: 'agent.conf',
      dataDirectory: '/var/lib/spire',
      healthPort: 9982,
      socketDirectory: inputs.socketDirectory,
      socketFileName: inputs.socketFileName,
      tokenAudience: 'spire-server',
      tokenDirectory: '/var/run/secrets/tokens',
      tokenFile: 'spire-agent',
    },
    bundle: {
      namespace: systemNamespace,
      configMap: 'spire-bundle',
      key: 'bundle.spiffe',
      format: 'spiffe',
      role: 'spire-bundle',
      mountDirectory: '/run/spire/bundle',
    },
    csi: {
      name: 'spiffe-csi-driver',
      serviceAccount: 'spiffe-csi-driver',
      driverName: inputs.driverName,
      kubeletRootDirectory: inputs.kubeletRootDirectory,
      csiSocketDirectory: '/spiffe-csi',
    },
  };
}

/** The controller manager's validating webhooks; names and paths are fixed by its code. */
export const WEBHOOKS = [
  {
    name: 'vclusterfederatedtrustdomain.kb.io',
    path: '/validate-spire-spiffe-io-v1alpha1-clusterfederatedtrustdomain',
    resource: CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL,
  },
  {
    name: 'vclusterspiffeid.kb.io',
    path: '/validate-spire-spiffe-io-v1alpha1-clusterspiffeid',
    resource: CLUSTER_SPIFFE_ID_PLURAL,
  },
] as const;
