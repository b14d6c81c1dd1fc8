import { DataStore, SpireProps, UpstreamAuthority, VaultAuth } from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { find, ofKind, synthSpire } from '../util/synth';

const PG = "dbname=spire user=spire host=db port=6432 password='${DBPW}' sslmode=verify-full";

function policies(props: Partial<SpireProps>) {
  const { objects } = synthSpire(props);
  return { objects, byName: Object.fromEntries(ofKind(objects, 'NetworkPolicy').map(p => [p.metadata.name, p])) };
}

/** `direction port/protocol` for every port a policy opens. */
function openings(policy: any): string[] {
  const rules = [...(policy.spec.ingress ?? []).map((r: any) => ['in', r]), ...(policy.spec.egress ?? []).map((r: any) => ['out', r])];
  return rules.flatMap(([dir, r]: [string, any]) => r.ports.map((p: any) => `${dir} ${p.port}/${p.protocol}`));
}

describe('NetworkPolicies', () => {
  test('none unless asked for', () => {
    expect(ofKind(synthSpire({}).objects, 'NetworkPolicy')).toEqual([]);
  });

  test('default: deny all for the server pods, then agents, webhook, DNS, API server and federation egress', () => {
    const { objects, byName } = policies({ networkPolicies: {} });
    expect(Object.keys(byName).sort()).toEqual([
      'spire-server-agents', 'spire-server-api-server', 'spire-server-default-deny', 'spire-server-dns', 'spire-server-federation-peers', 'spire-server-webhook',
    ]);
    const sts = find(objects, 'StatefulSet', 'spire-server');
    for (const policy of Object.values<any>(byName)) {
      expect(policy.metadata.namespace).toBe('spire-server');
      // Only the server pods: other pods in the namespace are left alone.
      expect(policy.spec.podSelector).toEqual(sts.spec.selector);
      expect(policy.metadata.annotations['spire.cdk8s.io/purpose']).toMatch(/^[A-Z].{30,}\.$/);
    }
    expect(byName['spire-server-default-deny'].spec).toEqual({ podSelector: sts.spec.selector, policyTypes: ['Ingress', 'Egress'] });
    expect(openings(byName['spire-server-agents'])).toEqual(['in 8081/TCP']);
    expect(openings(byName['spire-server-webhook'])).toEqual(['in 9443/TCP']);
    expect(openings(byName['spire-server-dns'])).toEqual(['out 53/UDP', 'out 53/TCP']);
    expect(byName['spire-server-dns'].spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }]);
    expect(openings(byName['spire-server-api-server'])).toEqual(['out 443/TCP', 'out 6443/TCP']);
    expect(openings(byName['spire-server-federation-peers'])).toEqual(['out 443/TCP', 'out 8443/TCP']);
    // The ports match what the containers listen on.
    const containerPorts = sts.spec.template.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.containerPort));
    expect(containerPorts).toEqual(expect.arrayContaining([8081, 9443]));
    expect(validateAll(objects)).toEqual([]);
  });

  test('with the bundle endpoint, telemetry, a database and Vault: a rule each, on the right ports', () => {
    const { objects, byName } = policies({
      server: {
        federationBundleEndpointPort: 8443,
        replicas: 2,
        dataStore: DataStore.postgres({ connectionString: PG, passwordSecretName: 'db' }),
        upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault.example.org:8200', auth: VaultAuth.kubernetes({ role: 'spire' }) }),
      },
      telemetry: { scraperNamespaces: ['monitoring', 'observability'] },
      networkPolicies: { agentCidrs: ['10.0.0.0/16'], datastoreCidrs: ['10.20.0.5/32'], upstreamAuthorityCidrs: ['10.30.0.0/24'], federationEgressPorts: [] },
    });
    expect(openings(byName['spire-server-federation'])).toEqual(['in 8443/TCP']);
    expect(openings(byName['spire-server-metrics'])).toEqual(['in 9988/TCP', 'in 8082/TCP']);
    expect(byName['spire-server-metrics'].spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring', 'observability'] }] },
    }]);
    expect(openings(byName['spire-server-datastore'])).toEqual(['out 6432/TCP']);
    expect(byName['spire-server-datastore'].spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.20.0.5/32' } }]);
    expect(openings(byName['spire-server-upstream-authority'])).toEqual(['out 8200/TCP']);
    expect(byName['spire-server-agents'].spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
    expect(byName['spire-server-federation-peers']).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });

  test('MySQL\'s port comes from its DSN', () => {
    const { byName } = policies({ server: { dataStore: DataStore.mysql({ connectionString: 'spire@tcp(db:3307)/spire?parseTime=true' }) }, networkPolicies: {} });
    expect(openings(byName['spire-server-datastore'])).toEqual(['out 3307/TCP']);
  });

  test('checks', () => {
    expect(errorOf(() => synthSpire({ networkPolicies: { agentCidrs: ['10.0.0.0'] } }))).toMatch(/networkPolicies.agentCidrs\[0\] "10.0.0.0" must be an IPv4 or IPv6 CIDR.*Fix/);
    expect(errorOf(() => synthSpire({ networkPolicies: { federationPeerCidrs: ['fd00::/129'] } }))).toMatch(/networkPolicies.federationPeerCidrs\[0\] "fd00::\/129"/);
    expect(errorOf(() => synthSpire({ networkPolicies: { datastoreCidrs: ['10.0.0.0/8', '300.0.0.0/8'] } }))).toMatch(/networkPolicies.datastoreCidrs\[1\]/);
    expect(errorOf(() => synthSpire({ networkPolicies: { apiServerCidrs: [] } }))).toMatch(/networkPolicies.apiServerCidrs \[\] must not be empty/);
    expect(errorOf(() => synthSpire({ networkPolicies: { apiServerPorts: [] } }))).toMatch(/networkPolicies.apiServerPorts \[\] must not be empty/);
    expect(errorOf(() => synthSpire({ networkPolicies: { federationEgressPorts: [0] } }))).toMatch(/networkPolicies.federationEgressPorts\[0\] 0 must be a whole number/);
    expect(errorOf(() => synthSpire({ networkPolicies: { dnsNamespace: 'Kube_System' } }))).toMatch(/networkPolicies.dnsNamespace "Kube_System"/);
    expect(errorOf(() => synthSpire({ networkPolicies: { dnsPodLabels: {} } }))).toMatch(/networkPolicies.dnsPodLabels \{\} must not be empty/);
  });
});
