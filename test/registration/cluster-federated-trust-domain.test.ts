import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { errorOf, fixture } from './helpers';
import { BundleEndpointProfile, ClusterFederatedTrustDomain, ClusterFederatedTrustDomainProps } from '../../src';
import { validateCustomResource } from '../util/crd-validator';

const bundleFixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bundles', name), 'utf8');
/** A real bundle: an EC P-256 CA certificate for spiffe://partner.example.com and a JWT key. */
const BUNDLE = bundleFixture('partner.example.com.json');

function props(overrides: Partial<ClusterFederatedTrustDomainProps> = {}): ClusterFederatedTrustDomainProps {
  return {
    trustDomain: 'partner.example.com',
    bundleEndpointUrl: 'https://spire.partner.example.com:8443',
    bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.com/spire/server'),
    ...overrides,
  };
}

function build(overrides: Partial<ClusterFederatedTrustDomainProps> = {}): any {
  const { spire, identities } = fixture();
  new ClusterFederatedTrustDomain(identities, 'partner', { spire, ...props(overrides) });
  return Testing.synth(identities)[0];
}

function expectError(overrides: Partial<ClusterFederatedTrustDomainProps>, property: string, rule: RegExp): void {
  const message = errorOf(() => build(overrides));
  expect(message).toContain(`identities/partner (ClusterFederatedTrustDomain): ${property} `);
  expect(message).toMatch(rule);
}

test('renders https_spiffe with its endpoint ID and validates against the CRD', () => {
  const obj = build({ trustDomainBundle: BUNDLE, metadata: { name: 'partner' } });
  expect(obj.spec).toEqual({
    className: 'spire-server-spire',
    trustDomain: 'partner.example.com',
    bundleEndpointURL: 'https://spire.partner.example.com:8443',
    bundleEndpointProfile: { type: 'https_spiffe', endpointSPIFFEID: 'spiffe://partner.example.com/spire/server' },
    trustDomainBundle: BUNDLE,
  });
  expect(validateCustomResource(obj)).toEqual([]);
});

test('renders https_web without an endpoint ID or bootstrap bundle', () => {
  const obj = build({ bundleEndpointProfile: BundleEndpointProfile.httpsWeb() });
  expect(obj.spec.bundleEndpointProfile).toEqual({ type: 'https_web' });
  expect(obj.spec.trustDomainBundle).toBeUndefined();
  expect(validateCustomResource(obj)).toEqual([]);
});

describe('the first bundle of an https_spiffe endpoint', () => {
  // SPIRE authenticates an https_spiffe endpoint with the bundle it already
  // holds; without one it logs "local copy of bundle not found" forever and
  // refuses entries that federate ("unable to find federated bundle").
  test('is required: neither trustDomainBundle nor bundleLoadedOutOfBand is an error', () => {
    expectError({}, 'trustDomainBundle', /\(unset\) is required for an https_spiffe bundle endpoint: SPIRE authenticates it with partner\.example\.com's bundle.*Fix: set trustDomainBundle to the output of `spire-server bundle show -format spiffe` on the partner\.example\.com server, or set bundleLoadedOutOfBand: true and load it with `spire-server bundle set -format spiffe -id spiffe:\/\/partner\.example\.com`/);
  });

  test('inline: the bundle is shipped in the resource', () => {
    const { spire, identities } = fixture();
    const cftd = new ClusterFederatedTrustDomain(identities, 'partner', { spire, ...props({ trustDomainBundle: BUNDLE }) });
    expect(cftd.bundleBootstrap).toBe('inline');
    expect(Testing.synth(identities)[0].metadata.annotations).toBeUndefined();
  });

  test('out of band: marked with an annotation the identity plan and operators can read', () => {
    const { spire, identities } = fixture();
    const cftd = new ClusterFederatedTrustDomain(identities, 'partner', {
      spire, ...props({ bundleLoadedOutOfBand: true, metadata: { name: 'partner', annotations: { team: 'mesh' } } }),
    });
    const obj = Testing.synth(identities)[0];
    expect(cftd.bundleBootstrap).toBe('out-of-band');
    expect(obj.metadata.annotations).toEqual({ 'team': 'mesh', 'spire.cdk8s.io/bundle-loaded-out-of-band': 'true' });
    expect(obj.spec.trustDomainBundle).toBeUndefined();
    expect(validateCustomResource(obj)).toEqual([]);
  });

  test('https_web needs none, and out of band is refused as meaningless there', () => {
    const { spire, identities } = fixture();
    expect(new ClusterFederatedTrustDomain(identities, 'web', { spire, ...props({ bundleEndpointProfile: BundleEndpointProfile.httpsWeb() }) }).bundleBootstrap).toBe('web-pki');
    expectError({ bundleEndpointProfile: BundleEndpointProfile.httpsWeb(), bundleLoadedOutOfBand: true }, 'bundleLoadedOutOfBand', /has no use with https_web/);
  });

  test('both inline and out of band is a contradiction', () => {
    expectError({ trustDomainBundle: BUNDLE, bundleLoadedOutOfBand: true }, 'bundleLoadedOutOfBand', /contradicts trustDomainBundle/);
  });
});

describe('trustDomainBundle is parsed as go-spiffe parses it', () => {
  const key = JSON.parse(BUNDLE).keys[0];
  const withKeys = (keys: unknown[]) => JSON.stringify({ keys });
  test.each([
    ['not JSON', '-----BEGIN CERTIFICATE-----', /is not JSON/],
    ['no keys array', '{"spiffe_sequence":1}', /has no "keys" array/],
    ['two certificates in x5c', withKeys([{ ...key, x5c: [key.x5c[0], key.x5c[0]] }]), /keys\[0\] \(x509-svid\) that has 2 x5c certificates instead of exactly one/],
    ['an x5c that is not a certificate', withKeys([{ ...key, x5c: ['bm90IGEgY2VydA=='] }]), /keys\[0\] \(x509-svid\) that has an x5c entry that is not a base64 DER certificate/],
    ['a key that is not the certificate\'s', withKeys([{ ...key, x: JSON.parse(bundleFixture('example.org.json')).keys[0].x, y: JSON.parse(bundleFixture('example.org.json')).keys[0].y }]), /differs from its x5c certificate's/],
    ['a JWT key without kid', withKeys([key, { ...JSON.parse(bundleFixture('jwt-only.json')).keys[0], kid: '' }]), /keys\[1\] \(jwt-svid\) without a kid/],
    ['a JWT key that is not a key', withKeys([key, { use: 'jwt-svid', kid: 'k', kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }]), /keys\[1\] \(jwt-svid\) that is not a valid public JWK/],
    ['our own bundle pasted instead of the partner\'s', bundleFixture('example.org.json'), /certificate for trust domain "example\.org", not "partner\.example\.com" \(is it the other side's bundle\?\)/],
    ['only JWT keys, which cannot authenticate the endpoint', bundleFixture('jwt-only.json'), /holds no x509-svid authority/],
  ])('%s', (_what, bundle, rule) => {
    expectError({ trustDomainBundle: bundle }, 'trustDomainBundle', rule);
  });

  test('a JWT-only bundle is fine for https_web', () => {
    expect(build({ bundleEndpointProfile: BundleEndpointProfile.httpsWeb(), trustDomainBundle: bundleFixture('jwt-only.json') }).spec.trustDomainBundle)
      .toBe(bundleFixture('jwt-only.json'));
  });
});

describe('rejects', () => {
  test('an invalid trust domain', () => {
    expectError({ trustDomain: 'Partner.com' }, 'trustDomain', /lowercase.*Fix: name the foreign trust domain by its bare lowercase name \(no scheme, port or path\), such as "partner\.example\.com"\./);
  });

  test('its own trust domain', () => {
    expectError({ trustDomain: 'example.org' }, 'trustDomain', /own trust domain/);
  });

  test('a plain-http bundle endpoint', () => {
    expectError({ bundleEndpointUrl: 'http://spire.partner.example.com' }, 'bundleEndpointUrl', /uses http, but bundle endpoints are served over https only/);
  });

  test('a bundle endpoint URL with user info', () => {
    expectError({ bundleEndpointUrl: 'https://admin:pw@spire.partner.example.com' }, 'bundleEndpointUrl', /user info/);
  });

  test('a bundle endpoint that is not a URL', () => {
    expectError({ bundleEndpointUrl: 'spire.partner.example.com' }, 'bundleEndpointUrl', /not an absolute URL/);
  });

  test('an https_spiffe endpoint ID that is not a SPIFFE ID', () => {
    expectError({ bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('partner.example.com/spire/server') }, 'bundleEndpointProfile.endpointSpiffeId', /spiffe:\/\/.*Fix: use the foreign SPIRE server's ID, usually "spiffe:\/\/partner\.example\.com\/spire\/server"\./);
  });

  test('an https_spiffe endpoint ID from another trust domain', () => {
    expectError({ bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://example.org/spire/server') }, 'bundleEndpointProfile.endpointSpiffeId', /belongs to trust domain "example\.org".*partner\.example\.com/);
  });

  test('a second resource for the same trust domain', () => {
    const { spire, identities } = fixture();
    new ClusterFederatedTrustDomain(identities, 'first', { spire, ...props({ trustDomainBundle: BUNDLE }) });
    expect(errorOf(() => new ClusterFederatedTrustDomain(new Chart(identities.node.root as any, 'more'), 'second', { spire, ...props({ trustDomainBundle: BUNDLE }) })))
      .toMatch(/more\/second \(ClusterFederatedTrustDomain\): trustDomain "partner\.example\.com" is already federated by identities\/first/);
  });
});
