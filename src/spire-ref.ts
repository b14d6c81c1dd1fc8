import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * What registrations and integrations need to know about a SPIRE
 * installation. `Spire` implements it.
 */
export interface ISpire extends IConstruct {
  /** The trust domain every issued SPIFFE ID belongs to. */
  readonly trustDomain: string;
  /** The cluster name in agent IDs and in the controller manager's config. */
  readonly clusterName: string;
  /** The className the controller manager reconciles. */
  readonly className: string;
  /** Whether the controller manager also reconciles resources without a className. */
  readonly watchClassless: boolean;
  /** Namespace of the server and controller manager. */
  readonly serverNamespace: string;
  /** Namespace of the agent and CSI driver. */
  readonly systemNamespace: string;
  /** Name of the SPIFFE CSI driver that mounts the Workload API into pods. */
  readonly csiDriverName: string;
  /** File name of the agent's Workload API socket (Istio looks for `socket`). */
  readonly socketFileName: string;
  /** Node directory that holds the agent's socket. */
  readonly agentSocketDirectory: string;
  /** Lifetime of the server CA; entry TTLs must stay under a sixth of it. */
  readonly caTtl: Duration;
  /** Anchored patterns of namespaces the controller manager ignores. */
  readonly ignoredNamespacePatterns: string[];
  /** Whether the agent's workload attestor skips `k8s:container-*` selectors. */
  readonly disableContainerSelectors: boolean;
}
