// One block per rule family, each naming the upstream rule it follows. Small hand-written
// objects: the examples' pairs are in example-pairs.test.ts.
import { diffManifests } from '../../src/diff';
import { diffContext } from '../../src/diff/diff-context';
import type { DiffRule } from '../../src/diff/rules';
import { classObjectRule } from '../../src/diff/rules/class-objects';
import { componentImageRule } from '../../src/diff/rules/component-images';
import { crdRule } from '../../src/diff/rules/crd-names';
import { csiDriverSpecRule } from '../../src/diff/rules/csi-driver-spec';
import { federationRule } from '../../src/diff/rules/federation';
import { immutableDataRule } from '../../src/diff/rules/immutable-data';
import { jobSpecRule } from '../../src/diff/rules/job-spec';
import { leftBehindRule } from '../../src/diff/rules/left-behind';
import { podSpecRule } from '../../src/diff/rules/pod-spec';
import { pvcSpecRule } from '../../src/diff/rules/pvc-spec';
import { roleRefRule } from '../../src/diff/rules/role-ref';
import { serviceRule } from '../../src/diff/rules/service-ip';
import { spireIdentityRule } from '../../src/diff/rules/spire-identity';
import { statefulSetSpecRule } from '../../src/diff/rules/statefulset-spec';
import { workloadSelectorRule } from '../../src/diff/rules/workload-selectors';

function run(rule: DiffRule, before: any[], after: any[]): string[] {
  return rule(diffContext({ objects: before }, { objects: after })).map((f) => `${f.severity} ${f.rule} ${f.field}`);
}

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
const sts = (spec: any) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: meta('db', 'x'),
  spec: {
    replicas: 1,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    ...spec,
  },
});

describe('pkg/apis/apps/validation ValidateStatefulSetUpdate', () => {
  test('replicas, template, updateStrategy, minReadySeconds may change', () => {
    expect(run(statefulSetSpecRule, [sts({})], [sts({ replicas: 3, minReadySeconds: 5, updateStrategy: { type: 'OnDelete' }, template: { metadata: { labels: { app: 'db', v: '2' } }, spec: { containers: [] } } })])).toEqual([]);
  });
  test('the same storage written another way (1Gi = 1024Mi) and a default spelled out are no change', () => {
    const same = sts({ podManagementPolicy: 'OrderedReady', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '1024Mi' } } } }] });
    expect(run(statefulSetSpecRule, [sts({})], [same])).toEqual([]);
  });
  test('volumeClaimTemplates, podManagementPolicy and serviceName may not', () => {
    expect(run(statefulSetSpecRule, [sts({})], [sts({ podManagementPolicy: 'Parallel', serviceName: 'db2' })]))
      .toEqual(['error statefulset-forbidden-update spec.podManagementPolicy, spec.serviceName']);
  });
  test('a new selector: deleted without --cascade=orphan (it could not adopt the old pods)', () => {
    const [f] = statefulSetSpecRule(diffContext({ objects: [sts({})] }, { objects: [sts({ selector: { matchLabels: { app: 'db2' } } })] }));
    expect(f.fix[0]).toBe('kubectl delete statefulset db -n x   # a new selector cannot adopt the old pods; PVCs stay');
  });
  test('a smaller claim: PVCs cannot shrink', () => {
    const [f] = statefulSetSpecRule(diffContext({ objects: [sts({})] }, { objects: [sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Mi' } } } }] })] }));
    expect(f.message).toContain('a PVC cannot shrink');
  });
});

describe('apps/v1 selectors are immutable (pkg/registry/apps/*/strategy.go ValidateUpdate)', () => {
  const dep = (app: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'x'), spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } } });
  test('Deployment', () => {
    expect(run(workloadSelectorRule, [dep('a')], [dep('b')])).toEqual(['error selector-immutable spec.selector']);
    expect(run(workloadSelectorRule, [dep('a')], [dep('a')])).toEqual([]);
  });
  test('DaemonSet', () => {
    const ds = (app: string) => ({ ...dep(app), kind: 'DaemonSet' });
    expect(run(workloadSelectorRule, [ds('a')], [ds('b')])).toEqual(['error selector-immutable spec.selector']);
  });
});

describe('pkg/apis/rbac/validation ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate: roleRef', () => {
  const binding = (kind: string, role: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta('b', kind === 'RoleBinding' ? 'x' : undefined),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [],
  });
  test.each(['RoleBinding', 'ClusterRoleBinding'])('%s', (kind) => {
    expect(run(roleRefRule, [binding(kind, 'a')], [binding(kind, 'b')])).toEqual(['error roleref-immutable roleRef']);
    expect(run(roleRefRule, [binding(kind, 'a')], [{ ...binding(kind, 'a'), subjects: [{ kind: 'User', name: 'u' }] }])).toEqual([]);
  });
});

describe('pkg/apis/storage/validation ValidateCSIDriverUpdate', () => {
  const driver = (spec: any) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: meta('csi.spiffe.io'), spec });
  test('attachRequired and volumeLifecycleModes are immutable (defaults: true, [Persistent])', () => {
    expect(run(csiDriverSpecRule, [driver({ attachRequired: false })], [driver({ attachRequired: true })])).toEqual(['error csidriver-immutable spec.attachRequired']);
    expect(run(csiDriverSpecRule, [driver({})], [driver({ volumeLifecycleModes: ['Ephemeral'] })])).toEqual(['error csidriver-immutable spec.volumeLifecycleModes']);
    expect(run(csiDriverSpecRule, [driver({})], [driver({ attachRequired: true, volumeLifecycleModes: ['Persistent'] })])).toEqual([]);
  });
  test('podInfoOnMount and fsGroupPolicy may change (mutable since Kubernetes 1.30ish; read the current code)', () => {
    expect(run(csiDriverSpecRule, [driver({ podInfoOnMount: false, fsGroupPolicy: 'File' })], [driver({ podInfoOnMount: true, fsGroupPolicy: 'None' })])).toEqual([]);
  });
});

describe('pkg/apis/core/validation ValidatePersistentVolumeClaimUpdate', () => {
  const pvc = (spec: any) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data', 'x'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } });
  test('growing is accepted where the class allows expansion (a warning with the check); shrinking is refused', () => {
    expect(run(pvcSpecRule, [pvc({})], [pvc({ resources: { requests: { storage: '2Gi' } } })])).toEqual(['warning pvc-expand spec.resources.requests.storage']);
    expect(run(pvcSpecRule, [pvc({})], [pvc({ resources: { requests: { storage: '512Mi' } } })])).toEqual(['error pvc-shrink spec.resources.requests.storage']);
  });
  test('the rest of the spec is immutable', () => {
    expect(run(pvcSpecRule, [pvc({})], [pvc({ storageClassName: 'fast' })])).toEqual(['error pvc-immutable spec.storageClassName']);
    expect(run(pvcSpecRule, [pvc({})], [pvc({ volumeAttributesClassName: 'gold' })])).toEqual([]);
  });
});

describe('pkg/apis/core/validation ValidateServiceUpdate', () => {
  const svc = (spec: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('s', 'x'), spec: { ports: [{ port: 80 }], ...spec } });
  test('clusterIP is immutable once allocated; a Service cannot become headless', () => {
    expect(run(serviceRule, [svc({ clusterIP: '10.0.0.1' })], [svc({ clusterIP: '10.0.0.2' })])).toEqual(['error service-clusterip-immutable spec.clusterIP']);
    expect(run(serviceRule, [svc({})], [svc({ clusterIP: 'None' })])).toEqual(['error service-clusterip-immutable spec.clusterIP']);
  });
  test('type changes are accepted (information); ExternalName holds no IP', () => {
    expect(run(serviceRule, [svc({ type: 'LoadBalancer' })], [svc({ type: 'NodePort' })])).toEqual(['info service-type-change spec.type']);
    expect(run(serviceRule, [svc({ type: 'ExternalName', externalName: 'a.example' })], [svc({ clusterIP: '10.0.0.9' })])).toEqual(['info service-type-change spec.type']);
  });
  test('loadBalancerClass is immutable while the Service stays a LoadBalancer', () => {
    expect(run(serviceRule, [svc({ type: 'LoadBalancer' })], [svc({ type: 'LoadBalancer', loadBalancerClass: 'lb.example/x' })]))
      .toEqual(['error service-loadbalancerclass-immutable spec.loadBalancerClass']);
    expect(run(serviceRule, [svc({ type: 'LoadBalancer', loadBalancerClass: 'lb.example/x' })], [svc({ type: 'NodePort' })])).toEqual(['info service-type-change spec.type']);
  });
  test('the primary IP family is immutable', () => {
    expect(run(serviceRule, [svc({ ipFamilies: ['IPv4'] })], [svc({ ipFamilies: ['IPv6', 'IPv4'] })])).toEqual(['error service-ipfamily-immutable spec.ipFamilies[0]']);
  });
});

describe('pkg/apis/core/validation ValidateConfigMapUpdate / ValidateSecretUpdate', () => {
  const cm = (extra: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c', 'x'), data: { a: '1' }, ...extra });
  test('an immutable ConfigMap: data cannot change, immutable cannot be unset', () => {
    expect(run(immutableDataRule, [cm({ immutable: true })], [cm({ immutable: true, data: { a: '2' } })])).toEqual(['error immutable-data data']);
    expect(run(immutableDataRule, [cm({ immutable: true })], [cm({})])).toEqual(['error immutable-data immutable']);
    expect(run(immutableDataRule, [cm({})], [cm({ data: { a: '2' }, immutable: true })])).toEqual([]);
  });
  test('a Secret\'s type never changes', () => {
    const secret = (type?: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('s', 'x'), ...(type ? { type } : {}) });
    expect(run(immutableDataRule, [secret()], [secret('kubernetes.io/tls')])).toEqual(['error secret-type-immutable type']);
    expect(run(immutableDataRule, [secret()], [secret('Opaque')])).toEqual([]);
  });
});

describe('pkg/apis/batch/validation ValidateJobSpecUpdate', () => {
  test('a Job\'s template is immutable', () => {
    const job = (image: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('j', 'x'), spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
    expect(run(jobSpecRule, [job('a')], [job('b')])).toEqual(['error job-immutable spec.template']);
  });
});

describe('apiextensions validation: validateCustomResourceDefinitionSpecUpdate, ValidateCustomResourceDefinitionStoredVersions', () => {
  const crd = (spec: any) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: meta('things.example.org'),
    spec: { group: 'example.org', scope: 'Cluster', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1', served: true, storage: true }], ...spec },
  });
  test('scope and names are immutable', () => {
    expect(run(crdRule, [crd({})], [crd({ scope: 'Namespaced' })])).toEqual(['error crd-immutable spec.scope']);
    expect(run(crdRule, [crd({})], [crd({ names: { plural: 'things', kind: 'Item' } })])).toEqual(['error crd-immutable spec.names.kind']);
  });
  test('the old storage version stays in spec.versions', () => {
    expect(run(crdRule, [crd({})], [crd({ versions: [{ name: 'v2', served: true, storage: true }] })])).toEqual(['error crd-stored-version-removed spec.versions']);
    expect(run(crdRule, [crd({})], [crd({ versions: [{ name: 'v1', served: false, storage: false }, { name: 'v2', served: true, storage: true }] })])).toEqual([]);
  });
});

describe('pkg/apis/storage/validation ValidateStorageClassUpdate, pkg/apis/scheduling/validation ValidatePriorityClassUpdate', () => {
  test('a StorageClass\'s provisioner, parameters, reclaimPolicy (default Delete) are immutable; allowVolumeExpansion is not', () => {
    const sc = (extra: any) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('fast'), provisioner: 'ebs.csi.aws.com', ...extra });
    expect(run(classObjectRule, [sc({})], [sc({ parameters: { type: 'gp3' }, reclaimPolicy: 'Retain' })]))
      .toEqual(['error class-immutable parameters', 'error class-immutable reclaimPolicy']);
    expect(run(classObjectRule, [sc({})], [sc({ reclaimPolicy: 'Delete', allowVolumeExpansion: true })])).toEqual([]);
  });
  test('a PriorityClass\'s value is immutable', () => {
    const pc = (value: number) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('p'), value });
    expect(run(classObjectRule, [pc(1000)], [pc(2000)])).toEqual(['error class-immutable value']);
  });
});

describe('pkg/apis/core/validation ValidatePodUpdate', () => {
  const pod = (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('p', 'x'), spec: { containers: [{ name: 'c', image: 'a:1' }], ...spec } });
  test('images may change; other spec fields may not', () => {
    expect(run(podSpecRule, [pod({})], [pod({ containers: [{ name: 'c', image: 'a:2' }] })])).toEqual([]);
    expect(run(podSpecRule, [pod({})], [pod({ containers: [{ name: 'c', image: 'a:1', args: ['-v'] }] })])).toEqual(['error pod-immutable spec.containers']);
  });
});

describe('kubectl apply leaves dropped objects behind (only --prune deletes)', () => {
  test('a dropped object and a moved one, with their delete commands', () => {
    const csid = { apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterSPIFFEID', metadata: meta('old') };
    const cm = (ns: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c', ns) });
    const findings = leftBehindRule(diffContext({ objects: [csid, cm('a')] }, { objects: [cm('b')] }));
    expect(findings.map((f) => f.fix[f.fix.length - 1])).toEqual([
      'kubectl delete clusterspiffeid.spire.spiffe.io old', 'kubectl delete configmap c -n a',
    ]);
    expect(findings[1].message).toContain('ConfigMap/a/c becomes ConfigMap/b/c: a new object, not a rename');
  });
});

// server.conf as this library and the Helm chart render it (JSON).
const serverConfigMap = (server: any, plugins: any = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta('spire-server', 'spire-server'),
  data: {
    'server.conf': JSON.stringify({
      server: { trust_domain: 'example.org', ...server },
      plugins: {
        DataStore: [{ sql: { plugin_data: { database_type: 'sqlite3', connection_string: '/run/spire/data/datastore.sqlite3' } } }],
        KeyManager: [{ disk: { plugin_data: { keys_path: '/run/spire/data/keys.json' } } }],
        ...plugins,
      },
    }),
  },
});

describe('spiffe/spire doc/spire_server.md: identity changes the API server accepts', () => {
  test('CA key type (SPIRE\'s default ec-p256) and upstream authority: warnings', () => {
    expect(run(spireIdentityRule, [serverConfigMap({})], [serverConfigMap({ ca_key_type: 'ec-p256' })])).toEqual([]);
    expect(run(spireIdentityRule, [serverConfigMap({})], [serverConfigMap({ ca_key_type: 'rsa-2048' })]))
      .toEqual(['warning ca-key-type-changed data["server.conf"].server.ca_key_type']);
    expect(run(spireIdentityRule, [serverConfigMap({})], [serverConfigMap({}, { UpstreamAuthority: [{ 'cert-manager': { plugin_data: {} } }] })]))
      .toEqual(['warning upstream-authority-changed data["server.conf"].plugins.UpstreamAuthority']);
  });
  test('the database password is not the datastore: only host, port and database name count', () => {
    const pg = (conn: string) => serverConfigMap({}, { DataStore: [{ sql: { plugin_data: { database_type: 'postgres', connection_string: conn } } }] });
    expect(run(spireIdentityRule, [pg("host=db port=5432 dbname=spire password='a'")], [pg("dbname=spire host=db password='${DBPW}'")])).toEqual([]);
    expect(run(spireIdentityRule, [pg('postgres://u:p@db:5432/spire')], [pg('postgres://u:p@db:5432/spire2')])).toEqual(['error datastore-changed data["server.conf"].plugins.DataStore']);
  });
});

describe('federation relationships removed (spire-controller-manager reconcilers)', () => {
  test('a ClusterFederatedTrustDomain dropped, federatesWith narrowed', () => {
    const cftd = { apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterFederatedTrustDomain', metadata: meta('partner'), spec: { trustDomain: 'partner.example' } };
    const reg = (federatesWith: string[]) => ({ apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterSPIFFEID', metadata: meta('r'), spec: { federatesWith } });
    expect(run(federationRule, [cftd, reg(['partner.example'])], [reg([])])).toEqual([
      'warning federation-removed spec.trustDomain', 'warning federates-with-removed spec.federatesWith',
    ]);
  });
});

describe('spire-controller-manager CHANGELOG.md: releases that need their CRDs first', () => {
  const cm = (v: string) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('spire-server', 'spire-server'),
    spec: { template: { spec: { containers: [{ name: 'cm', image: `ghcr.io/spiffe/spire-controller-manager:${v}` }] } } },
  });
  test('0.5.0 -> 0.6.3 crosses 0.6 (ClusterSPIFFEID CRD); 0.6.3 -> 0.6.4 is information', () => {
    expect(run(componentImageRule, [cm('0.5.0')], [cm('0.6.3')])).toEqual(['warning controller-manager-upgrade spec.template.spec.containers[cm].image']);
    expect(run(componentImageRule, [cm('0.6.3')], [cm('0.6.4')])).toEqual(['info component-image-changed spec.template.spec.containers[cm].image']);
  });
});

describe('identities side by side (src/plan on both sides)', () => {
  const controllerConfig = (trustDomain: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('spire-controller-manager', 'spire-server'),
    data: { 'config.json': JSON.stringify({ kind: 'ControllerManagerConfig', trustDomain, clusterName: 'c', className: 'k' }) },
  });
  const reg = {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: meta('all'),
    spec: {
      className: 'k',
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'web' } },
    },
  };
  const web = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, 'shop'),
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: name, containers: [] } } },
  });
  test('changed, lost and gained IDs per workload', () => {
    const data = diffManifests({ objects: [controllerConfig('a.example'), reg, web('web'), web('old')] },
      { objects: [controllerConfig('b.example'), reg, web('web'), web('new')] });
    expect(data.identities.workloads).toEqual([
      { workload: 'Deployment/shop/old', before: ['spiffe://a.example/ns/shop/sa/old'], after: [], change: 'lost' },
      { workload: 'Deployment/shop/web', before: ['spiffe://a.example/ns/shop/sa/web'], after: ['spiffe://b.example/ns/shop/sa/web'], change: 'changed' },
      { workload: 'Deployment/shop/new', before: [], after: ['spiffe://b.example/ns/shop/sa/new'], change: 'gained' },
    ]);
  });
  test('a side without a ControllerManagerConfig is not planned, and says why', () => {
    expect(diffManifests({ objects: [web('web')] }, { objects: [web('web')] }).identities.skipped[0]).toMatch(/^before: no trust domain/);
  });
});
