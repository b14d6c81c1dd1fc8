import { DataStore, ServerSpread, SpireProps } from '../../src';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, synthSpire } from '../util/synth';

const PG = "dbname=spire user=spire host=db password='${DBPW}' sslmode=verify-full";
const ha = (extra: Partial<NonNullable<SpireProps['server']>> = {}): Partial<SpireProps> => ({
  server: { replicas: 3, dataStore: DataStore.postgres({ connectionString: PG, passwordSecretName: 'spire-db' }), ...extra },
});

describe('several server replicas', () => {
  test('spread over nodes (hard) and zones (soft) by default', () => {
    const { objects } = synthSpire(ha());
    const sts = find(objects, 'StatefulSet', 'spire-server');
    const selector = sts.spec.selector;
    expect(sts.spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
    expect(sts.spec.template.spec.affinity).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });

  test('overridable: one replica per node, or nothing', () => {
    const perNode = find(synthSpire(ha({ spread: ServerSpread.oneReplicaPerNode() })).objects, 'StatefulSet', 'spire-server');
    expect(perNode.spec.template.spec.affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: perNode.spec.selector }] },
    });
    expect(perNode.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    const none = find(synthSpire(ha({ spread: ServerSpread.none() })).objects, 'StatefulSet', 'spire-server');
    expect([none.spec.template.spec.affinity, none.spec.template.spec.topologySpreadConstraints]).toEqual([undefined, undefined]);
  });

  test('a single replica gets no spread rules (nothing to spread)', () => {
    const sts = find(synthSpire({}).objects, 'StatefulSet', 'spire-server');
    expect(sts.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('PDB, readiness before joining the Service, one Service for all replicas, leader election on a Lease', () => {
    const { objects } = synthSpire(ha());
    const sts = find(objects, 'StatefulSet', 'spire-server');
    const pdb = find(objects, 'PodDisruptionBudget', 'spire-server');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: sts.spec.selector });
    // Ordered start: the first replica migrates the schema before the next one starts.
    expect(sts.spec.podManagementPolicy).toBeUndefined();
    const server = container(sts, 'spire-server');
    const conf = configIn(objects, 'spire-server', 'server.conf');
    expect(server.readinessProbe.httpGet).toEqual({ path: conf.health_checks.ready_path, port: 'healthz' });
    // The agents dial one ClusterIP Service that selects every replica, and it never lists unready ones.
    const service = find(objects, 'Service', 'spire-server');
    expect(service.spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(service.spec.publishNotReadyAddresses).toBeUndefined();
    expect(configIn(objects, 'spire-agent', 'agent.conf').agent.server_address).toBe('spire-server.spire-server.svc');
    // Every replica runs a controller manager; one Lease picks the leader.
    const cm = configIn(objects, 'spire-controller-manager', 'controller-manager-config.json');
    expect(cm.leaderElection).toEqual({ leaderElect: true, resourceName: 'spire-controller-manager-leader', resourceNamespace: 'spire-server' });
    const role = find(objects, 'Role', 'spire-controller-manager-leader-election');
    expect(role.metadata.namespace).toBe(cm.leaderElection.resourceNamespace);
    // The webhook runs on every replica (no leader election for it): its Service selects them all.
    expect(find(objects, 'Service', 'spire-controller-manager-webhook').spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(role.rules[0]).toEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
  });
});
