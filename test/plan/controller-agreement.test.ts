// The seven ways the plan disagreed with a real spire-controller-manager (v0.6.6 entry code) and
// SPIRE server 1.15.3 (issue 16), each against the upstream source the planner now follows.
import { controllerSettings } from '../../src/plan/controller-settings';
import type { ControllerSettings, IdentityPlanData, KubeObject, PlannedEntry, PlannedWorkload } from '../../src/plan/model';
import { planIdentities } from '../../src/plan/planner';
import { renderJson } from '../../src/plan/render-report';
import { dnsNameProblem as spireDnsNameProblem } from '../../src/spiffe/dns-name';

const ISTIO_ID = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';
const CLASS = 'spire-server-spire';

function settings(overrides: Partial<ControllerSettings> = {}): ControllerSettings {
  const base = controllerSettings({ trustDomain: 'example.org', clusterName: 'demo', className: CLASS }, 'test');
  if (typeof base === 'string') throw new Error(base);
  return { ...base, ...overrides };
}

function plan(objects: KubeObject[]): IdentityPlanData {
  return planIdentities(objects, settings());
}

function csid(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterSPIFFEID', metadata: { name }, spec: { className: CLASS, spiffeIDTemplate: ISTIO_ID, ...spec } };
}

const fallback = csid('default', { fallback: true, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/fallback/{{ .PodMeta.Namespace }}' });

function workload(p: IdentityPlanData, ref: string): PlannedWorkload {
  const w = p.workloads.find((x) => x.ref === ref);
  if (!w) throw new Error(`no workload ${ref} in ${p.workloads.map((x) => x.ref).join(', ')}`);
  return w;
}

function statefulSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'shop' },
    spec: { serviceName: `${name}-headless`, replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } }, ...extra },
  };
}

function deployment(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, ...labels } }, spec: { containers: [] } } },
  };
}

const brief = (e: PlannedEntry) => ({ registration: e.registration, status: e.status, spiffeId: e.spiffeId, pods: e.pods, failedAt: e.failedAt });

// kubernetes/kubernetes pkg/controller/statefulset/stateful_set_utils.go: newVersionedStatefulSetPod,
// initIdentity (hostname = pod name, subdomain = spec.serviceName), updateIdentity (labels).
describe('class 1: pods of a StatefulSet', () => {
  test('carry the per-pod hostname and the subdomain of spec.serviceName', () => {
    const p = plan([statefulSet('db', 3), csid('db', {
      podSelector: { matchLabels: { app: 'db' } },
      dnsNameTemplates: ['{{ .PodSpec.Hostname }}.{{ .PodSpec.Subdomain }}.{{ .PodMeta.Namespace }}.svc.{{ .ClusterDomain }}', '{{ .PodSpec.Hostname }}.{{ .PodSpec.Subdomain }}'],
    })]);
    const [entry] = workload(p, 'StatefulSet/shop/db').entries;
    expect(entry).toMatchObject({ status: 'rendered', dnsNames: ['db-<ordinal>.db-headless.shop.svc.cluster.local', 'db-<ordinal>.db-headless'] });
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a selector on statefulset.kubernetes.io/pod-name picks that pod; the others fall back', () => {
    const p = plan([statefulSet('db', 3), fallback, csid('db-0', {
      podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-0' } },
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/db/{{ .PodMeta.Name }}',
    })]);
    const w = workload(p, 'StatefulSet/shop/db');
    expect(w.pods).toEqual(['db-0', 'db-1', 'db-2']);
    expect(w.entries.map(brief)).toEqual([
      { registration: 'ClusterSPIFFEID/db-0', status: 'rendered', spiffeId: 'spiffe://example.org/db/db-0', pods: ['db-0'], failedAt: undefined },
      { registration: 'ClusterSPIFFEID/default', status: 'rendered', spiffeId: 'spiffe://example.org/fallback/shop', pods: ['db-1', 'db-2'], failedAt: undefined },
    ]);
    expect(w.fallbackSkipped).toEqual(['ClusterSPIFFEID/default']);
    expect(p.findings.filter((f) => f.rule === 'multiple-identities')).toEqual([]);
  });

  test('apps.kubernetes.io/pod-index and spec.ordinals.start are followed', () => {
    const p = plan([statefulSet('db', 2, { ordinals: { start: 5 } }), csid('first', {
      podSelector: { matchExpressions: [{ key: 'apps.kubernetes.io/pod-index', operator: 'In', values: ['5'] }] },
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/db/{{ index .PodMeta.Labels "apps.kubernetes.io/pod-index" }}',
    })]);
    expect(workload(p, 'StatefulSet/shop/db').entries.map(brief)).toEqual([
      { registration: 'ClusterSPIFFEID/first', status: 'rendered', spiffeId: 'spiffe://example.org/db/5', pods: ['db-5'], failedAt: undefined },
    ]);
  });

  test('an enrolled ordinal without an entry is reported by pod', () => {
    const mesh = { 'spiffe.io/spire-managed-identity': 'true' };
    const set = statefulSet('db', 2);
    (set.spec as any).template.metadata.labels = { ...mesh, app: 'db' };
    const p = plan([set, csid('db-0', { podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-0' } } })]);
    expect(p.findings.find((f) => f.rule === 'enrolled-without-identity')!.message).toContain('(pod db-1)');
  });

  test('without such a selector the pods stay one row, named by a placeholder ordinal', () => {
    const w = workload(plan([statefulSet('db', 3), csid('db', {})]), 'StatefulSet/shop/db');
    expect(w.pods).toBeUndefined();
    expect(w.podName).toBe('db-<ordinal>');
  });
});

// Job labels: kubernetes/kubernetes pkg/registry/batch/job/strategy.go generateSelector; CronJob
// Job names: pkg/controller/cronjob/utils.go getJobName.
describe('class 2: labels and fields each controller adds', () => {
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: { team: 'a' } }, spec: { containers: [] } } } } },
  };

  test.each([
    ['batch.kubernetes.io/job-name Exists', { matchExpressions: [{ key: 'batch.kubernetes.io/job-name', operator: 'Exists' }] }],
    ['job-name Exists', { matchExpressions: [{ key: 'job-name', operator: 'Exists' }] }],
    ['controller-uid Exists', { matchExpressions: [{ key: 'controller-uid', operator: 'Exists' }] }],
    ['batch.kubernetes.io/controller-uid Exists', { matchExpressions: [{ key: 'batch.kubernetes.io/controller-uid', operator: 'Exists' }] }],
  ])('a CronJob\'s pods carry the Job controller\'s labels: %s selects them, the fallback steps aside', (_name, podSelector) => {
    const w = workload(plan([cronJob, fallback, csid('jobs', { podSelector })]), 'CronJob/shop/nightly');
    expect(w.entries.map((e) => e.registration)).toEqual(['ClusterSPIFFEID/jobs']);
    expect(w.fallbackSkipped).toEqual(['ClusterSPIFFEID/default']);
  });

  test('a CronJob\'s Job is named <cronjob>-<scheduled minutes>: job-name is never the CronJob\'s own name', () => {
    const w = workload(plan([cronJob, fallback, csid('jobs', { podSelector: { matchLabels: { 'job-name': 'nightly' } } })]), 'CronJob/shop/nightly');
    expect(w.entries.map((e) => [e.registration, e.status])).toEqual([['ClusterSPIFFEID/default', 'rendered']]);
    const named = plan([cronJob, csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/job/{{ index .PodMeta.Labels "job-name" }}' })]);
    expect(workload(named, 'CronJob/shop/nightly').entries[0].spiffeId).toBe('spiffe://example.org/job/nightly-<schedule-time>');
  });

  test('a selector on a run-time value (pod-template-hash) is unknown, and so is the fallback behind it', () => {
    const p = plan([deployment('web'), fallback, csid('hash', { podSelector: { matchLabels: { 'pod-template-hash': '5d8f7c9b4' } } })]);
    const entries = workload(p, 'Deployment/shop/web').entries;
    // Entries are listed oldest registration first (here: by name, no creation times).
    expect(entries.map((e) => [e.registration, e.status])).toEqual([['ClusterSPIFFEID/default', 'unknown'], ['ClusterSPIFFEID/hash', 'unknown']]);
    expect(entries[1].problem).toContain('pod-template-hash: <replicaset-hash>');
    expect(entries[0].problem).toContain('applies only if ClusterSPIFFEID/hash declares no entry');
  });

  test.each([
    ['Deployment pod-template-hash', deployment('web'), 'pod-template-hash'],
    ['DaemonSet controller-revision-hash', { kind: 'DaemonSet', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: {} } } }, 'controller-revision-hash'],
    ['DaemonSet pod-template-generation', { kind: 'DaemonSet', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: {} } } }, 'pod-template-generation'],
    ['StatefulSet controller-revision-hash', statefulSet('web', 1), 'controller-revision-hash'],
  ])('%s exists on the pods', (_name, object, key) => {
    const p = plan([object as KubeObject, csid('x', { podSelector: { matchExpressions: [{ key, operator: 'Exists' }] } })]);
    expect(p.workloads[0].entries.map((e) => e.status)).toEqual(['rendered']);
  });

  test('an Indexed Job\'s pods carry the completion index (annotation, label, hostname <job>-<index>)', () => {
    const job: KubeObject = { kind: 'Job', metadata: { name: 'shard', namespace: 'shop' }, spec: { completionMode: 'Indexed', completions: 3, template: { spec: {} } } };
    const p = plan([job, csid('x', {
      podSelector: { matchExpressions: [{ key: 'batch.kubernetes.io/job-completion-index', operator: 'Exists' }] },
      dnsNameTemplates: ['{{ .PodSpec.Hostname }}.shop.example.org', 'i{{ index .PodMeta.Annotations "batch.kubernetes.io/job-completion-index" }}.example.org'],
    })]);
    expect(p.workloads[0].entries[0].dnsNames).toEqual(['shard-<completion-index>.shop.example.org', 'i<completion-index>.example.org']);
  });

  test('generateName is known: a Deployment\'s pods are generated from <replicaset>-', () => {
    const p = plan([deployment('web'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/g/{{ .PodMeta.GenerateName }}x' })]);
    expect(p.workloads[0].entries[0].spiffeId).toBe('spiffe://example.org/g/web-<replicaset-hash>-x');
  });
});

// api/v1alpha1/clusterspiffeid_webhook.go ParseClusterSPIFFEIDSpec (failurePolicy=fail).
describe('class 3: a registration the webhook refuses does not exist', () => {
  test.each([
    ['an invalid federatesWith', { federatesWith: ['Partner.ORG'] }, 'federatesWith[0]'],
    ['a template Go cannot parse', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ if .PodMeta.Name }}' }, 'spiffeIDTemplate'],
    ['an unknown template function', { dnsNameTemplates: ['{{ lower .PodMeta.Name }}.example.org'] }, 'dnsNameTemplates[0]'],
    ['an invalid selector', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }, 'podSelector'],
    ['a ttl that is no Go duration', { ttl: '1 hour' }, 'ttl'],
  ])('%s: no entries, no fallback suppressed', (_name, spec, field) => {
    const p = plan([deployment('web'), fallback, csid('web', { podSelector: { matchLabels: { app: 'web' } }, ...spec })]);
    const w = workload(p, 'Deployment/shop/web');
    expect(w.entries.map((e) => e.registration)).toEqual(['ClusterSPIFFEID/default']);
    expect(w.fallbackSkipped).toEqual([]);
    const reg = p.registrations.find((r) => r.name === 'web')!;
    expect(reg.refused).toContain(`spec.${field}`);
    expect(reg.workloads).toEqual([]);
  });
});

// pkg/spireentry/reconciler.go addClusterSPIFFEIDEntriesState: podsWithNonFallbackApplied is set
// only after renderPodEntry succeeded.
describe('class 4: fallback is suppressed only by a non-fallback entry that rendered', () => {
  test('an ID outside the trust domain fails to render: the fallback applies', () => {
    const w = workload(plan([deployment('web'), fallback, csid('web', { podSelector: { matchLabels: { app: 'web' } }, spiffeIDTemplate: 'spiffe://other.org/web' })]), 'Deployment/shop/web');
    expect(w.entries.map(brief)).toEqual([
      { registration: 'ClusterSPIFFEID/default', status: 'rendered', spiffeId: 'spiffe://example.org/fallback/shop', pods: undefined, failedAt: undefined },
      { registration: 'ClusterSPIFFEID/web', status: 'error', spiffeId: 'spiffe://other.org/web', pods: undefined, failedAt: 'controller' },
    ]);
    expect(w.fallbackSkipped).toEqual([]);
  });

  test('a template that fails for the pod (missing field) lets the fallback apply', () => {
    const w = workload(plan([deployment('web'), fallback, csid('web', { podSelector: { matchLabels: { app: 'web' } }, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ .PodMeta.Nope }}' })]), 'Deployment/shop/web');
    expect(w.entries.map((e) => [e.registration, e.status])).toEqual([['ClusterSPIFFEID/default', 'rendered'], ['ClusterSPIFFEID/web', 'error']]);
  });

  test('an entry the server refuses was still declared: the fallback stays away', () => {
    const w = workload(plan([deployment('web'), fallback, csid('web', { podSelector: { matchLabels: { app: 'web' } }, spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/spire/web' })]), 'Deployment/shop/web');
    expect(w.entries.map(brief)).toEqual([
      { registration: 'ClusterSPIFFEID/web', status: 'error', spiffeId: 'spiffe://example.org/spire/web', pods: undefined, failedAt: 'server' },
    ]);
    expect(w.fallbackSkipped).toEqual(['ClusterSPIFFEID/default']);
  });
});

// spiffe/spire pkg/common/x509util/dns.go ValidateLabel, called by pkg/server/api/entry.go.
describe('class 5: DNS names as SPIRE checks them, not RFC 1123', () => {
  test.each([
    'my_service.shop.svc', 'Web.Example.ORG', '*.example.org', 'xn--bcher-kva.example', 'a.b', '1.2.3.4', `${'a'.repeat(63)}.org`,
  ])('%s is accepted', (name) => {
    expect(spireDnsNameProblem(name)).toBeUndefined();
  });

  test.each([
    ['-web.example.org', 'starts or ends with "-"'],
    ['web-.example.org', 'starts or ends with "-"'],
    ['ab--cd.example.org', '"--" in positions 3 and 4'],
    ['a..b', 'empty label'],
    ['.a', 'empty label'],
    ['example.org.', 'ends with "."'],
    ['a.*.org', 'wildcard must be first label'],
    ['*.*.org', 'too many wildcards'],
    ['*', 'wildcard must be first label'],
    ['*.', 'empty'],
    ['bücher.example', 'not ASCII'],
    [`${'a'.repeat(64)}.org`, 'more than 63'],
    ['xn--abc.org', 'not valid punycode'],
    ['', 'empty'],
  ])('%s is refused: %s', (name, why) => {
    const problem = spireDnsNameProblem(name)!;
    expect(problem).toContain(why);
    expect(problem).toContain('x509util/dns.go ValidateLabel');
  });

  test('a DNS name with "_" renders; one SPIRE refuses makes the entry a server refusal', () => {
    const ok = plan([deployment('web'), csid('web', { dnsNameTemplates: ['{{ .PodMeta.Labels.app }}_grpc.shop.svc'] })]);
    expect(ok.workloads[0].entries[0]).toMatchObject({ status: 'rendered', dnsNames: ['web_grpc.shop.svc'] });
    const bad = plan([deployment('web'), csid('web', { dnsNameTemplates: ['-{{ .PodMeta.Labels.app }}.shop.svc'] })]);
    expect(bad.workloads[0].entries[0]).toMatchObject({ status: 'error', failedAt: 'server', problem: expect.stringContaining('SPIRE server: pkg/common/x509util/dns.go ValidateLabel') });
    expect(bad.findings.map((f) => f.rule)).toContain('entry-refused-by-server');
  });
});

describe('class 6: printf precision keeps the known part of a pod name', () => {
  test('%.4s of a Deployment pod name is its first four characters', () => {
    const p = plan([deployment('payments'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/p/{{ printf "%.4s" .PodMeta.Name }}/{{ printf "%.4s" .PodSpec.ServiceAccountName }}' })]);
    expect(p.workloads[0].entries[0]).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/p/paym/defa' });
  });

  test('%.8s of the pod UID is its first eight characters, a run-time value', () => {
    const p = plan([deployment('web'), csid('x', { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/uid/{{ printf "%.8s" .PodMeta.UID }}' })]);
    expect(p.workloads[0].entries[0]).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/uid/<pod-uid[0:8]>' });
  });
});

// spiffe/spire pkg/server/datastore/sqlstore: "unable to find federated bundle".
describe('class 7: an entry SPIRE refuses is not listed as rendered', () => {
  const federation = (className: string): KubeObject => ({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterFederatedTrustDomain',
    metadata: { name: 'partner' },
    spec: { className, trustDomain: 'partner.org', bundleEndpointURL: 'https://partner.org:8443', bundleEndpointProfile: { type: 'https_web' } },
  });

  test('federatesWith a trust domain whose ClusterFederatedTrustDomain has another className', () => {
    const p = plan([deployment('web'), fallback, csid('web', { podSelector: { matchLabels: { app: 'web' } }, federatesWith: ['partner.org'] }), federation('other')]);
    const w = workload(p, 'Deployment/shop/web');
    expect(w.entries.map(brief)).toEqual([
      { registration: 'ClusterSPIFFEID/web', status: 'error', spiffeId: 'spiffe://example.org/ns/shop/sa/default', pods: undefined, failedAt: 'server' },
    ]);
    expect(w.entries[0].problem).toContain('unable to find federated bundle');
    expect(JSON.parse(renderJson(p)).spireEntries).toEqual([]);
    expect(p.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['federation-missing', 'entry-refused-by-server']));
  });

  test('the same with the controller\'s className is rendered', () => {
    const p = plan([deployment('web'), csid('web', { federatesWith: ['partner.org'] }), federation(CLASS)]);
    expect(p.workloads[0].entries[0].status).toBe('rendered');
    expect(JSON.parse(renderJson(p)).spireEntries).toHaveLength(1);
  });

  test('a ClusterFederatedTrustDomain the webhook refuses gives no bundle', () => {
    const refused = federation(CLASS);
    (refused.spec as any).bundleEndpointURL = 'http://partner.org';
    const p = plan([deployment('web'), csid('web', { federatesWith: ['partner.org'] }), refused]);
    expect(p.workloads[0].entries[0]).toMatchObject({ status: 'error', failedAt: 'server' });
    expect(p.federations[0].refused).toContain('bundleEndpointURL');
    expect(p.findings.map((f) => f.rule)).toContain('federation-refused');
  });

  test.each([
    ['a negative ttl', { ttl: '-5m' }, 'negative'],
    ['a hint over 1024 characters', { hint: 'h'.repeat(1025) }, 'hintMaximumLength'],
  ])('%s is refused by the server', (_name, spec, why) => {
    const [entry] = plan([deployment('web'), csid('web', spec)]).workloads[0].entries;
    expect(entry).toMatchObject({ status: 'error', failedAt: 'server', problem: expect.stringContaining(why) });
  });

  test('an entry whose rendering depends on run-time values stays unknown, with the server\'s refusal noted', () => {
    const [entry] = plan([deployment('web'), csid('web', { hint: 'h'.repeat(1025), spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ if eq .PodSpec.NodeName "a" }}a{{ else }}b{{ end }}' })]).workloads[0].entries;
    expect(entry).toMatchObject({ status: 'unknown', problem: expect.stringContaining('if the controller renders it, the SPIRE server refuses the entry') });
    expect(entry.failedAt).toBeUndefined();
  });

  test('a ClusterStaticEntry outside the server\'s trust domain is refused by the server', () => {
    const p = plan([{
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterStaticEntry',
      metadata: { name: 'vm' },
      spec: { className: CLASS, spiffeID: 'spiffe://other.org/vm', parentID: 'spiffe://example.org/spire/agent/x', selectors: ['unix:uid:0'] },
    }]);
    expect(p.staticEntries[0]).toMatchObject({ status: 'error', failedAt: 'server', problem: expect.stringContaining('TrustDomainWorkloadIDFromProto') });
  });
});

// The sweep: what else the pod carries when the controller manager sees it.
describe('what else the pod carries', () => {
  test('the controller\'s ownerReference: a Deployment\'s pods are owned by its ReplicaSet', () => {
    const p = plan([deployment('web'), csid('x', {
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ with index .PodMeta.OwnerReferences 0 }}{{ .Kind }}/{{ .Name }}{{ end }}',
    })]);
    expect(p.workloads[0].entries[0]).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/ReplicaSet/web-<replicaset-hash>' });
  });

  test('API defaults: dnsPolicy, restartPolicy, schedulerName', () => {
    const p = plan([deployment('web'), csid('x', {
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ .PodSpec.DNSPolicy }}/{{ .PodSpec.RestartPolicy }}/{{ .PodSpec.SchedulerName }}',
    })]);
    expect(p.workloads[0].entries[0].spiffeId).toBe('spiffe://example.org/ClusterFirst/Always/default-scheduler');
  });

  // istio/istio injection-template.yaml: metadata.labels of the sidecar template.
  test('Istio\'s sidecar template adds security.istio.io/tlsMode and the canonical-service labels', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } };
    const p = plan([ns, deployment('web', { version: 'v2' }), csid('mesh', {
      podSelector: { matchLabels: { 'security.istio.io/tlsMode': 'istio' } },
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/{{ index .PodMeta.Labels "service.istio.io/canonical-name" }}/{{ index .PodMeta.Labels "service.istio.io/canonical-revision" }}',
    })]);
    expect(p.workloads[0].entries[0]).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/web/v2' });
    expect(plan([deployment('web'), csid('mesh', { podSelector: { matchLabels: { 'security.istio.io/tlsMode': 'istio' } } })]).workloads[0].entries).toEqual([]);
  });

  test.each([
    ['a Deployment scaled to zero', { ...deployment('web'), spec: { ...(deployment('web').spec as any), replicas: 0 } }, 'spec.replicas is 0'],
    ['a suspended CronJob', { kind: 'CronJob', metadata: { name: 'web', namespace: 'shop' }, spec: { suspend: true, jobTemplate: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: {} } } } } }, 'spec.suspend is true'],
  ])('%s runs no pod, so gets no entry (and no finding that it lacks one)', (_name, object, why) => {
    const enrolled = object as KubeObject;
    const p = plan([enrolled, csid('x', {})]);
    expect(p.workloads[0]).toMatchObject({ entries: [], noPods: why });
    expect(p.findings.map((f) => `${f.severity}:${f.rule}`)).toEqual(expect.arrayContaining(['info:no-pods']));
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
