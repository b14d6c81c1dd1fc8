import { Chart, Duration, Testing } from 'cdk8s';
import { declarePartner, errorOf, fixture } from './helpers';
import { ClusterStaticEntry, ClusterStaticEntryProps } from '../../src';
import { validateCustomResource } from '../util/crd-validator';

function props(overrides: Partial<ClusterStaticEntryProps> = {}): ClusterStaticEntryProps {
  return {
    spiffeId: 'spiffe://example.org/legacy/batch',
    parentId: 'spiffe://example.org/spire/agent/k8s_psat/demo-cluster/node-uid',
    selectors: ['k8s:ns:batch', 'k8s:sa:worker'],
    ...overrides,
  };
}

function build(overrides: Partial<ClusterStaticEntryProps> = {}): any {
  const { spire, identities } = fixture();
  declarePartner(spire);
  new ClusterStaticEntry(identities, 'batch', { spire, ...props(overrides) });
  return Testing.synth(identities)[0];
}

function expectError(overrides: Partial<ClusterStaticEntryProps>, property: string, rule: RegExp): void {
  const message = errorOf(() => build(overrides));
  expect(message).toContain(`identities/batch (ClusterStaticEntry): ${property} `);
  expect(message).toMatch(rule);
}

test('accepts the DNS names SPIRE accepts ("_", upper case), as the plan does', () => {
  const obj = build({ dnsNames: ['_grpc._tcp.batch.example.org', 'Batch.Example.ORG'] });
  expect(obj.spec.dnsNames).toEqual(['_grpc._tcp.batch.example.org', 'Batch.Example.ORG']);
});

test('renders every field under its CRD name and validates against the CRD', () => {
  const obj = build({
    federatesWith: ['partner.example.com'],
    x509SvidTtl: Duration.hours(2),
    jwtSvidTtl: Duration.minutes(5),
    dnsNames: ['batch.example.org', '*.batch.example.org'],
    hint: 'batch',
    admin: false,
    downstream: false,
    storeSvid: false,
  });
  expect(obj.spec).toEqual({
    className: 'spire-server-spire',
    spiffeID: 'spiffe://example.org/legacy/batch',
    parentID: 'spiffe://example.org/spire/agent/k8s_psat/demo-cluster/node-uid',
    selectors: ['k8s:ns:batch', 'k8s:sa:worker'],
    federatesWith: ['partner.example.com'],
    x509SVIDTTL: '2h',
    jwtSVIDTTL: '5m',
    dnsNames: ['batch.example.org', '*.batch.example.org'],
    hint: 'batch',
    admin: false,
    downstream: false,
    storeSVID: false,
  });
  expect(validateCustomResource(obj)).toEqual([]);
});

describe('rejects', () => {
  test('a SPIFFE ID under /spire', () => {
    expectError({ spiffeId: 'spiffe://example.org/spire/legacy' }, 'spiffeId', /reserved.*Fix: correct the ID as described, e\.g\. "spiffe:\/\/example\.org\/ns\/batch\/sa\/worker"\./);
  });

  test('a SPIFFE ID in another trust domain', () => {
    expectError({ spiffeId: 'spiffe://other.org/legacy' }, 'spiffeId', /other\.org.*example\.org/);
  });

  test('a SPIFFE ID with a trailing slash', () => {
    expectError({ spiffeId: 'spiffe://example.org/legacy/' }, 'spiffeId', /trailing/);
  });

  test('a parent ID that is not a SPIFFE ID', () => {
    expectError({ parentId: 'node-uid' }, 'parentId', /spiffe:\/\/.*Fix: use the ID of the agent \(or node alias\) the workload runs under, e\.g\. "spiffe:\/\/example\.org\/spire\/agent\/k8s_psat\/demo-cluster\/<node UID>"\./);
  });

  test('federating with a trust domain that has no ClusterFederatedTrustDomain (SPIRE holds no bundle of it)', () => {
    const { spire, identities } = fixture();
    new ClusterStaticEntry(identities, 'batch', { spire, ...props({ federatesWith: ['partner.example.com'] }) });
    expect(errorOf(() => Testing.synth(identities))).toMatch(
      /identities\/batch \(ClusterStaticEntry\): federatesWith\[0\] "partner\.example\.com" has no ClusterFederatedTrustDomain for className "spire-server-spire"/);
  });

  test('no selectors', () => {
    expectError({ selectors: [] }, 'selectors', /at least one selector/);
  });

  test('a selector without a value', () => {
    expectError({ selectors: ['k8s:ns:batch', 'k8s'] }, 'selectors[1]', /(type:value|<type>:<value>).*Fix: correct it as described, e\.g\. "k8s:ns:batch"\./);
  });

  test('a DNS name with a wildcard that is not the first label', () => {
    expectError({ dnsNames: ['batch.*.example.org'] }, 'dnsNames[0]', /wildcard.*Fix: correct it as described, e\.g\. "batch\.example\.org"/);
  });

  // The construct makes SPIRE's check (x509util.ValidateLabel), the one the identity plan makes.
  test('a DNS name SPIRE refuses: construct, property, value, SPIRE\'s rule and the fix', () => {
    const message = errorOf(() => build({ dnsNames: ['batch.example.org', '-batch.example.org'] }));
    expect(message).toMatch(/^identities\/batch \(ClusterStaticEntry\): dnsNames\[1\] "-batch\.example\.org" has the label "-batch", which starts or ends with "-" \(idna CheckHyphens\) \(SPIRE server: pkg\/common\/x509util\/dns\.go ValidateLabel: .*\)\. Fix: correct it as described/);
  });

  test('an X.509 TTL above a sixth of the CA TTL', () => {
    expectError({ x509SvidTtl: Duration.hours(6) }, 'x509SvidTtl', /sixth/);
  });
});

test('without a linked Spire the fixes show placeholders', () => {
  const chart = new Chart(Testing.app(), 'identities');
  expect(errorOf(() => new ClusterStaticEntry(chart, 'batch', { ...props(), parentId: 'node-uid' })))
    .toMatch(/parentId "node-uid" .*Fix: use the ID of the agent \(or node alias\) the workload runs under, e\.g\. "spiffe:\/\/example\.org\/spire\/agent\/k8s_psat\/<cluster>\/<node UID>"\./);
});
