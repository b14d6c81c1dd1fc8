// The production example against the Helm chart's production render (case
// d, test/fixtures/helm-rendered/d-spire-production.yaml): the same setup
// must produce the same running configuration, with the deliberate
// differences asserted where they occur.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildProduction } from '../../examples/production/app';
import { synthProduction } from '../../examples/production/synth';
import { parsePostgres } from '../../src/components/server/connection-string';
import { readManifests, tempDir } from '../util/files';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, ofKind, pluginData } from '../util/synth';
import { wiringViolations } from '../util/wiring-invariants';

const outdir = tempDir();
buildProduction(outdir).synth();
const files = readManifests(outdir);
const all = [...files.values()].flat();
const server = find(all, 'StatefulSet', 'spire-server');
const agent = find(all, 'DaemonSet', 'spire-agent');
const serverConf = configIn(all, 'spire-server', 'server.conf');
const agentConf = configIn(all, 'spire-agent', 'agent.conf');

const CHART = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'helm-rendered', 'd-spire-production.yaml'), 'utf8'))
  .map(doc => doc.toJS()).filter(obj => obj && typeof obj === 'object' && obj.kind);
const chartServer = find(CHART, 'StatefulSet', 'spire-server');
const chartServerConf = JSON.parse(find(CHART, 'ConfigMap', 'spire-server').data['server.conf']);
const chartAgentConf = JSON.parse(find(CHART, 'ConfigMap', 'spire-agent').data['agent.conf']);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('production example output', () => {
  test('is three ordered files: CRDs, SPIRE, identities', () => {
    expect([...files.keys()]).toEqual(['0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml']);
    expect(files.get('0002-spire-identities.k8s.yaml')!.map(o => o.kind)).toEqual([
      'ClusterFederatedTrustDomain', 'ClusterSPIFFEID',
      // The OIDC discovery provider, in its own restricted namespace, with its ClusterSPIFFEID.
      'Namespace', 'ConfigMap', 'ServiceAccount', 'Deployment', 'ClusterSPIFFEID', 'Service',
    ]);
  });

  test.each([...files.keys()])('%s matches its snapshot', file => {
    expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toMatchSnapshot();
  });

  test('every object validates (Kubernetes OpenAPI, our CRDs, the prometheus-operator monitor schema)', () => {
    expect(validateAll(all)).toEqual([]);
  });

  test('npm run synth:production also writes an identity plan without errors or warnings', () => {
    const dir = tempDir();
    try {
      synthProduction(dir);
      const plan = JSON.parse(fs.readFileSync(path.join(dir, 'identity-plan.json'), 'utf8'));
      expect(plan.summary).toEqual({ error: 0, warning: 0, info: 1 });
      expect(fs.existsSync(path.join(dir, 'identity-plan.md'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the cross-component invariants hold, read from the output', () => {
    expect(wiringViolations(all)).toEqual([]);
  });

  test('what it adds to the quick start', () => {
    const extra = files.get('0001-spire.k8s.yaml')!
      .filter(o => ['PodDisruptionBudget', 'NetworkPolicy', 'PodMonitor'].includes(o.kind) || o.metadata.name.endsWith('-metrics'))
      .map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(extra).toEqual([
      'NetworkPolicy/spire-server/spire-server-agents',
      'NetworkPolicy/spire-server/spire-server-api-server',
      'NetworkPolicy/spire-server/spire-server-datastore',
      'NetworkPolicy/spire-server/spire-server-default-deny',
      'NetworkPolicy/spire-server/spire-server-dns',
      'NetworkPolicy/spire-server/spire-server-federation',
      'NetworkPolicy/spire-server/spire-server-federation-peers',
      'NetworkPolicy/spire-server/spire-server-metrics',
      'NetworkPolicy/spire-server/spire-server-webhook',
      'PodDisruptionBudget/spire-server/spire-server',
      'PodMonitor/spire-server/spire-server',
      'PodMonitor/spire-system/spire-agent',
      'Service/spire-server/spire-server-metrics',
      'Service/spire-system/spire-agent-metrics',
    ]);
  });
});

describe('equivalent to the chart\'s production case (d)', () => {
  test('trust domain, cluster name, CA subject and JWT issuer (the OIDC discovery provider)', () => {
    expect(serverConf.server.trust_domain).toBe(chartServerConf.server.trust_domain);
    expect(serverConf.server.jwt_issuer).toBe(chartServerConf.server.jwt_issuer);
    expect(ofKind(all, 'Deployment').map(d => d.metadata.name)).toEqual(['spire-oidc-discovery-provider']);
    expect(agentConf.agent.trust_domain).toBe(chartAgentConf.agent.trust_domain);
    expect(serverConf.server.ca_subject).toEqual(chartServerConf.server.ca_subject);
    expect(Object.keys(pluginData(serverConf, 'NodeAttestor', 'k8s_psat').clusters[0])).toEqual(Object.keys(pluginData(chartServerConf, 'NodeAttestor', 'k8s_psat').clusters[0]));
  });

  test('three replicas, a PDB with maxUnavailable 1, same namespaces', () => {
    expect(server.spec.replicas).toBe(chartServer.spec.replicas);
    expect(find(all, 'PodDisruptionBudget', 'spire-server').spec.maxUnavailable).toBe(find(CHART, 'PodDisruptionBudget', 'spire-server').spec.maxUnavailable);
    expect([server.metadata.namespace, agent.metadata.namespace]).toEqual([chartServer.metadata.namespace, find(CHART, 'DaemonSet', 'spire-agent').metadata.namespace]);
  });

  test('the same PostgreSQL database, with the password from the same Secret through -expandEnv', () => {
    const ours = pluginData(serverConf, 'DataStore', 'sql');
    const theirs = pluginData(chartServerConf, 'DataStore', 'sql');
    expect(ours.database_type).toBe(theirs.database_type);
    expect([ours.max_open_conns, ours.max_idle_conns]).toEqual([theirs.max_open_conns, theirs.max_idle_conns]);
    const params = (dsn: string) => Object.fromEntries(parsePostgres(dsn).params);
    const [o, t] = [params(ours.connection_string), params(theirs.connection_string)];
    for (const key of ['dbname', 'user', 'host', 'port', 'password']) expect([key, o[key]]).toEqual([key, t[key]]);
    // Deliberate: verify-full against the database's CA instead of the chart's
    // require (encrypted but the server unauthenticated), and the password
    // quoted so one with a space still parses.
    expect([o.sslmode, t.sslmode]).toEqual(['verify-full', 'require']);
    expect(o.sslrootcert).toBe('/run/spire/datastore-tls/ca/ca.crt');
    expect(ours.connection_string).toContain("password='${DBPW}'");
    expect(theirs.connection_string).toContain('password=${DBPW} ');
    const env = (c: any) => c.env.find((e: any) => e.name === 'DBPW');
    expect(env(container(server, 'spire-server'))).toEqual(env(container(chartServer, 'spire-server')));
    expect(container(server, 'spire-server').args).toContain('-expandEnv');
    expect(container(chartServer, 'spire-server').args).toContain('-expandEnv');
    // The chart's disable_migration: false is SPIRE's default; we do not write it.
    expect(theirs.disable_migration).toBe(false);
  });

  test('the same telemetry blocks and named metrics ports, scraped by PodMonitors with the same labels', () => {
    expect(serverConf.telemetry).toEqual(chartServerConf.telemetry);
    expect(agentConf.telemetry).toEqual(chartAgentConf.telemetry);
    const portsOf = (workload: any) => workload.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => `${p.name}:${p.containerPort}`));
    for (const name of ['spire-server', 'spire-agent']) {
      const ours = find(all, 'PodMonitor', name);
      const theirs = find(CHART, 'PodMonitor', name);
      expect(ours.metadata.namespace).toBe(theirs.metadata.namespace);
      expect(ours.metadata.labels.release).toBe(theirs.metadata.labels.release);
      expect(ours.spec.podMetricsEndpoints.map((e: any) => e.port)).toEqual(theirs.spec.podMetricsEndpoints.map((e: any) => e.port));
      // Every port our PodMonitor scrapes exists on our pods.
      const workload = name === 'spire-server' ? server : agent;
      for (const e of ours.spec.podMetricsEndpoints) expect(portsOf(workload).map((p: string) => p.split(':')[0])).toContain(e.port);
    }
    expect(portsOf(server).filter((p: string) => p.startsWith('prom'))).toEqual(['prom:9988', 'prom-cm:8082']);
    // Found here: the chart names the controller manager's metrics port pm-cm
    // but its PodMonitor scrapes prom-cm, a port no container has, so the
    // controller manager's metrics are never scraped. Ours names it prom-cm.
    expect(portsOf(chartServer).filter((p: string) => /^(prom|pm)/.test(p))).toEqual(['prom:9988', 'pm-cm:8082']);
    expect(find(CHART, 'PodMonitor', 'spire-server').spec.podMetricsEndpoints.map((e: any) => e.port)).toEqual(['prom', 'prom-cm']);
  });

  test('the federation bundle endpoint on 8443 and the same partner', () => {
    const ours = serverConf.server.federation.bundle_endpoint;
    const theirs = chartServerConf.server.federation.bundle_endpoint;
    expect({ ...ours }).toEqual({ address: theirs.address, port: theirs.port, profile: theirs.profile });
    // The chart writes refresh_hint 5m, which is SPIRE's default; we leave it out.
    expect(theirs.refresh_hint).toBe('5m');
    const partner = (objects: any[]) => {
      const spec = { ...ofKind(objects, 'ClusterFederatedTrustDomain')[0].spec };
      delete spec.className;
      return spec;
    };
    expect(partner(all)).toEqual(partner(CHART));
    const federatesWith = (objects: any[]) => ofKind(objects, 'ClusterSPIFFEID').find(c => c.spec.hint === 'default').spec.federatesWith;
    expect(federatesWith(all)).toEqual(federatesWith(CHART));
  });

  test('beyond the chart: spread over nodes and zones, NetworkPolicies, JSON logs', () => {
    expect(server.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(chartServer.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(chartServer.spec.template.spec.affinity).toBeUndefined();
    expect(ofKind(CHART, 'NetworkPolicy')).toEqual([]);
    expect([serverConf.server.log_format, agentConf.agent.log_format]).toEqual(['json', 'json']);
  });

  test('the server pod stays within Pod Security restricted: no hostPath, no root', () => {
    expect(server.spec.template.spec.volumes.filter((v: any) => v.hostPath)).toEqual([]);
    for (const c of server.spec.template.spec.containers) {
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    }
  });
});
