/**
 * NetworkPolicies around the SPIRE server pods. Setting this (even to `{}`)
 * emits them: a default deny for the server pods plus one allowing policy
 * per purpose, each named after what it lets through.
 *
 * The agents and the CSI driver run on the host network, where NetworkPolicies
 * do not apply on common CNIs; they get none. Traffic from a pod's own node
 * (kubelet probes) is allowed by the CNIs that implement NetworkPolicy.
 * Source and destination IP ranges default to everywhere because cluster
 * node, control-plane and database addresses are not known at synth time:
 * narrow them for your cluster.
 */
export interface NetworkPolicyOptions {
  /**
   * Where agents connect from. Agents run on the host network, so their
   * traffic comes from node addresses: give the node CIDRs.
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly agentCidrs?: string[];
  /**
   * Addresses of the Kubernetes API servers, which call the controller
   * manager's webhook and which the server and controller manager call.
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly apiServerCidrs?: string[];
  /**
   * Ports the API servers listen on (the `kubernetes` Service's 443 and the
   * endpoint port it translates to, often 6443).
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
  /**
   * Addresses of the external database (PostgreSQL / MySQL).
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly datastoreCidrs?: string[];
  /**
   * Addresses of the upstream authority (Vault, or the upstream SPIRE server).
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly upstreamAuthorityCidrs?: string[];
  /**
   * Where federation partners fetch this trust domain's bundle from, when
   * the bundle endpoint is on.
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly federationPeerCidrs?: string[];
  /**
   * Ports of federation partners' bundle endpoints the server fetches
   * bundles from (ClusterFederatedTrustDomain URLs). An empty list allows none.
   * @default [443, 8443]
   */
  readonly federationEgressPorts?: number[];
  /**
   * Namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
  /**
   * Labels of the cluster DNS pods.
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly dnsPodLabels?: { [key: string]: string };
}
