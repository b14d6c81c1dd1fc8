// Each rule of the planner against spire-controller-manager's behaviour as its source states it.
import { controllerSettings, findControllerConfigs } from '../../src/plan/controller-settings';
import type { ControllerSettings, IdentityPlanData, KubeObject, PlannedWorkload } from '../../src/plan/model';
import { planIdentities } from '../../src/plan/planner';
import { goDurationSeconds } from '../../src/plan/render-report';

const ISTIO_ID = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

function settings(overrides: Partial<ControllerSettings> = {}): ControllerSettings {
  const base = controllerSettings({ trustDomain: 'example.org', clusterName: 'demo', className: 'spire-server-spire' }, 'test');
  if (typeof base === 'string') throw new Error(base);
  return { ...base, ...overrides };
}

function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

interface PodOptions { labels?: Record<string, string>; annotations?: Record<string, string>; sa?: string; spec?: any }

function deployment(name: string, ns: string, opts: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(opts.labels ?? {}) }, annotations: opts.annotations },
        spec: { ...(opts.sa ? { serviceAccountName: opts.sa } : {}), containers: [{ name: 'app', image: 'img' }], ...(opts.spec ?? {}) },
      },
    },
  };
}

function csid(name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name, ...metadata },
    spec: { className: 'spire-server-spire', spiffeIDTemplate: ISTIO_ID, ...spec },
  };
}

interface FederationOptions { bundle?: string; annotations?: Record<string, string>; profile?: string }

function cftd(name: string, trustDomain: string, extra: FederationOptions = {}): KubeObject {
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterFederatedTrustDomain',
    metadata: { name, annotations: extra.annotations },
    spec: {
      className: 'spire-server-spire',
      trustDomain,
      bundleEndpointURL: `https://${trustDomain}:8443`,
      bundleEndpointProfile: extra.profile === 'https_web' ? { type: 'https_web' } : { type: 'https_spiffe', endpointSPIFFEID: `spiffe://${trustDomain}/spire/server` },
      ...(extra.bundle ? { trustDomainBundle: extra.bundle } : {}),
    },
  };
}

const MESH = { labels: { 'spiffe.io/spire-managed-identity': 'true' }, annotations: { 'inject.istio.io/templates': 'sidecar,spire' } };

function plan(objects: KubeObject[], s: ControllerSettings = settings()): IdentityPlanData {
  return planIdentities(objects, s);
}

function workload(p: IdentityPlanData, ref: string): PlannedWorkload {
  const w = p.workloads.find(x => x.ref === ref);
  if (!w) throw new Error(`no workload ${ref} in ${p.workloads.map(x => x.ref).join(', ')}`);
  return w;
}

function ids(p: IdentityPlanData, ref: string): string[] {
  return workload(p, ref).entries.filter(e => !e.maskedBy).map(e => e.spiffeId ?? `(${e.status})`);
}

function rules(p: IdentityPlanData): string[] {
  return p.findings.map(f => `${f.severity}:${f.rule}:${f.subject}`);
}

// spiffe/spire-controller-manager:pkg/spireentry/reconciler.go reconcileClass:
// (className == "" && watchClassless) || className == config.ClassName
describe('className filtering (reconciler.go reconcileClass)', () => {
  const objects = (className: string | undefined) => [deployment('web', 'shop'), csid('web', { className })];

  test('the controller\'s className is reconciled', () => {
    expect(ids(plan(objects('spire-server-spire')), 'Deployment/shop/web')).toEqual(['spiffe://example.org/ns/shop/sa/default']);
  });

  test('another className is ignored, with a finding naming both classes', () => {
    const p = plan(objects('other'));
    expect(ids(p, 'Deployment/shop/web')).toEqual([]);
    const finding = p.findings.find(f => f.rule === 'class-not-reconciled')!;
    expect(finding.message).toContain('"other"');
    expect(finding.message).toContain('"spire-server-spire"');
    expect(finding.source).toContain('reconcileClass');
  });

  test('an empty className needs watchClassless when the controller has a className', () => {
    expect(ids(plan(objects(undefined)), 'Deployment/shop/web')).toEqual([]);
    expect(ids(plan(objects(undefined), settings({ watchClassless: true })), 'Deployment/shop/web')).toHaveLength(1);
  });

  test('an empty className matches a controller without className', () => {
    expect(ids(plan(objects(undefined), settings({ className: '' })), 'Deployment/shop/web')).toHaveLength(1);
    expect(ids(plan(objects('x'), settings({ className: '' })), 'Deployment/shop/web')).toHaveLength(0);
  });
});

// pkg/namespace/namespace.go IsIgnored: regex.MatchString, unanchored.
describe('ignored namespaces (pkg/namespace/namespace.go)', () => {
  const objects = [deployment('web', 'spire-apps', MESH), csid('mesh', { podSelector: { matchLabels: { 'spiffe.io/spire-managed-identity': 'true' } } })];

  test('patterns are unanchored: "spire" ignores spire-apps, and an enrolled workload there has no ID (error)', () => {
    const p = plan(objects, settings({ ignoreNamespaces: ['spire'] }));
    const w = workload(p, 'Deployment/spire-apps/web');
    expect(w.ignoredNamespace).toBe(true);
    expect(w.entries).toEqual([]);
    const finding = p.findings.find(f => f.rule === 'enrolled-without-identity')!;
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain('ignoreNamespaces');
  });

  test('anchored patterns ignore only their namespace', () => {
    const p = plan(objects, settings({ ignoreNamespaces: ['^spire$'] }));
    expect(ids(p, 'Deployment/spire-apps/web')).toEqual(['spiffe://example.org/ns/spire-apps/sa/default']);
    expect(rules(p)).not.toContain('error:enrolled-without-identity:Deployment/spire-apps/web');
  });

  test('the defaults are kube-system, kube-public and spire-system', () => {
    const s = controllerSettings({ trustDomain: 'example.org', clusterName: 'c' }, undefined);
    expect(typeof s !== 'string' && s.ignoreNamespaces).toEqual(['kube-system', 'kube-public', 'spire-system']);
  });
});

// pkg/k8sapi/helpers.go ListNamespaces/ListNamespacePods add a selector only when non-nil;
// metav1.LabelSelectorAsSelector turns an empty selector into "everything".
describe('namespace and pod selectors (metav1.LabelSelector semantics)', () => {
  const objects = (spec: Record<string, unknown>) => [
    namespace('shop', { team: 'a' }), namespace('bank', { team: 'b' }),
    deployment('web', 'shop'), deployment('api', 'bank', { labels: { tier: 'backend' } }),
    csid('x', spec),
  ];

  test.each([
    ['no selectors', {}, ['Deployment/shop/web', 'Deployment/bank/api']],
    ['empty selectors', { podSelector: {}, namespaceSelector: {} }, ['Deployment/shop/web', 'Deployment/bank/api']],
    ['namespaceSelector by label', { namespaceSelector: { matchLabels: { team: 'b' } } }, ['Deployment/bank/api']],
    ['namespaceSelector by name label', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, ['Deployment/shop/web']],
    ['podSelector matchLabels', { podSelector: { matchLabels: { tier: 'backend' } } }, ['Deployment/bank/api']],
    ['NotIn also matches pods without the label', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] } }, ['Deployment/shop/web']],
    ['Exists', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }, ['Deployment/bank/api']],
    ['DoesNotExist', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }, ['Deployment/shop/web']],
    ['In on the namespace name', { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['bank'] }] } }, ['Deployment/bank/api']],
  ])('%s', (_name, spec, expected) => {
    expect(plan(objects(spec)).registrations[0].workloads.sort()).toEqual([...expected].sort());
  });

  test('an invalid selector is reported as the webhook would reject it, and selects nothing', () => {
    const p = plan(objects({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } }));
    expect(p.registrations[0].workloads).toEqual([]);
    expect(rules(p)).toContain('error:invalid-label-selector:ClusterSPIFFEID/x');
  });

  test('namespaces not in the manifests are assumed, with only their name label', () => {
    const p = plan([deployment('web', 'apps')]);
    expect(p.namespaces).toEqual([{ name: 'apps', labels: { 'kubernetes.io/metadata.name': 'apps' }, implicit: true, ignored: false }]);
  });
});

// api/v1alpha1/clusterspiffeid_types.go Fallback: "Apply this ID only if there are no other
// matching non fallback ClusterSPIFFEIDs."
describe('fallback', () => {
  const fallback = csid('default', { fallback: true, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/default/{{ .PodMeta.Namespace }}' });
  const specific = csid('web', { podSelector: { matchLabels: { app: 'web' } } });

  test('steps aside when a non-fallback registration matches the pod', () => {
    const p = plan([deployment('web', 'shop'), deployment('db', 'shop'), fallback, specific]);
    expect(ids(p, 'Deployment/shop/web')).toEqual(['spiffe://example.org/ns/shop/sa/default']);
    expect(workload(p, 'Deployment/shop/web').fallbackSkipped).toEqual(['ClusterSPIFFEID/default']);
    expect(ids(p, 'Deployment/shop/db')).toEqual(['spiffe://example.org/default/shop']);
  });

  test('applies when only fallback registrations match (all of them)', () => {
    const other = csid('other-default', { fallback: true, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/other/{{ .PodMeta.Namespace }}' });
    expect(ids(plan([deployment('db', 'shop'), fallback, other]), 'Deployment/shop/db').sort())
      .toEqual(['spiffe://example.org/default/shop', 'spiffe://example.org/other/shop']);
  });

  test('a non-fallback registration of another class does not suppress it (the controller never lists it)', () => {
    const foreign = csid('web', { className: 'other', podSelector: { matchLabels: { app: 'web' } } });
    expect(ids(plan([deployment('web', 'shop'), fallback, foreign]), 'Deployment/shop/web')).toEqual(['spiffe://example.org/default/shop']);
  });
});

// pkg/spireentry/entries.go renderPodEntry.
describe('entry rendering (entries.go renderPodEntry)', () => {
  test('an entry carries the pod-uid selector, the default parent ID, and the spec fields', () => {
    const p = plan([deployment('web', 'shop', { sa: 'web-sa' }), csid('web', {
      workloadSelectorTemplates: ['k8s:ns:{{ .PodMeta.Namespace }}', 'k8s:sa:{{ .PodSpec.ServiceAccountName }}'],
      dnsNameTemplates: ['{{ index .PodMeta.Labels "app" }}.example.org'],
      federatesWith: ['partner.org'],
      ttl: '1h',
      jwtTtl: '5m',
      admin: true,
      downstream: true,
      hint: 'web',
    }), cftd('partner', 'partner.org', { profile: 'https_web' })]);
    expect(workload(p, 'Deployment/shop/web').entries).toEqual([{
      registration: 'ClusterSPIFFEID/web',
      status: 'rendered',
      spiffeId: 'spiffe://example.org/ns/shop/sa/web-sa',
      problem: undefined,
      parentId: 'spiffe://example.org/spire/agent/k8s_psat/demo/<node-uid>',
      selectors: ['k8s:pod-uid:<pod-uid>', 'k8s:ns:shop', 'k8s:sa:web-sa'],
      dnsNames: ['web.example.org'],
      federatesWith: ['partner.org'],
      x509SvidTtl: '1h',
      jwtSvidTtl: '5m',
      admin: true,
      downstream: true,
      hint: 'web',
      fallback: false,
    }]);
  });

  test('the service account defaults to "default" (ServiceAccount admission)', () => {
    expect(ids(plan([deployment('web', 'shop'), csid('x', {})]), 'Deployment/shop/web')).toEqual(['spiffe://example.org/ns/shop/sa/default']);
  });

  test('run-time values render as placeholders: pod names of controllers, node names', () => {
    const p = plan([deployment('web', 'shop'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/pod/{{ .PodMeta.Name }}/node/{{ .PodSpec.NodeName }}' })]);
    expect(ids(p, 'Deployment/shop/web')).toEqual(['spiffe://example.org/pod/web-<replicaset-hash>-<pod-suffix>/node/<node-name>']);
    expect(workload(p, 'Deployment/shop/web').podName).toBe('web-<replicaset-hash>-<pod-suffix>');
  });

  test('a template whose output depends on run-time values is unknown, not guessed', () => {
    const p = plan([deployment('web', 'shop', MESH), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ if eq .PodSpec.NodeName "a" }}a{{ else }}b{{ end }}' })]);
    const [entry] = workload(p, 'Deployment/shop/web').entries;
    expect(entry.status).toBe('unknown');
    expect(entry.problem).toMatch(/only known at run time/);
    expect(rules(p)).toContain('warning:unknown-at-synth:Deployment/shop/web');
  });

  test('an ID outside the controller\'s trust domain fails to render ("expected trust domain")', () => {
    const p = plan([deployment('web', 'shop', MESH), csid('x', { spiffeIDTemplate: 'spiffe://other.org/ns/{{ .PodMeta.Namespace }}' })]);
    const [entry] = workload(p, 'Deployment/shop/web').entries;
    expect(entry.status).toBe('error');
    expect(entry.problem).toContain('not "example.org"');
    expect(rules(p)).toEqual(expect.arrayContaining(['error:entry-render-failure:Deployment/shop/web', 'error:enrolled-without-identity:Deployment/shop/web']));
  });

  test('an ID under /spire is refused by the SPIRE server', () => {
    const p = plan([deployment('web', 'shop'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/spire/{{ .PodMeta.Namespace }}' })]);
    expect(workload(p, 'Deployment/shop/web').entries[0].problem).toContain('SPIRE server refuses');
  });

  test('a selector template that renders no type:value fails the entry', () => {
    const p = plan([deployment('web', 'shop'), csid('x', { workloadSelectorTemplates: ['k8s:{{ index .PodMeta.Labels "missing" }}'] })]);
    expect(workload(p, 'Deployment/shop/web').entries[0]).toMatchObject({ status: 'error', problem: expect.stringContaining('not <type>:<value>') });
  });

  test('autoPopulateDNSNames adds svc, svc.ns, svc.ns.svc and svc.ns.svc.<clusterDomain> of selecting Services, sorted, after the templates', () => {
    const service = (name: string, selector: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector } });
    const p = plan([deployment('web', 'shop'), service('web', { app: 'web' }), service('api', { app: 'web' }), service('db', { app: 'db' }),
      csid('x', { autoPopulateDNSNames: true, dnsNameTemplates: ['web.shop.svc', 'extra.example.org'] })]);
    expect(workload(p, 'Deployment/shop/web').entries[0].dnsNames).toEqual([
      'web.shop.svc', 'extra.example.org',
      'api', 'api.shop', 'api.shop.svc', 'api.shop.svc.cluster.local', 'web', 'web.shop', 'web.shop.svc.cluster.local',
    ]);
  });
});

// pkg/spireentry/reconciler.go makeEntryKey (SPIFFE ID, parent ID, sorted selectors) and
// sortDeclaredEntriesByPreference (oldest creationTimestamp first, then UID).
describe('identical entries are masked (reconciler.go)', () => {
  test('the oldest registration wins; the other is masked and noted', () => {
    const p = plan([deployment('web', 'shop'),
      csid('newer', { ttl: '5m' }, { creationTimestamp: '2026-02-01T00:00:00Z' }),
      csid('older', { ttl: '1h' }, { creationTimestamp: '2026-01-01T00:00:00Z' })]);
    const entries = workload(p, 'Deployment/shop/web').entries;
    expect(entries.map(e => [e.registration, e.maskedBy, e.x509SvidTtl])).toEqual([
      ['ClusterSPIFFEID/older', undefined, '1h'],
      ['ClusterSPIFFEID/newer', 'ClusterSPIFFEID/older', '5m'],
    ]);
    expect(rules(p)).toContain('info:masked-entry:Deployment/shop/web');
    expect(rules(p)).not.toContain('warning:multiple-identities:Deployment/shop/web');
  });

  test('different selectors are different entries', () => {
    const p = plan([deployment('web', 'shop'), csid('a', {}), csid('b', { workloadSelectorTemplates: ['k8s:ns:shop'] })]);
    expect(workload(p, 'Deployment/shop/web').entries.filter(e => !e.maskedBy)).toHaveLength(2);
  });
});

describe('findings', () => {
  const meshReg = csid('mesh', { podSelector: { matchLabels: { 'spiffe.io/spire-managed-identity': 'true' } } });

  test('an enrolled workload no registration selects is an error naming the rule and fix', () => {
    const p = plan([deployment('web', 'shop', { annotations: { 'inject.istio.io/templates': 'sidecar,spire' } }), meshReg]);
    const f = p.findings.find(x => x.rule === 'enrolled-without-identity')!;
    expect(f).toMatchObject({ severity: 'error', subject: 'Deployment/shop/web' });
    expect(f.fix).toContain('spiffe.io/spire-managed-identity');
  });

  test('an Istio gateway patched to mount the SPIFFE CSI driver counts as enrolled', () => {
    const gateway = deployment('istio-ingressgateway', 'istio-system', {
      labels: { istio: 'ingressgateway' },
      sa: 'istio-ingressgateway-service-account',
      spec: {
        containers: [{ name: 'istio-proxy', image: 'proxy', volumeMounts: [{ name: 'workload-socket', mountPath: '/run/secrets/workload-spiffe-uds' }] }],
        volumes: [{ name: 'workload-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } }],
      },
    });
    const p = plan([gateway]);
    expect(workload(p, 'Deployment/istio-system/istio-ingressgateway')).toMatchObject({ mesh: true, gateway: true, workloadApi: true });
    expect(rules(p)).toContain('error:enrolled-without-identity:Deployment/istio-system/istio-ingressgateway');
  });

  test('two registrations with different IDs make the mesh identity ambiguous (SDS "default" is the first by entry ID)', () => {
    const p = plan([deployment('web', 'shop', MESH), meshReg, csid('web', { podSelector: { matchLabels: { app: 'web' } }, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/web' })]);
    const f = p.findings.find(x => x.rule === 'multiple-identities')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('ambiguous');
    expect(f.source).toContain('pkg/agent/endpoints/sdsv3/handler.go');
    expect(f.source).toContain('sortIdentities');
  });

  test('two registrations with the same ID but different selectors are a warning', () => {
    const p = plan([deployment('web', 'shop', MESH), meshReg, csid('web', { podSelector: { matchLabels: { app: 'web' } }, workloadSelectorTemplates: ['k8s:ns:shop'] })]);
    expect(p.findings.find(x => x.rule === 'multiple-identities')!.severity).toBe('warning');
  });

  test('an Istio workload whose ID is not spiffe://<td>/ns/<ns>/sa/<sa> is an error', () => {
    const p = plan([deployment('web', 'shop', MESH), csid('mesh', { podSelector: meshReg.spec.podSelector, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/app/{{ .PodMeta.Namespace }}' })]);
    const f = p.findings.find(x => x.rule === 'istio-id-shape')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('spiffe://example.org/ns/shop/sa/default');
  });

  test('a selector the pod never has is reported', () => {
    const p = plan([deployment('web', 'shop', MESH), csid('mesh', { podSelector: meshReg.spec.podSelector, workloadSelectorTemplates: ['k8s:sa:istio-ingressgateway-service-account'] })]);
    expect(rules(p)).toContain('error:selector-never-matches:Deployment/shop/web');
  });

  describe('federation (spire sqlstore: "unable to find federated bundle")', () => {
    const federated = csid('web', { federatesWith: ['partner.org'] });

    test('federatesWith a trust domain without ClusterFederatedTrustDomain', () => {
      const p = plan([deployment('web', 'shop'), federated]);
      expect(rules(p)).toContain('error:federation-missing:ClusterSPIFFEID/web');
    });

    test('a ClusterFederatedTrustDomain of another class does not count', () => {
      const other = cftd('partner', 'partner.org', { bundle: '{"keys":[]}' });
      (other.spec as any).className = 'other';
      expect(p(other).findings.find(f => f.rule === 'federation-missing')!.message).toContain('not reconciled');
      function p(o: KubeObject) {
        return plan([deployment('web', 'shop'), federated, o]);
      }
    });

    test('https_spiffe without a bootstrap bundle', () => {
      const p = plan([deployment('web', 'shop'), federated, cftd('partner', 'partner.org')]);
      const f = p.findings.find(x => x.rule === 'federation-no-bootstrap-bundle')!;
      expect(f.severity).toBe('error');
      expect(f.fix).toContain('spire.cdk8s.io/bundle-loaded-out-of-band');
    });

    test.each([
      ['spec.trustDomainBundle', cftd('partner', 'partner.org', { bundle: '{"keys":[]}' })],
      ['the out-of-band annotation', cftd('partner', 'partner.org', { annotations: { 'spire.cdk8s.io/bundle-loaded-out-of-band': 'true' } })],
      ['https_web', cftd('partner', 'partner.org', { profile: 'https_web' })],
    ])('is satisfied by %s', (_name, federation) => {
      expect(plan([deployment('web', 'shop'), federated, federation]).findings.filter(f => f.rule.startsWith('federation'))).toEqual([]);
    });

    test('is satisfied by federates_with in the server config', () => {
      const serverConf: KubeObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'spire-server', namespace: 'spire-server' },
        data: { 'server.conf': JSON.stringify({ server: { federation: { federates_with: { 'partner.org': {} } } } }) },
      };
      expect(plan([deployment('web', 'shop'), federated, serverConf]).findings.filter(f => f.rule.startsWith('federation'))).toEqual([]);
    });
  });

  test('a registration matching no workload is informational', () => {
    const p = plan([csid('lonely', { podSelector: { matchLabels: { app: 'nothing' } } })]);
    expect(p.findings).toEqual([expect.objectContaining({ severity: 'info', rule: 'registration-matches-nothing', subject: 'ClusterSPIFFEID/lonely' })]);
  });

  test('different workloads sharing one SPIFFE ID are informational', () => {
    const p = plan([deployment('web', 'shop'), deployment('worker', 'shop'), csid('x', {})]);
    expect(p.findings).toEqual([expect.objectContaining({ severity: 'info', rule: 'shared-spiffe-id', subject: 'spiffe://example.org/ns/shop/sa/default' })]);
  });

  test('a workload mounting the Workload API without an ID is a warning', () => {
    const p = plan([deployment('batch', 'shop', { spec: { volumes: [{ name: 'spiffe', csi: { driver: 'csi.spiffe.io', readOnly: true } }] } })]);
    expect(rules(p)).toEqual(['warning:workload-api-without-identity:Deployment/shop/batch']);
  });

  test('a federatesWith that is no trust domain is rejected by the webhook', () => {
    expect(rules(plan([csid('x', { federatesWith: ['Partner.ORG'] })]))).toContain('error:invalid-federates-with:ClusterSPIFFEID/x');
  });

  test('a template with an unknown function or missing data is reported once for the registration', () => {
    const p = plan([deployment('web', 'shop'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ lower .PodMeta.Name }}' })]);
    const f = p.findings.find(x => x.rule === 'template-problem')!;
    expect(f.message).toContain('lower');
    // Go's template.Parse fails on an unknown function, so the webhook refuses the registration:
    // it does not exist and declares nothing (issue 16, class 3).
    expect(workload(p, 'Deployment/shop/web').entries).toEqual([]);
    expect(p.registrations[0].refused).toContain('function "lower" not defined');
  });

  test('an invalid ClusterStaticEntry is reported', () => {
    const p = plan([{
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterStaticEntry',
      metadata: { name: 'vm' },
      spec: { className: 'spire-server-spire', spiffeID: 'spiffe://example.org/vm', parentID: 'spiffe://example.org/spire/agent/x', selectors: ['unix'] },
    }]);
    expect(p.staticEntries[0].status).toBe('error');
    expect(rules(p)).toContain('error:static-entry-invalid:ClusterStaticEntry/vm');
  });
});

describe('controller settings', () => {
  test('come from a ControllerManagerConfig in a ConfigMap (JSON or YAML)', () => {
    const configMap = (key: string, text: string): KubeObject => ({ kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'spire' }, data: { [key]: text } });
    const json = findControllerConfigs([configMap('c.json', JSON.stringify({ kind: 'ControllerManagerConfig', trustDomain: 'a.org', clusterName: 'c' }))], JSON.parse);
    expect(json).toEqual([{ config: expect.objectContaining({ trustDomain: 'a.org' }), source: 'ConfigMap/spire/cm key c.json' }]);
  });

  test('need a trust domain and a cluster name', () => {
    expect(controllerSettings({ clusterName: 'c' }, undefined)).toMatch(/no trust domain/);
    expect(controllerSettings({ trustDomain: 't' }, undefined)).toMatch(/no cluster name/);
  });

  test('an invalid ignoreNamespaces pattern is an error (the controller does not start)', () => {
    expect(rules(plan([], settings({ ignoreNamespaces: ['(unclosed'] })))).toEqual(['error:invalid-ignore-namespace:ControllerManagerConfig']);
  });

  test('a parentIDTemplate override is used', () => {
    const p = plan([deployment('web', 'shop'), csid('x', {})], settings({ parentIdTemplate: 'spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .NodeMeta.Name }}' }));
    expect(workload(p, 'Deployment/shop/web').entries[0].parentId).toBe('spiffe://example.org/spire/agent/k8s_psat/demo/<node-name>');
  });
});

describe('workload kinds', () => {
  test.each([
    ['Pod', { kind: 'Pod', metadata: { name: 'p', namespace: 'n', labels: { a: 'b' } }, spec: { containers: [] } }, 'p'],
    ['StatefulSet', { kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, 's-<ordinal>'],
    ['DaemonSet', { kind: 'DaemonSet', metadata: { name: 'd', namespace: 'n' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, 'd-<pod-suffix>'],
    ['ReplicaSet', { kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'n' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, 'r-<pod-suffix>'],
    ['Job', { kind: 'Job', metadata: { name: 'j', namespace: 'n' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, 'j-<pod-suffix>'],
    ['CronJob', { kind: 'CronJob', metadata: { name: 'c', namespace: 'n' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } } } }, 'c-<schedule-time>-<pod-suffix>'],
  ])('%s pod templates are planned', (kind, object, podName) => {
    const p = plan([object as KubeObject, csid('x', { podSelector: { matchLabels: { a: 'b' } } }), { kind: 'List', items: [] } as KubeObject]);
    expect(p.workloads).toEqual([expect.objectContaining({ kind, podName, entries: [expect.objectContaining({ spiffeId: 'spiffe://example.org/ns/n/sa/default' })] })]);
  });

  test('Job pods carry the job-name label the Job controller adds', () => {
    const job: KubeObject = { kind: 'Job', metadata: { name: 'migrate', namespace: 'n' }, spec: { template: { spec: {} } } };
    expect(plan([job, csid('x', { podSelector: { matchLabels: { 'job-name': 'migrate' } } })]).workloads[0].entries).toHaveLength(1);
  });
});

// istio/istio pkg/kube/inject/webhook.go: the injector applies the templates the pod names in
// inject.istio.io/templates, else defaultTemplates; the istiod chart injects pods of namespaces
// labelled istio-injection=enabled (or istio.io/rev) unless the pod says sidecar.istio.io/inject: "false".
describe('Istio injection adds the SPIRE template\'s label before the controller sees the pod', () => {
  const operator = (defaultTemplates: string[]): KubeObject => ({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'spire' },
    spec: { values: { sidecarInjectorWebhook: { defaultTemplates, templates: { spire: 'metadata:\n  labels:\n    spiffe.io/spire-managed-identity: "true"\n' } } } },
  });
  const meshReg = csid('mesh', { podSelector: { matchLabels: { 'spiffe.io/spire-managed-identity': 'true' } } });
  const injectedNs = namespace('shop', { 'istio-injection': 'enabled' });

  test('with spire among the default templates, every injected pod is enrolled and registered', () => {
    const p = plan([injectedNs, deployment('web', 'shop'), operator(['sidecar', 'spire']), meshReg]);
    expect(workload(p, 'Deployment/shop/web')).toMatchObject({ injected: true, mesh: true });
    expect(ids(p, 'Deployment/shop/web')).toEqual(['spiffe://example.org/ns/shop/sa/default']);
  });

  test('a pod that opts out of injection is not', () => {
    const p = plan([injectedNs, deployment('web', 'shop', { labels: { 'sidecar.istio.io/inject': 'false' } }), operator(['sidecar', 'spire']), meshReg]);
    expect(workload(p, 'Deployment/shop/web')).toMatchObject({ injected: false, mesh: false, entries: [] });
  });

  test('with the default templates only (opt-in), an injected pod keeps Istio\'s identity', () => {
    const p = plan([injectedNs, deployment('web', 'shop'), operator(['sidecar']), meshReg]);
    expect(workload(p, 'Deployment/shop/web')).toMatchObject({ injected: true, mesh: false, entries: [] });
  });

  test('the pod\'s own template list wins over the defaults', () => {
    const p = plan([injectedNs, deployment('web', 'shop', { annotations: { 'inject.istio.io/templates': 'sidecar,spire' } }), operator(['sidecar']), meshReg]);
    expect(ids(p, 'Deployment/shop/web')).toEqual(['spiffe://example.org/ns/shop/sa/default']);
  });

  test('outside injection-enabled namespaces nothing is added', () => {
    const p = plan([namespace('shop'), deployment('web', 'shop'), operator(['sidecar', 'spire']), meshReg]);
    expect(workload(p, 'Deployment/shop/web')).toMatchObject({ injected: false, entries: [] });
  });
});

test('TTLs are Go durations, stored by SPIRE in seconds', () => {
  expect([goDurationSeconds('1h30m'), goDurationSeconds('90s'), goDurationSeconds('1.5h'), goDurationSeconds('500ms'), goDurationSeconds(undefined)])
    .toEqual([5400, 90, 5400, 0, 0]);
});

describe('planning without findings (what the upgrade diff asks for)', () => {
  test('the same namespaces, workloads, registrations and entries; no findings', () => {
    const objects = [
      namespace('shop'),
      deployment('web', 'shop', { labels: { app: 'web' } }),
      deployment('orphan', 'shop', MESH),
      csid('web', { spiffeIDTemplate: ISTIO_ID, podSelector: { matchLabels: { app: 'web' } }, className: 'spire-server-spire' }),
      csid('nothing', { spiffeIDTemplate: ISTIO_ID, podSelector: { matchLabels: { app: 'none' } }, className: 'spire-server-spire' }),
    ];
    const full = planIdentities(objects, settings());
    const lean = planIdentities(objects, settings(), { findings: false });
    expect(full.findings.length).toBeGreaterThan(0);
    expect(lean.findings).toEqual([]);
    expect({ ...lean, findings: undefined }).toEqual({ ...full, findings: undefined });
  });
});
