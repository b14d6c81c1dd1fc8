import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PARTNER_BUNDLE, TEMPLATE, fixture } from './helpers';
import { BundleEndpointProfile, ClusterFederatedTrustDomain, ClusterSpiffeId, ClusterStaticEntry, ISpire } from '../../src';

// Each registration construct is its own ApiObject (one level below the chart,
// which keeps cdk8s's per-edge walks short). These tests hold what that change
// must not break: the generated names, the escape hatch, and a failed check
// leaving nothing behind.

type Make = (scope: Construct, id: string, spire: ISpire, extra?: { metadata?: { name?: string; labels?: Record<string, string> } }) => ApiObject;

const kinds: Array<[string, Make]> = [
  ['ClusterSPIFFEID', (scope, id, spire, extra) => new ClusterSpiffeId(scope, id, {
    spire, spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'web' } }, ...extra,
  })],
  ['ClusterStaticEntry', (scope, id, spire, extra) => new ClusterStaticEntry(scope, id, {
    spire,
    spiffeId: 'spiffe://example.org/legacy/batch',
    parentId: 'spiffe://example.org/spire/agent/k8s_psat/demo-cluster/node-uid',
    selectors: ['k8s:ns:batch'],
    ...extra,
  })],
  ['ClusterFederatedTrustDomain', (scope, id, spire, extra) => new ClusterFederatedTrustDomain(scope, id, {
    spire,
    trustDomain: 'partner.example.com',
    bundleEndpointUrl: 'https://spire.partner.example.com:8443',
    bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.com/spire/server'),
    trustDomainBundle: PARTNER_BUNDLE,
    ...extra,
  })],
];

/** The name cdk8s gives an ApiObject of `kind` at `<chartId>/<id>/Resource`, in an app of its own. */
function resourceChildName(kind: string, chartId: string, id: string, chartClass: typeof Chart = Chart): string {
  const chart = new chartClass(Testing.app(), chartId);
  return new ApiObject(new Construct(chart, id), 'Resource', { apiVersion: 'spire.spiffe.io/v1alpha1', kind }).name;
}

describe.each(kinds)('%s', (kind, make) => {
  test('is its own ApiObject, directly below its chart', () => {
    const { spire, identities } = fixture();
    const registration = make(identities, 'web', spire);
    expect(ApiObject.of(registration)).toBe(registration);
    expect((registration as any).apiObject).toBe(registration);
    expect(registration.node.children).toHaveLength(0);
    expect(registration.node.path).toBe('identities/web');
    expect(Testing.synth(identities).map((o) => o.kind)).toEqual([kind]);
  });

  test('keeps the generated name it had as the "Resource" child', () => {
    const { spire, identities } = fixture();
    const registration = make(identities, 'web', spire);
    const expected = resourceChildName(kind, 'identities', 'web');
    expect(expected).toMatch(/^identities-web-c8[0-9a-f]{6}$/);
    expect(registration.name).toBe(expected);
    expect(Testing.synth(identities)[0].metadata.name).toBe(expected);
    // Its own path would hash differently: the name is not simply regenerated.
    expect(expected).not.toBe(identities.generateObjectName(registration));
  });

  test('asks the chart for the name, so a chart that overrides generateObjectName still decides it', () => {
    class PrefixChart extends Chart {
      public generateObjectName(apiObject: ApiObject): string {
        return `team-a-${apiObject.node.path.split('/').slice(1).join('-').toLowerCase()}`;
      }
    }
    const app = Testing.app();
    const { spire } = fixture();
    const registration = make(new PrefixChart(app, 'identities'), 'web', spire);
    expect(registration.name).toBe('team-a-web-resource');
    expect(resourceChildName(kind, 'identities', 'web', PrefixChart)).toBe('team-a-web-resource');
  });

  test('takes metadata.name and labels as given', () => {
    const { spire, identities } = fixture();
    const registration = make(identities, 'web', spire, { metadata: { name: 'web-identity', labels: { team: 'a' } } });
    const [object] = Testing.synth(identities);
    expect(registration.name).toBe('web-identity');
    expect(object.metadata).toEqual({ name: 'web-identity', labels: { team: 'a' } });
  });

  test('a failed check leaves nothing in the tree, so the id can be used again', () => {
    const { spire, identities } = fixture();
    expect(() => make(identities, 'web', spire, { metadata: { name: 'Not_A_Name' } })).toThrow(/identities\/web .*metadata\.name "Not_A_Name"/);
    expect(identities.node.tryFindChild('web')).toBeUndefined();
    make(identities, 'web', spire);
    expect(Testing.synth(identities)).toHaveLength(1);
  });

  test('a duplicate id is refused as for any construct, and the first one stays', () => {
    const { spire, identities } = fixture();
    const first = make(identities, 'web', spire, { metadata: { name: 'first' } });
    expect(() => make(identities, 'web', spire)).toThrow(/There is already a Construct with name 'web'/);
    expect(identities.node.findChild('web')).toBe(first);
  });
});

test('the three kinds side by side in one app keep distinct generated names', () => {
  const app: App = Testing.app();
  const { spire } = fixture();
  const chart = new Chart(app, 'registrations');
  const names = kinds.map(([, make], index) => make(chart, `r${index}`, spire).name);
  expect(new Set(names).size).toBe(3);
});
