export { errorOf } from '../util/errors';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { BundleEndpointProfile, ClusterFederatedTrustDomain, Spire } from '../../src';

/** A real SPIFFE bundle of partner.example.com (test/fixtures/bundles). */
export const PARTNER_BUNDLE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bundles', 'partner.example.com.json'), 'utf8');

/** Declares the federation with partner.example.com in a chart of its own, as registrations that federate need. */
export function declarePartner(spire: Spire): ClusterFederatedTrustDomain {
  return new ClusterFederatedTrustDomain(new Chart(spire.node.root as App, 'federation'), 'partner', {
    spire,
    trustDomain: 'partner.example.com',
    bundleEndpointUrl: 'https://spire.partner.example.com:8443',
    bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.com/spire/server'),
    trustDomainBundle: PARTNER_BUNDLE,
  });
}

export const TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** An app with a Spire chart and an empty identities chart. */
export function fixture(caTtl?: Duration): { app: App; spire: Spire; identities: Chart } {
  const app = Testing.app();
  const spire = new Spire(new Chart(app, 'spire'), 'spire', {
    trustDomain: 'example.org',
    clusterName: 'demo-cluster',
    server: caTtl ? { caTtl } : undefined,
  });
  return { app, spire, identities: new Chart(app, 'identities') };
}

