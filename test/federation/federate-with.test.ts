import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { cluster } from './helpers';
import {
  BundleEndpointExposure, BundleEndpointProfile, BundleEndpointServing, ClusterSpiffeId, IstioIntegration,
} from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { find } from '../util/synth';

// Real SPIFFE bundles of the two trust domains (test/fixtures/bundles).
const bundle = (td: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bundles', `${td}.json`), 'utf8');
const BUNDLE_A = bundle('a.example.org');
const BUNDLE_B = bundle('b.example.org');

function twoClusters() {
  const a = cluster('a.example.org', 'cluster-a', {
    bundleEndpoint: { exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire-bundle.a.example.org', port: 443 }) },
  });
  const b = cluster('b.example.org', 'cluster-b', {
    serverNamespace: 'spire',
    bundleEndpoint: { port: 9444, exposure: BundleEndpointExposure.tlsRoute({ hostname: 'spire-bundle.b.example.org', gatewayName: 'edge', gatewayNamespace: 'gateways' }) },
  });
  return { a, b };
}

describe('federateWith between two Spires of one program', () => {
  const { a, b } = twoClusters();
  const federation = a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, bundlesLoadedOutOfBand: true });
  const objectsA = Testing.synth(a.identities);
  const objectsB = Testing.synth(b.identities);
  const cftdOfB = objectsA.find(o => o.kind === 'ClusterFederatedTrustDomain');
  const cftdOfA = objectsB.find(o => o.kind === 'ClusterFederatedTrustDomain');

  test('each side gets one ClusterFederatedTrustDomain, in its own app, for the other trust domain', () => {
    expect(objectsA.filter(o => o.kind === 'ClusterFederatedTrustDomain')).toHaveLength(1);
    expect(objectsB.filter(o => o.kind === 'ClusterFederatedTrustDomain')).toHaveLength(1);
    expect(federation.onThisSide.trustDomain).toBe('b.example.org');
    expect(federation.onPeerSide.trustDomain).toBe('a.example.org');
    expect(validateAll([...objectsA, ...objectsB])).toEqual([]);
  });

  test('A\'s bundle endpoint URL and server ID equal B\'s resource for A, and the reverse', () => {
    // What each server really serves, from its own objects.
    const serviceA = find(Testing.synth(a.spireChart), 'Service', 'spire-server-federation');
    expect(serviceA.spec.type).toBe('LoadBalancer');
    expect(a.spire.bundleEndpointUrl).toBe('https://spire-bundle.a.example.org');
    expect(serviceA.spec.ports[0].port).toBe(443);
    expect(cftdOfA.spec).toEqual({
      className: b.spire.className,
      trustDomain: a.spire.trustDomain,
      bundleEndpointURL: a.spire.bundleEndpointUrl,
      bundleEndpointProfile: { type: 'https_spiffe', endpointSPIFFEID: a.spire.serverSpiffeId },
    });
    const routeB = find(Testing.synth(b.spireChart), 'TLSRoute', 'spire-server-federation');
    expect(b.spire.bundleEndpointUrl).toBe(`https://${routeB.spec.hostnames[0]}`);
    expect(cftdOfB.spec).toEqual({
      className: a.spire.className,
      trustDomain: b.spire.trustDomain,
      bundleEndpointURL: b.spire.bundleEndpointUrl,
      bundleEndpointProfile: { type: 'https_spiffe', endpointSPIFFEID: 'spiffe://b.example.org/spire/server' },
    });
  });

  test('the out-of-band bootstrap is marked on both resources', () => {
    for (const cftd of [cftdOfA, cftdOfB]) {
      expect(cftd.metadata.annotations).toEqual({ 'spire.cdk8s.io/bundle-loaded-out-of-band': 'true' });
    }
  });

  test('each Spire knows whom it federates with, for its registrations and mesh', () => {
    expect(a.spire.federatedTrustDomains).toEqual(['b.example.org']);
    expect(b.spire.federatedTrustDomains).toEqual(['a.example.org']);
  });

  test('the bundle exchange commands name each server pod and the other trust domain', () => {
    expect(a.spire.bundleShowCommand()).toBe('kubectl exec -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle show -socketPath /tmp/spire-server/private/api.sock -format spiffe');
    expect(b.spire.bundleSetCommand(a.spire.trustDomain))
      .toBe('kubectl exec -i -n spire spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle set -socketPath /tmp/spire-server/private/api.sock -format spiffe -id spiffe://a.example.org');
  });
});

test('bootstrap bundles go to the side that trusts them, without the out-of-band mark', () => {
  const { a, b } = twoClusters();
  a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, peerBundle: BUNDLE_B, bundle: BUNDLE_A });
  const cftdOfB = Testing.synth(a.identities).find(o => o.kind === 'ClusterFederatedTrustDomain');
  const cftdOfA = Testing.synth(b.identities).find(o => o.kind === 'ClusterFederatedTrustDomain');
  expect(cftdOfB.spec.trustDomainBundle).toBe(BUNDLE_B);
  expect(cftdOfA.spec.trustDomainBundle).toBe(BUNDLE_A);
  expect(cftdOfA.metadata.annotations).toBeUndefined();
});

test('an https_web endpoint needs no bootstrap and is named without an endpoint ID', () => {
  const a = cluster('a.example.org', 'cluster-a', {
    bundleEndpoint: {
      serving: BundleEndpointServing.httpsWebFromCertManager({ issuerName: 'letsencrypt' }),
      exposure: BundleEndpointExposure.ingress({ host: 'spire-bundle.a.example.org' }),
    },
  });
  const b = cluster('b.example.org', 'cluster-b', { bundleEndpoint: { exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire-bundle.b.example.org' }) } });
  // Only B's https_spiffe endpoint needs its bundle carried to A.
  b.spire.federateWith(a.spire, { scope: b.identities, peerScope: a.identities, bundle: BUNDLE_B });
  const cftdOfA = Testing.synth(b.identities).find(o => o.kind === 'ClusterFederatedTrustDomain');
  expect(cftdOfA.spec.bundleEndpointProfile).toEqual({ type: 'https_web' });
  expect(cftdOfA.spec.bundleEndpointURL).toBe('https://spire-bundle.a.example.org');
  expect(cftdOfA.spec.trustDomainBundle).toBeUndefined();
  expect(Testing.synth(a.identities).find(o => o.kind === 'ClusterFederatedTrustDomain').spec.bundleEndpointURL).toBe('https://spire-bundle.b.example.org:8443');
});

test('the mesh and registrations federate with the peer through federatedTrustDomains', () => {
  const { a, b } = twoClusters();
  a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, bundlesLoadedOutOfBand: true });
  new IstioIntegration(a.identities, 'istio', { spire: a.spire, federatesWith: a.spire.federatedTrustDomains });
  new ClusterSpiffeId(b.identities, 'payments', {
    spire: b.spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    podSelector: { matchLabels: { app: 'payments' } },
    federatesWith: b.spire.federatedTrustDomains,
    metadata: { name: 'payments' },
  });
  const objectsA = Testing.synth(a.identities);
  for (const reg of objectsA.filter(o => o.kind === 'ClusterSPIFFEID')) expect(reg.spec.federatesWith).toEqual(['b.example.org']);
  expect(find(Testing.synth(b.identities), 'ClusterSPIFFEID', 'payments').spec.federatesWith).toEqual(['a.example.org']);
  // Istio validates peers with ROOTCA carrying every bundle.
  expect(JSON.parse(find(Testing.synth(a.spireChart), 'ConfigMap', 'spire-agent').data['agent.conf']).agent.sds)
    .toEqual({ default_svid_name: 'default', default_bundle_name: 'null', default_all_bundles_name: 'ROOTCA' });
});

test('federateWithExternal: a SPIRE peer outside the program, its server ID by default', () => {
  const { a } = twoClusters();
  const cftd = a.spire.federateWithExternal({
    scope: a.identities, trustDomain: 'partner.example.com', bundleEndpointUrl: 'https://spire.partner.example.com:8443', bundleLoadedOutOfBand: true,
  });
  expect(cftd.toJson().spec.bundleEndpointProfile).toEqual({ type: 'https_spiffe', endpointSPIFFEID: 'spiffe://partner.example.com/spire/server' });
  expect(cftd.toJson().metadata.name).toBe('partner.example.com');
  const web = a.spire.federateWithExternal({
    scope: a.identities, trustDomain: 'web.example.com', bundleEndpointUrl: 'https://bundle.web.example.com', bundleEndpointProfile: BundleEndpointProfile.httpsWeb(),
  });
  expect(web.toJson().spec.bundleEndpointProfile).toEqual({ type: 'https_web' });
  expect(a.spire.federatedTrustDomains).toEqual(['partner.example.com', 'web.example.com']);
  expect(validateAll(Testing.synth(a.identities))).toEqual([]);
});

describe('rejects', () => {
  test('federating with its own trust domain', () => {
    const { a } = twoClusters();
    const twin = cluster('a.example.org', 'other', { bundleEndpoint: {} });
    expect(errorOf(() => a.spire.federateWith(twin.spire, { scope: a.identities, peerScope: twin.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/spire\/spire \(Spire\): federateWith peer "spire\/spire" has this Spire's own trust domain "a\.example\.org"/);
  });

  test('a peer without a bundle endpoint', () => {
    const { a } = twoClusters();
    const c = cluster('c.example.org', 'cluster-c');
    expect(errorOf(() => a.spire.federateWith(c.spire, { scope: a.identities, peerScope: c.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/has no bundle endpoint, so a\.example\.org could never fetch its bundle\. Fix: set bundleEndpoint on spire\/spire/);
  });

  test('a cluster-internal endpoint across clusters', () => {
    const { a } = twoClusters();
    const c = cluster('c.example.org', 'cluster-c', { bundleEndpoint: {} });
    expect(errorOf(() => a.spire.federateWith(c.spire, { scope: a.identities, peerScope: c.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/only exposed inside cluster "cluster-c" \(https:\/\/spire-server\.spire-server\.svc:8443\), which a\.example\.org in cluster "cluster-a" cannot reach/);
  });

  test('an https_spiffe federation with neither bootstrap bundles nor the out-of-band confirmation', () => {
    const { a, b } = twoClusters();
    expect(errorOf(() => a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, peerBundle: BUNDLE_B })))
      .toMatch(/federateWith bundlesLoadedOutOfBand \(unset\) is not set, but nothing bootstraps a\.example\.org's bundle on the b\.example\.org side \(bundle\).*Fix: pass the bundles/);
  });

  test('a scope of the other app (the resource would be applied to the wrong cluster)', () => {
    const { a, b } = twoClusters();
    expect(errorOf(() => a.spire.federateWith(b.spire, { scope: b.identities, peerScope: a.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/federateWith scope "identities" belongs to another app than spire\/spire/);
  });

  test('the Spire\'s own chart as scope (its webhook is not serving yet when that chart is applied)', () => {
    const { a, b } = twoClusters();
    expect(errorOf(() => a.spire.federateWith(b.spire, { scope: a.spireChart, peerScope: b.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/federateWith scope "spire" is in the chart of spire\/spire, whose controller-manager webhook does not serve yet/);
  });

  test('federating twice with the same peer', () => {
    const { a, b } = twoClusters();
    a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, bundlesLoadedOutOfBand: true });
    const more = new Chart(a.app, 'more');
    expect(errorOf(() => a.spire.federateWith(b.spire, { scope: more, peerScope: b.identities, bundlesLoadedOutOfBand: true })))
      .toMatch(/already federated by identities\/Federation-b\.example\.org/);
  });

  test('a bundle set for a malformed trust domain', () => {
    const { a } = twoClusters();
    expect(errorOf(() => a.spire.bundleSetCommand('B.example.org'))).toMatch(/bundleSetCommand trustDomain "B\.example\.org" .*lowercase/);
  });
});

test('a bootstrap bundle of the wrong trust domain is refused (it could not authenticate the peer)', () => {
  const { a, b } = twoClusters();
  expect(errorOf(() => a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, peerBundle: BUNDLE_A, bundle: BUNDLE_A })))
    .toMatch(/identities\/Federation-b\.example\.org \(ClusterFederatedTrustDomain\): trustDomainBundle/);
});
