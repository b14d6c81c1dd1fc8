import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PARTNER_BUNDLE } from './partner-bundle';
import {
  BundleEndpointProfile, ClusterFederatedTrustDomain, IstioGateway, IstioIntegration, Spire, SpireCrds,
} from 'cdk8s-spire';

/**
 * SPIRE as the identity provider of an Istio mesh, with every Istio install
 * route written out:
 * - `<outdir>/`: SPIRE, identities and the demo apps (kubectl apply, in order),
 * - `<outdir>/istioctl/`: the IstioOperator for `istioctl install -f`,
 * - `<outdir>/helm/`: values for the istiod and gateway Helm charts,
 * - `<outdir>/sail/`: the Sail Operator `Istio` resource.
 */
export function synthIstioExample(outdir = 'dist/istio'): void {
  const app = new App({ outdir });
  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');

  const chart = new Chart(app, 'spire');
  chart.addDependency(crds);
  const spire = new Spire(chart, 'spire', {
    trustDomain: 'example.org',
    clusterName: 'demo-cluster',
    // istio-proxy asks for its SVID before the app containers start.
    agent: { disableContainerSelectors: true },
    // The partner fetches our bundle here (exposed through its own load balancer).
    server: { federationBundleEndpointPort: 8443 },
  });

  // Registrations and the mesh integration: applied once the SPIRE server is Ready.
  const identities = new Chart(app, 'spire-identities');
  new ClusterFederatedTrustDomain(identities, 'partner', {
    spire,
    trustDomain: 'partner.example.com',
    bundleEndpointUrl: 'https://spire-bundle.partner.example.com:8443',
    bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.com/spire/server'),
    // The first bundle: without it SPIRE cannot authenticate the endpoint and
    // refuses every entry that federates with partner.example.com.
    trustDomainBundle: PARTNER_BUNDLE,
    metadata: { name: 'partner' },
  });
  const istio = new IstioIntegration(identities, 'istio', {
    spire,
    istioVersion: '1.30.3',
    ingressGateways: [IstioGateway.ingress()],
    egressGateways: [IstioGateway.egress()],
    federatesWith: ['partner.example.com'],
    holdApplicationUntilProxyStarts: true,
  });

  // Workloads: one in the mesh with a SPIRE identity, one talking to the
  // Workload API directly.
  const apps = new Chart(app, 'apps');
  // Istio injects every pod of the namespace; with MeshEnrollment.ALL_INJECTED
  // (the default) each gets the SPIRE template and so a SPIRE identity.
  new ApiObject(apps, 'namespace', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
  });
  // One service account each: the account names the SPIFFE ID
  // (spiffe://example.org/ns/shop/sa/<account>), so peers can tell them apart.
  const account = (name: string) => new kplus.ServiceAccount(apps, `${name}-sa`, { metadata: { name, namespace: 'shop' }, automountToken: false });
  const payments = new kplus.Deployment(apps, 'payments', {
    metadata: { namespace: 'shop' },
    serviceAccount: account('payments'),
    containers: [{ image: 'ghcr.io/example/payments:1.4.2', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
  istio.enroll(payments);
  const batch = new kplus.Deployment(apps, 'batch', {
    metadata: { namespace: 'shop' },
    serviceAccount: account('batch'),
    containers: [{ image: 'ghcr.io/example/batch:2.0.0', securityContext: { user: 1000, group: 1000 } }],
  });
  spire.mountWorkloadApi(batch);
  app.synth();

  // istioctl route: the IstioOperator is an input file, never applied to the cluster.
  const istioctl = new App({ outdir: path.join(outdir, 'istioctl') });
  istio.addIstioOperator(new Chart(istioctl, 'istio-operator'));
  istioctl.synth();

  // Helm route.
  const helm = path.join(outdir, 'helm');
  fs.mkdirSync(helm, { recursive: true });
  fs.writeFileSync(path.join(helm, 'istiod-values.yaml'), Yaml.stringify(istio.istiodHelmValues()));
  for (const gateway of ['istio-ingressgateway', 'istio-egressgateway']) {
    fs.writeFileSync(path.join(helm, `${gateway}-values.yaml`), Yaml.stringify(istio.gatewayHelmValues(gateway)));
  }

  // Sail Operator route.
  const sail = new App({ outdir: path.join(outdir, 'sail') });
  istio.addSailIstio(new Chart(sail, 'istio'));
  sail.synth();
}
