import { Construct, IConstruct } from 'constructs';
import type { NetworkPolicyOptions } from './network-policy-options';
import { propertyError } from '../../errors';
import { dns1123LabelProblem } from '../../spiffe/k8s-names';
import type { SpireWiring } from '../../wiring';
import { checkInteger, checkNodeSelector } from '../common/checks';
import { componentLabels, selectorLabels } from '../common/labels';
import { ObjectScope } from '../common/object-scope';

const EVERYWHERE = ['0.0.0.0/0', '::/0'];

/** Network policy options with defaults applied and every value checked. */
export interface ResolvedNetworkPolicyOptions {
  readonly agentCidrs: string[];
  readonly apiServerCidrs: string[];
  readonly apiServerPorts: number[];
  readonly datastoreCidrs: string[];
  readonly upstreamAuthorityCidrs: string[];
  readonly federationPeerCidrs: string[];
  readonly federationEgressPorts: number[];
  readonly dnsNamespace: string;
  readonly dnsPodLabels: Record<string, string>;
}

/** What the policies must let through, derived from the other options. */
export interface NetworkPolicyTraffic {
  readonly bundleEndpointPort?: number;
  /** Container ports of the server pod's metrics endpoints, when telemetry is on. */
  readonly metricsPorts: number[];
  readonly scraperNamespaces: string[];
  readonly datastorePort?: number;
  readonly upstreamAuthorityPort?: number;
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|\d?\d)$/;

export function resolveNetworkPolicyOptions(scope: IConstruct, options: NetworkPolicyOptions | undefined): ResolvedNetworkPolicyOptions | undefined {
  if (!options) return undefined;
  const cidrs = (property: string, values: string[] | undefined): string[] => {
    const list = values ?? EVERYWHERE;
    if (list.length === 0) throw propertyError(scope, `networkPolicies.${property}`, list, 'must not be empty (no peer would match and the traffic would be cut)', `list the CIDRs, or leave ${property} unset for everywhere`);
    list.forEach((cidr, index) => {
      if (!IPV4_CIDR.test(cidr) && !IPV6_CIDR.test(cidr)) {
        throw propertyError(scope, `networkPolicies.${property}[${index}]`, cidr, 'must be an IPv4 or IPv6 CIDR', 'write it like "10.0.0.0/16"');
      }
    });
    return [...list];
  };
  const ports = (property: string, values: number[]) => values.map((p, i) => checkInteger(scope, `networkPolicies.${property}[${i}]`, p, 1, 65535));
  const apiServerPorts = ports('apiServerPorts', options.apiServerPorts ?? [443, 6443]);
  if (apiServerPorts.length === 0) {
    throw propertyError(scope, 'networkPolicies.apiServerPorts', [], 'must not be empty: the server reviews agent tokens and publishes the bundle through the API server', 'leave it unset for [443, 6443]');
  }
  const dnsNamespace = options.dnsNamespace ?? 'kube-system';
  const nsProblem = dns1123LabelProblem(dnsNamespace);
  if (nsProblem) throw propertyError(scope, 'networkPolicies.dnsNamespace', dnsNamespace, nsProblem, 'name the namespace of the DNS pods, such as "kube-system"');
  const dnsPodLabels = checkNodeSelector(scope, 'networkPolicies.dnsPodLabels', options.dnsPodLabels ?? { 'k8s-app': 'kube-dns' });
  if (!dnsPodLabels) throw propertyError(scope, 'networkPolicies.dnsPodLabels', {}, 'must not be empty (it would select every pod of that namespace)', 'give the DNS pods\' labels, such as { "k8s-app": "kube-dns" }');
  return {
    agentCidrs: cidrs('agentCidrs', options.agentCidrs),
    apiServerCidrs: cidrs('apiServerCidrs', options.apiServerCidrs),
    apiServerPorts,
    datastoreCidrs: cidrs('datastoreCidrs', options.datastoreCidrs),
    upstreamAuthorityCidrs: cidrs('upstreamAuthorityCidrs', options.upstreamAuthorityCidrs),
    federationPeerCidrs: cidrs('federationPeerCidrs', options.federationPeerCidrs),
    federationEgressPorts: ports('federationEgressPorts', options.federationEgressPorts ?? [443, 8443]),
    dnsNamespace,
    dnsPodLabels,
  };
}

interface Rule {
  readonly name: string;
  readonly purpose: string;
  readonly direction: 'Ingress' | 'Egress';
  readonly peers: any[];
  readonly ports: Array<{ protocol: 'TCP' | 'UDP'; port: number }>;
}

/**
 * The server pods' NetworkPolicies: deny everything, then one policy per
 * purpose. Policies add up, so each can be read (and removed) on its own.
 */
export class SpireServerNetworkPolicies {
  constructor(scope: Construct, id: string, wiring: SpireWiring, options: ResolvedNetworkPolicyOptions, traffic: NetworkPolicyTraffic) {
    const objects = ObjectScope.of(scope).part(id);
    const server = wiring.server;
    const namespace = wiring.serverNamespace;
    const labels = componentLabels(server.name, 'server');
    const podSelector = { matchLabels: selectorLabels(server.name) };
    const ipBlocks = (cidrs: string[]) => cidrs.map(cidr => ({ ipBlock: { cidr } }));
    const tcp = (port: number) => ({ protocol: 'TCP' as const, port });

    const rules: Rule[] = [
      {
        name: 'agents',
        purpose: 'Agents (on the host network, so from node addresses) call the server API over gRPC to attest and fetch SVIDs.',
        direction: 'Ingress',
        peers: ipBlocks(options.agentCidrs),
        ports: [tcp(server.port)],
      },
      {
        name: 'webhook',
        purpose: 'The API server calls the controller manager\'s validating webhook for ClusterSPIFFEID and ClusterFederatedTrustDomain changes.',
        direction: 'Ingress',
        peers: ipBlocks(options.apiServerCidrs),
        ports: [tcp(wiring.controllerManager.webhookPort)],
      },
      ...(traffic.bundleEndpointPort !== undefined ? [{
        name: 'federation',
        purpose: 'Federation partners fetch this trust domain\'s bundle from the https_spiffe bundle endpoint.',
        direction: 'Ingress' as const,
        peers: ipBlocks(options.federationPeerCidrs),
        ports: [tcp(traffic.bundleEndpointPort)],
      }] : []),
      ...(traffic.metricsPorts.length > 0 ? [{
        name: 'metrics',
        purpose: 'Prometheus in the scraper namespaces reads the server\'s and controller manager\'s metrics.',
        direction: 'Ingress' as const,
        peers: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: traffic.scraperNamespaces }] } }],
        ports: traffic.metricsPorts.map(tcp),
      }] : []),
      {
        name: 'dns',
        purpose: 'Name lookups (the database, Vault, the upstream server, federation partners) go to the cluster DNS.',
        direction: 'Egress',
        peers: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': options.dnsNamespace } },
          podSelector: { matchLabels: options.dnsPodLabels },
        }],
        ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
      },
      {
        name: 'api-server',
        purpose: 'The server reviews agent tokens (TokenReview), reads pods and nodes, publishes the bundle ConfigMap and creates cert-manager CertificateRequests; the controller manager watches pods and its CRDs and holds its leader Lease.',
        direction: 'Egress',
        peers: ipBlocks(options.apiServerCidrs),
        ports: options.apiServerPorts.map(tcp),
      },
      ...(traffic.datastorePort !== undefined ? [{
        name: 'datastore',
        purpose: 'Every replica reads and writes the shared SQL datastore.',
        direction: 'Egress' as const,
        peers: ipBlocks(options.datastoreCidrs),
        ports: [tcp(traffic.datastorePort)],
      }] : []),
      ...(traffic.upstreamAuthorityPort !== undefined ? [{
        name: 'upstream-authority',
        purpose: 'The server asks its upstream authority (Vault or the upstream SPIRE server) to sign its CA.',
        direction: 'Egress' as const,
        peers: ipBlocks(options.upstreamAuthorityCidrs),
        ports: [tcp(traffic.upstreamAuthorityPort)],
      }] : []),
      ...(options.federationEgressPorts.length > 0 ? [{
        name: 'federation-peers',
        purpose: 'The server fetches federated trust domains\' bundles from their bundle endpoints.',
        direction: 'Egress' as const,
        peers: ipBlocks(EVERYWHERE),
        ports: options.federationEgressPorts.map(tcp),
      }] : []),
    ];

    objects.add('DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: `${server.name}-default-deny`,
        namespace,
        labels,
        annotations: { 'spire.cdk8s.io/purpose': 'Nothing reaches or leaves the server pods except what the other spire-server-* policies allow.' },
      },
      spec: { podSelector, policyTypes: ['Ingress', 'Egress'] },
    });
    for (const rule of rules) {
      const peerKey = rule.direction === 'Ingress' ? 'from' : 'to';
      objects.add(rule.name, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `${server.name}-${rule.name}`, namespace, labels, annotations: { 'spire.cdk8s.io/purpose': rule.purpose } },
        spec: {
          podSelector,
          policyTypes: [rule.direction],
          [rule.direction === 'Ingress' ? 'ingress' : 'egress']: [{ [peerKey]: rule.peers, ports: rule.ports }],
        },
      });
    }
  }
}
