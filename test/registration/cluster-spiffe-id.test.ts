import { Chart, Duration, Testing } from 'cdk8s';
import { declarePartner, errorOf, fixture, TEMPLATE } from './helpers';
import { ClusterSpiffeId, ClusterSpiffeIdProps, LabelSelectorOperator, Spire } from '../../src';
import { validateCustomResource } from '../util/crd-validator';

function build(props: Partial<ClusterSpiffeIdProps>, linked = true): any {
  const { spire, identities } = fixture();
  declarePartner(spire);
  new ClusterSpiffeId(identities, 'web', {
    spire: linked ? spire : undefined,
    spiffeIdTemplate: TEMPLATE,
    podSelector: { matchLabels: { app: 'web' } },
    ...props,
  });
  return Testing.synth(identities)[0];
}

function expectError(props: Partial<ClusterSpiffeIdProps>, property: string, rule: RegExp): void {
  const message = errorOf(() => build(props));
  expect(message).toContain('identities/web (ClusterSpiffeId): ');
  expect(message).toContain(`${property} `);
  expect(message).toMatch(rule);
}

test('renders every field under its CRD name and validates against the CRD', () => {
  const obj = build({
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: LabelSelectorOperator.IN, values: ['shop'] }] },
    workloadSelectorTemplates: ['k8s:ns:{{ .PodMeta.Namespace }}'],
    dnsNameTemplates: ['{{ .PodMeta.Name }}.shop.svc'],
    federatesWith: ['partner.example.com'],
    ttl: Duration.hours(1),
    jwtTtl: Duration.minutes(10),
    admin: false,
    downstream: false,
    autoPopulateDnsNames: true,
    fallback: false,
    hint: 'web',
    metadata: { name: 'web', labels: { team: 'shop' } },
  });
  expect(obj).toEqual({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'web', labels: { team: 'shop' } },
    spec: {
      className: 'spire-server-spire',
      spiffeIDTemplate: TEMPLATE,
      podSelector: { matchLabels: { app: 'web' } },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] },
      workloadSelectorTemplates: ['k8s:ns:{{ .PodMeta.Namespace }}'],
      dnsNameTemplates: ['{{ .PodMeta.Name }}.shop.svc'],
      federatesWith: ['partner.example.com'],
      ttl: '1h',
      jwtTtl: '10m',
      admin: false,
      downstream: false,
      autoPopulateDNSNames: true,
      fallback: false,
      hint: 'web',
    },
  });
  expect(validateCustomResource(obj)).toEqual([]);
});

test('a minimal linked registration gets the className and a derived name', () => {
  const obj = build({});
  expect(obj.spec).toEqual({ className: 'spire-server-spire', spiffeIDTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'web' } } });
  expect(obj.metadata.name).toMatch(/^identities-web-[a-f0-9]{8}$/);
  expect(validateCustomResource(obj)).toEqual([]);
});

test('an unlinked registration may name its own className', () => {
  expect(build({ className: 'other' }, false).spec.className).toBe('other');
});

describe('rejects', () => {
  test('a template using data the controller does not provide', () => {
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .Pod.Namespace }}' }, 'spiffeIdTemplate', /\.Pod\.Namespace.*\.PodMeta\.Namespace/);
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .Pod.Namespace }}' }, 'spiffeIdTemplate',
      /Fix: correct the template as described; the usual one is "spiffe:\/\/\{\{ \.TrustDomain \}\}\/ns\/\{\{ \.PodMeta\.Namespace \}\}\/sa\/\{\{ \.PodSpec\.ServiceAccountName \}\}"\.$/);
  });

  test('a template calling a function that does not exist', () => {
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ lower .PodMeta.Namespace }}' }, 'spiffeIdTemplate', /lower/);
  });

  test('a template with unbalanced delimiters', () => {
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace' }, 'spiffeIdTemplate', /unclosed|\{\{/);
  });

  test('a literal trust domain other than the linked Spire\'s', () => {
    expectError({ spiffeIdTemplate: 'spiffe://other.org/ns/{{ .PodMeta.Namespace }}' }, 'spiffeIdTemplate', /other\.org.*example\.org/);
  });

  test('an ID under the reserved /spire path', () => {
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/spire/agent/{{ .PodMeta.Name }}' }, 'spiffeIdTemplate', /spire.*reserved/);
  });

  test('an ID with an empty path segment', () => {
    expectError({ spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}//ns/{{ .PodMeta.Namespace }}' }, 'spiffeIdTemplate', /empty/);
  });

  test('a registration that selects every pod', () => {
    expectError({ podSelector: undefined }, 'podSelector', /every pod.*fallback: true.*allowAllPods: true/);
  });

  test('empty selectors count as selecting every pod', () => {
    expectError({ podSelector: {}, namespaceSelector: { matchLabels: {} } }, 'podSelector', /every pod/);
  });

  test('a label selector with an invalid operator use', () => {
    expectError({ podSelector: { matchExpressions: [{ key: 'app', operator: LabelSelectorOperator.IN }] } }, 'podSelector', /values|In/);
    expectError({ podSelector: { matchExpressions: [{ key: 'app', operator: LabelSelectorOperator.IN }] } }, 'podSelector', /Fix: correct the selector as described/);
  });

  test('a workload selector template that is not type:value', () => {
    expectError({ workloadSelectorTemplates: ['{{ .PodMeta.Namespace }}'] }, 'workloadSelectorTemplates[0]', /<type>:<value>.*Fix: correct the template as described, e\.g\. "k8s:ns:\{\{ \.PodMeta\.Namespace \}\}"/);
  });

  test('a DNS name template SPIRE would refuse for every pod, by SPIRE\'s rule', () => {
    expectError({ dnsNameTemplates: ['{{ .PodMeta.Name }}-.example.org'] }, 'dnsNameTemplates[0]', /starts or ends with "-".*x509util\/dns\.go ValidateLabel.*Fix:/);
  });

  test('a DNS name template with "_" is accepted, as SPIRE accepts it', () => {
    expect(build({ dnsNameTemplates: ['{{ .PodMeta.Name }}_grpc.example.org'] }).spec.dnsNameTemplates).toEqual(['{{ .PodMeta.Name }}_grpc.example.org']);
  });

  test('a DNS name template with a misplaced wildcard', () => {
    expectError({ dnsNameTemplates: ['web.*.example.org'] }, 'dnsNameTemplates[0]', /\*.*Fix: correct the template as described/);
  });

  test('an invalid federated trust domain', () => {
    expectError({ federatesWith: ['Partner.Example.com'] }, 'federatesWith[0]', /lowercase.*Fix: name the foreign trust domain by its bare lowercase name/);
  });

  test('federating twice with one trust domain', () => {
    expectError({ federatesWith: ['partner.example.com', 'partner.example.com'] }, 'federatesWith[1]', /is listed twice \(also at federatesWith\[0\]\)/);
  });

  test('federating with a trust domain that has no ClusterFederatedTrustDomain (SPIRE holds no bundle of it)', () => {
    const { spire, identities } = fixture();
    new ClusterSpiffeId(identities, 'web', { spire, spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'web' } }, federatesWith: ['partner.example.com'] });
    expect(errorOf(() => Testing.synth(identities))).toMatch(
      /identities\/web \(ClusterSpiffeId\): federatesWith\[0\] "partner\.example\.com" has no ClusterFederatedTrustDomain for className "spire-server-spire" in this app, so SPIRE would hold no bundle of partner\.example\.com and refuse every entry that federates with it \("unable to find federated bundle"\)\. Fix: add new ClusterFederatedTrustDomain/);
  });

  test('federating with its own trust domain', () => {
    expectError({ federatesWith: ['example.org'] }, 'federatesWith[0]', /own trust domain/);
  });

  test('a TTL above a sixth of the CA TTL', () => {
    expectError({ ttl: Duration.hours(5) }, 'ttl', /sixth of the linked server's caTtl \(24h\).*at most 4h/);
  });

  test('a zero JWT TTL', () => {
    expectError({ jwtTtl: Duration.seconds(0) }, 'jwtTtl', /(zero|greater).*Fix: pass a positive Duration of whole milliseconds/);
  });

  test('a hint over SPIRE\'s limit', () => {
    expectError({ hint: 'h'.repeat(1025) }, 'hint', /1024.*Fix: use a short hint such as "web", or drop hint\./);
  });

  test('a className that differs from the linked Spire\'s', () => {
    expectError({ className: 'other' }, 'className', /differs from the linked Spire's controller className "spire-server-spire"/);
  });

  test('a metadata name that is not a DNS subdomain', () => {
    expectError({ metadata: { name: 'Web_ID' } }, 'metadata.name', /lowercase.*Fix: use a lowercase name such as "web-identity", or drop metadata\.name/);
  });
});

test('an unlinked registration rejects a className that is not a DNS subdomain', () => {
  expect(errorOf(() => build({ className: 'Platform_Class' }, false)))
    .toMatch(/identities\/web \(ClusterSpiffeId\): className "Platform_Class" must be lowercase.*Fix: drop className and pass spire: <your Spire>/);
});

test('an unlinked registration rejects an empty className', () => {
  expect(errorOf(() => build({ className: '' }, false)))
    .toMatch(/identities\/web \(ClusterSpiffeId\): className "" must not be empty\. Fix: /);
});

test('the examples in the fixes are valid registrations', () => {
  expect(() => build({
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    podSelector: { matchLabels: { app: 'web' } },
    workloadSelectorTemplates: ['k8s:ns:{{ .PodMeta.Namespace }}'],
    dnsNameTemplates: ['{{ .PodMeta.Name }}.example.org'],
    federatesWith: ['partner.example.com'],
    hint: 'web',
    metadata: { name: 'web-identity' },
  })).not.toThrow();
});

test('fallback and allowAllPods make a selector-less registration deliberate', () => {
  expect(build({ podSelector: undefined, fallback: true }).spec.fallback).toBe(true);
  expect(build({ podSelector: undefined, allowAllPods: true }).spec.podSelector).toBeUndefined();
});

test('a classless registration fails synth when every controller in the app ignores classless resources', () => {
  const { app, identities } = fixture();
  new ClusterSpiffeId(identities, 'x', { spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { a: 'b' } } });
  expect(() => app.synthYaml()).toThrow(/identities\/x \(ClusterSpiffeId\): className \(unset\) is unset.*"spire-server-spire".*pass spire/);
});

test('a classless registration is fine when a controller in the app watches classless resources', () => {
  const app = Testing.app();
  new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'c', controllerManager: { watchClassless: true } });
  new ClusterSpiffeId(new Chart(app, 'ids'), 'x', { spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { a: 'b' } } });
  expect(() => app.synthYaml()).not.toThrow();
});

test('a classless registration in an app without any Spire is not second-guessed', () => {
  const chart = new Chart(Testing.app(), 'ids');
  new ClusterSpiffeId(chart, 'x', { spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { a: 'b' } } });
  expect(Testing.synth(chart)[0].spec.className).toBeUndefined();
});
