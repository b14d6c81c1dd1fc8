// Construct paths are part of the contract (DESIGN.md principle 6: they change
// only with a migration note, README "Construct paths"). The snapshot below is
// that contract, read in review; the assertions hold the shape that keeps
// cdk8s's per-edge walks short: every object at most two levels below its chart.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { buildProduction } from '../../examples/production/app';
import { buildQuickstart } from '../../examples/quickstart/app';
import { BundleEndpointExposure, OidcDiscoveryProvider, OidcKeySource, Spire } from '../../src';
import { tempDir } from '../util/files';

/** `path -> Kind/name` of every ApiObject of an app, in tree order. */
function objectPaths(app: App): string[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)
    .map((o) => `${o.node.path} -> ${o.kind}/${o.name}`);
}

function levelsBelowChart(o: ApiObject): number {
  return o.node.scopes.length - 1 - o.node.scopes.indexOf(Chart.of(o));
}

/** Every option that adds objects: bundle endpoint, telemetry monitors, NetworkPolicies, an OIDC provider in the server pod. */
function everything(): App {
  const app = Testing.app();
  const chart = new Chart(app, 'spire');
  const spire = new Spire(chart, 'spire', {
    trustDomain: 'example.org',
    clusterName: 'demo-cluster',
    server: { jwtIssuer: 'https://oidc.example.org' },
    bundleEndpoint: { exposure: BundleEndpointExposure.tlsRoute({ hostname: 'spire-bundle.example.org', gatewayName: 'edge' }) },
    networkPolicies: {},
  });
  new OidcDiscoveryProvider(new Chart(app, 'oidc'), 'oidc', { spire, keySource: OidcKeySource.serverApi() });
  return app;
}

const apps: Array<[string, () => App]> = [
  ['quick start', () => buildQuickstart(tempDir())],
  ['production example', () => buildProduction(tempDir())],
  ['every optional part', everything],
];

describe.each(apps)('%s', (_name, build) => {
  const app = build();
  const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);

  test('keeps its construct paths', () => {
    expect(objectPaths(app)).toMatchSnapshot();
  });

  test('puts every object at most two levels below its chart', () => {
    const deep = objects.filter((o) => levelsBelowChart(o) > 2).map((o) => o.node.path);
    expect(deep).toEqual([]);
  });

  test('adds every SPIRE object directly to the Spire construct', () => {
    const spires = app.node.findAll().filter((c): c is Spire => c instanceof Spire);
    expect(spires.length).toBeGreaterThan(0);
    for (const spire of spires) {
      const below = objects.filter((o) => o.node.scopes.includes(spire));
      expect(below.length).toBeGreaterThan(20);
      expect(below.filter((o) => o.node.scope !== spire).map((o) => o.node.path)).toEqual([]);
    }
  });
});
