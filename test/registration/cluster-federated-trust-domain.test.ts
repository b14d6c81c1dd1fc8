import { Chart, Testing } from 'cdk8s';
import { errorOf, fixture } from './helpers';
import { BundleEndpointProfile, ClusterFederatedTrustDomain, ClusterFederatedTrustDomainProps } from '../../src';
import { validateCustomResource } from '../util/crd-validator';

const BUNDLE = JSON.stringify({ keys: [{ use: 'x509-svid', kty: 'EC', crv: 'P-256', x: 'a', y: 'b', x5c: ['c'] }], spiffe_sequence: 1 });

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

test('renders https_web without an endpoint ID', () => {
  const obj = build({ bundleEndpointProfile: BundleEndpointProfile.httpsWeb() });
  expect(obj.spec.bundleEndpointProfile).toEqual({ type: 'https_web' });
  expect(validateCustomResource(obj)).toEqual([]);
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

  test('a trust domain bundle that is not a SPIFFE bundle', () => {
    expectError({ trustDomainBundle: '-----BEGIN CERTIFICATE-----' }, 'trustDomainBundle', /"keys" array/);
  });

  test('a second resource for the same trust domain', () => {
    const { spire, identities } = fixture();
    new ClusterFederatedTrustDomain(identities, 'first', { spire, ...props() });
    expect(errorOf(() => new ClusterFederatedTrustDomain(new Chart(identities.node.root as any, 'more'), 'second', { spire, ...props() })))
      .toMatch(/more\/second \(ClusterFederatedTrustDomain\): trustDomain "partner\.example\.com" is already federated by identities\/first/);
  });
});
