// Unit tests of the rules the option sweep (option-sweep.test.ts) added or corrected, on small
// hand-written objects, each naming the upstream rule it follows.
import { diff, quickstart } from './helpers';
import { diffContext } from '../../src/diff/diff-context';
import { identityFindings } from '../../src/diff/identity-findings';
import type { DiffRule } from '../../src/diff/rules';
import { leftBehindRule } from '../../src/diff/rules/left-behind';
import { spireIdentityRule } from '../../src/diff/rules/spire-identity';
import { serverCommand, spireFacts } from '../../src/diff/spire-facts';

function run(rule: DiffRule, before: any[], after: any[]): string[] {
  return rule(diffContext({ objects: before }, { objects: after })).map((f) => `${f.severity} ${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`);
}

const agentConfig = (cluster: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'spire-agent', namespace: 'spire-system' },
  data: { 'agent.conf': JSON.stringify({ agent: { trust_domain: 'example.org' }, plugins: { NodeAttestor: [{ k8s_psat: { plugin_data: { cluster } } }] } }) },
});
const controllerConfig = (cluster: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'spire-controller-manager', namespace: 'spire-server' },
  data: { 'config.json': JSON.stringify({ kind: 'ControllerManagerConfig', clusterName: cluster, entryIDPrefix: cluster, trustDomain: 'example.org' }) },
});
const serverConfig = (server: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'spire-server', namespace: 'spire-server' },
  data: { 'server.conf': JSON.stringify({ server: { trust_domain: 'example.org', ...server }, plugins: { DataStore: [{ sql: { plugin_data: { database_type: 'sqlite3', connection_string: '/data/ds.sqlite3' } } }] } }) },
});
const serverSts = (namespace = 'spire-server') => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'spire-server', namespace },
  spec: { template: { spec: { containers: [{ name: 'spire-server', image: 'ghcr.io/spiffe/spire-server:1.15.3' }] } } },
});
const agentDs = (namespace: string, hostNetwork = true) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'spire-agent', namespace },
  spec: { template: { spec: { hostNetwork, containers: [{ name: 'spire-agent', image: 'ghcr.io/spiffe/spire-agent:1.15.3', ports: [{ containerPort: 9982 }] }] } } },
});

describe('cluster-name-changed: spiffe/spire doc/plugin_server_nodeattestor_k8s_psat.md (agent IDs name the cluster), spire-controller-manager entryIDPrefix', () => {
  test('a new k8s_psat cluster warns, with the entry clean-up when the entry ID prefix moves too', () => {
    const context = diffContext({ objects: [agentConfig('a'), controllerConfig('a'), serverSts()] }, { objects: [agentConfig('b'), controllerConfig('b'), serverSts()] });
    const [f] = spireIdentityRule(context);
    expect(`${f.severity} ${f.rule} ${f.field}`).toBe('warning cluster-name-changed data["agent.conf"].plugins.NodeAttestor.k8s_psat.cluster');
    expect(f.message).toContain('entryIDPrefix a -> b');
    expect(f.fix).toContain('kubectl exec -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server entry delete -entryID <id>');
  });

  test('the same cluster: nothing', () => {
    expect(run(spireIdentityRule, [agentConfig('a')], [agentConfig('a')])).toEqual([]);
  });
});

describe('agent-moved: kubernetes/kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Pod (hostNetwork: hostPort = containerPort), kubectl apply never deletes', () => {
  test('a host-network agent DaemonSet in another namespace is an error; the fix deletes the old one first', () => {
    const context = diffContext({ objects: [agentDs('spire-system')] }, { objects: [agentDs('spire-agents')] });
    const [f] = spireIdentityRule(context);
    expect(`${f.severity} ${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`).toBe('error agent-moved DaemonSet/spire-agents/spire-agent');
    expect(f.message).toContain('stay Pending');
    expect(f.fix[1]).toMatch(/^kubectl delete daemonset spire-agent -n spire-system {3}#/);
  });

  test('without hostNetwork it is still an error (two agents on one socket directory), without the Pending note', () => {
    const [f] = spireIdentityRule(diffContext({ objects: [agentDs('a', false)] }, { objects: [agentDs('b', false)] }));
    expect(f.rule).toBe('agent-moved');
    expect(f.message).not.toContain('Pending');
  });
});

describe('jwt-issuer-changed: spiffe/spire doc/spire_server.md (jwt_issuer is the iss claim of JWT-SVIDs)', () => {
  test('a new issuer warns; the same one does not', () => {
    expect(run(spireIdentityRule, [serverConfig({ jwt_issuer: 'https://a' })], [serverConfig({ jwt_issuer: 'https://b' })]))
      .toEqual(['warning jwt-issuer-changed ConfigMap/spire-server/spire-server']);
    expect(run(spireIdentityRule, [serverConfig({ jwt_issuer: 'https://a' })], [serverConfig({ jwt_issuer: 'https://a' })])).toEqual([]);
  });
});

describe('namespace-no-longer-managed: kubectl apply leaves a dropped Namespace; deleting it deletes what lives in it', () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'spire-server' } };
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'spire-server' } };

  test('still used by the new objects: info, nothing to delete', () => {
    const [f] = leftBehindRule(diffContext({ objects: [ns, cm] }, { objects: [cm] }));
    expect([f.severity, f.rule, f.fix]).toEqual(['info', 'namespace-no-longer-managed', []]);
  });

  test('no longer used: left behind, with the delete command', () => {
    expect(run(leftBehindRule, [ns, cm], [])).toEqual(['warning left-behind Namespace//spire-server', 'warning left-behind ConfigMap/spire-server/c']);
  });
});

describe('workload-identity-changed / -lost: spire-controller-manager pkg/spireentry/reconciler.go (entries follow the ClusterSPIFFEIDs)', () => {
  const comparison = (change: 'changed' | 'lost' | 'unchanged', trustDomainAfter = 'example.org') => ({
    skipped: [],
    trustDomainBefore: 'example.org',
    trustDomainAfter,
    workloads: [{ workload: 'Deployment/shop/payments', before: ['spiffe://example.org/a'], after: change === 'lost' ? [] : ['spiffe://example.org/b'], change }],
  });

  test('changed and lost IDs warn on the workload', () => {
    expect(identityFindings(comparison('changed')).map((f) => `${f.severity} ${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`))
      .toEqual(['warning workload-identity-changed Deployment/shop/payments']);
    expect(identityFindings(comparison('lost')).map((f) => f.rule)).toEqual(['workload-identity-lost']);
  });

  test('unchanged IDs, or a new trust domain (trust-domain-changed covers every ID): nothing', () => {
    expect(identityFindings(comparison('unchanged'))).toEqual([]);
    expect(identityFindings(comparison('changed', 'other.org'))).toEqual([]);
  });
});

describe('serverCommand: spire-server commands runnable as written', () => {
  test('kubectl exec into the first pod of the server StatefulSet; -socketPath only when server.conf moves the socket', () => {
    expect(serverCommand(spireFacts([serverSts(), serverConfig({})]), 'bundle show'))
      .toBe('kubectl exec -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle show');
    expect(serverCommand(spireFacts([serverSts('spire'), serverConfig({ socket_path: '/run/spire/api.sock' })]), 'entry show', '-output json'))
      .toBe('kubectl exec -n spire spire-server-0 -c spire-server -- /opt/spire/bin/spire-server entry show -socketPath /run/spire/api.sock -output json');
  });
});

describe('rollout with a moved agent DaemonSet', () => {
  test('the old DaemonSet is deleted before waiting for the new one (its pods stay Pending until then)', () => {
    const data = diff(quickstart(), quickstart({ systemNamespace: 'spire-agents' }));
    const agents = data.rollout.find((s) => s.title === 'Agents and the SPIFFE CSI driver')!;
    const del = agents.commands.findIndex((c) => c.startsWith('kubectl delete daemonset spire-agent -n spire-system'));
    const wait = agents.commands.findIndex((c) => c.startsWith('kubectl rollout status daemonset/spire-agent -n spire-agents'));
    expect(del).toBeGreaterThan(0);
    expect(wait).toBeGreaterThan(del);
  });
});

describe('a workload the new manifests drop', () => {
  test('is left behind (kubectl apply keeps it and its ClusterSPIFFEID), not an identity lost', () => {
    const comparison = {
      skipped: [],
      trustDomainBefore: 'example.org',
      trustDomainAfter: 'example.org',
      workloads: [{ workload: 'Deployment/shop/payments', before: ['spiffe://example.org/a'], after: [], change: 'lost' as const }],
    };
    expect(identityFindings(comparison, () => false)).toEqual([]);
  });
});
