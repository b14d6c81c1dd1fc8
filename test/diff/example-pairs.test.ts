// Pairs of the examples' outputs, built with one option changed, diffed as `cdk8s-spire diff`
// would: the changes a real kube-apiserver 1.36 refuses are errors naming the refused object;
// changes that take identities away and unsupported SPIRE upgrade paths are flagged; ordinary
// changes (log level, TTLs, replicas, a LoadBalancer bundle endpoint becoming a NodePort one,
// image patch bumps) get no error.
import { Duration, Size } from 'cdk8s';
import { diff, production, quickstart, summary } from './helpers';
import { BundleEndpointExposure, DataStore, LogLevel } from '../../src';

const PG = "dbname=spire user=spire host=db port=5432 password='${DBPW}' sslmode=verify-full";
const postgres = DataStore.postgres({ connectionString: PG, passwordSecretName: 'spire-db', rootCaSecretName: 'db-ca' });
const image = (component: string, version: string) => `ghcr.io/spiffe/${component}:${version}`;

const base = quickstart();
const errors = (after: any[], before = base) => summary(diff(before, after), ['error']);

describe('updates the API server refuses', () => {
  test('server.storageSize 1Gi -> 5Gi: the StatefulSet update is refused; the fix orphans it and grows the PVC', () => {
    const data = diff(base, quickstart({ server: { storageSize: Size.gibibytes(5) } }));
    expect(summary(data)).toEqual(['error statefulset-forbidden-update StatefulSet/spire-server/spire-server']);
    const [f] = data.findings;
    expect(f.field).toBe('spec.volumeClaimTemplates');
    expect(f.fix).toEqual([
      'kubectl delete statefulset spire-server -n spire-server --cascade=orphan   # the pods and PVCs keep running',
      'kubectl apply -f <the new manifests>   # the new StatefulSet adopts the running pods',
      'kubectl get storageclass   # the (default) class must have allowVolumeExpansion: true to grow the PVCs',
      'kubectl patch pvc spire-data-spire-server-0 -n spire-server -p \'{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}\'',
    ]);
    expect(data.rollout[0].commands).toEqual(['kubectl delete statefulset spire-server -n spire-server --cascade=orphan   # the pods and PVCs keep running']);
  });

  test('server.storageClassName set: refused; existing PVCs keep their class', () => {
    const data = diff(base, quickstart({ server: { storageClassName: 'fast-ssd' } }));
    expect(summary(data)).toEqual(['error statefulset-forbidden-update StatefulSet/spire-server/spire-server']);
    expect(data.findings[0].message).toContain('existing PVCs keep their class');
  });
});

describe('changes the API server accepts that take identities away', () => {
  test('trustDomain', () => {
    expect(errors(quickstart({ trustDomain: 'other.example' }))).toEqual(['error trust-domain-changed ConfigMap/spire-server/spire-server']);
  });

  test('serverNamespace: a second server beside the old one, and the old objects left behind', () => {
    const data = diff(base, quickstart({ serverNamespace: 'spire' }));
    const found = summary(data);
    expect(found).toContain('error server-moved StatefulSet/spire/spire-server');
    expect(found).toContain('warning left-behind StatefulSet/spire-server/spire-server');
    expect(found).toContain('warning left-behind Namespace/spire-server');
    expect(found).toContain('warning left-behind ClusterRole/spire-server-spire-server');
    expect(data.findings.find((f) => f.object.name === 'spire-server-spire-server' && f.object.kind === 'ClusterRole')!.message)
      .toContain('becomes ClusterRole/spire-spire-server');
    const cleanup = data.rollout.find((s) => s.title === 'Delete what the new manifests dropped')!;
    expect(cleanup.commands[cleanup.commands.length - 1]).toBe('kubectl delete namespace spire-server');
  });

  test('sqlite3 -> PostgreSQL with 3 replicas: an empty datastore, a new CA', () => {
    const data = diff(base, quickstart({ server: { replicas: 3, dataStore: postgres } }));
    expect(summary(data, ['error'])).toEqual(['error datastore-changed ConfigMap/spire-server/spire-server']);
    expect(data.findings[0].message).toMatch(/sqlite3 \(\/run\/spire\/data\/datastore.sqlite3\) -> postgres \(db:5432\/spire\)/);
  });

  test('csiDriver.driverName: the old CSIDriver is left behind, running pods keep the old driver', () => {
    const found = summary(diff(base, quickstart({ csiDriver: { driverName: 'csi.example.org' } })));
    expect(found).toContain('error csi-driver-name-changed CSIDriver/csi.example.org');
    expect(found).toContain('warning left-behind CSIDriver/csi.spiffe.io');
  });

  test('agent.socketDirectory: pods that mount the Workload API must restart', () => {
    expect(errors(quickstart({ agent: { socketDirectory: '/run/spire/sockets' } })))
      .toEqual(['error agent-socket-directory-changed DaemonSet/spire-system/spire-agent']);
  });

  test('agent.socketFileName', () => {
    expect(errors(quickstart({ agent: { socketFileName: 'agent.sock' } })))
      .toEqual(['error agent-socket-file-changed DaemonSet/spire-system/spire-agent']);
  });
});

describe('SPIRE versions', () => {
  const versions = (server: string, agent: string) => quickstart({
    server: { image: image('spire-server', server) }, agent: { image: image('spire-agent', agent) },
  });

  test('1.13 -> 1.15 skips a minor version: an error on the server and on the agent', () => {
    expect(errors(versions('1.15.3', '1.15.3'), versions('1.13.3', '1.13.3'))).toEqual([
      'error spire-upgrade-step StatefulSet/spire-server/spire-server',
      'error spire-upgrade-step DaemonSet/spire-system/spire-agent',
    ]);
  });

  test('1.14 -> 1.15 is supported: no error, a warning to roll the servers first, and a rollout in that order', () => {
    const data = diff(versions('1.14.2', '1.14.2'), versions('1.15.3', '1.15.3'));
    expect(summary(data)).toEqual(['warning spire-upgrade-order DaemonSet/spire-system/spire-agent']);
    expect(data.rollout.map((s) => s.title)).toEqual(['SPIRE server, then wait for it', 'Agents and the SPIFFE CSI driver']);
  });

  test('an agent newer than the server is an error', () => {
    // Synth refuses this pair (src/components/common/image-policy.ts), so the new side is a
    // manifest set edited by hand, as another tool or a kustomize patch would produce it.
    const after = versions('1.14.2', '1.14.2');
    const agent = after.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'spire-agent');
    agent.spec.template.spec.containers.find((c: any) => c.name === 'spire-agent').image = image('spire-agent', '1.15.3');
    expect(errors(after, versions('1.14.2', '1.14.2')))
      .toEqual(['error spire-agent-server-skew DaemonSet/spire-system/spire-agent']);
    expect(() => versions('1.14.2', '1.15.3')).toThrow(/agent 1.15.3 is newer than server 1.14.2/);
  });

  test('a patch bump is information only', () => {
    const data = diff(versions('1.15.2', '1.15.2'), versions('1.15.3', '1.15.3'));
    expect(summary(data)).toEqual([]);
    expect(summary(data, ['info'])).toEqual([
      'info spire-image-changed StatefulSet/spire-server/spire-server',
      'info spire-image-changed DaemonSet/spire-system/spire-agent',
    ]);
  });
});

describe('ordinary changes get no error', () => {
  test.each([
    ['server.logLevel', { server: { logLevel: LogLevel.DEBUG } }],
    ['agent.logLevel', { agent: { logLevel: LogLevel.DEBUG } }],
    ['TTLs', { server: { x509SvidTtl: Duration.hours(2), jwtSvidTtl: Duration.minutes(10), caTtl: Duration.hours(48) } }],
    ['server replicas on sqlite3', { server: { replicas: 1, logLevel: LogLevel.WARN } }],
  ])('%s', (_name, overrides) => {
    expect(summary(diff(base, quickstart(overrides as any)))).toEqual([]);
  });

  test('a LoadBalancer bundle endpoint becoming a NodePort one', () => {
    const lb = quickstart({ bundleEndpoint: { exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire.example.org' }) } });
    const np = quickstart({ bundleEndpoint: { exposure: BundleEndpointExposure.nodePort({ publicAddress: 'spire.example.org', nodePort: 31443 }) } });
    const data = diff(lb, np);
    expect(summary(data, ['error'])).toEqual([]);
    expect(data.findings.map((f) => f.rule)).toContain('service-type-change');
  });
});

describe('the production example', () => {
  const prod = production();

  test('logLevel only: no error, no warning', () => {
    expect(summary(diff(prod, production({ server: { logLevel: LogLevel.DEBUG } })))).toEqual([]);
  });

  test('its PostgreSQL database moves: an empty datastore', () => {
    const moved = DataStore.postgres({ connectionString: PG.replace('host=postgresql.database.svc', 'host=db2'), passwordSecretName: 'spire-db' });
    expect(errors(production({ server: { dataStore: moved } }), prod)).toEqual(['error datastore-changed ConfigMap/spire-server/spire-server']);
  });

  test('storageSize on PostgreSQL: the claim template (the disk KeyManager\'s keys) still cannot change; three PVCs to grow', () => {
    const data = diff(prod, production({ server: { storageSize: Size.gibibytes(5) } }));
    expect(summary(data)).toEqual(['error statefulset-forbidden-update StatefulSet/spire-server/spire-server']);
    expect(data.findings[0].fix.filter((c) => c.startsWith('kubectl patch pvc')).map((c) => c.split(' ')[3]))
      .toEqual(['spire-data-spire-server-0', 'spire-data-spire-server-1', 'spire-data-spire-server-2']);
  });
});
