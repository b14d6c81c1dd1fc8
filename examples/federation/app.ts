import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BundleEndpointExposure, ClusterSpiffeId, IstioIntegration, OidcDiscoveryProvider, Spire, SpireCrds,
} from 'cdk8s-spire';

/** One cluster's manifests: an app of its own, written to its own directory. */
interface Cluster {
  readonly app: App;
  readonly spire: Spire;
  readonly identities: Chart;
  readonly workloads: Chart;
}

function cluster(outdir: string, props: ConstructorParameters<typeof Spire>[2]): Cluster {
  const app = new App({ outdir });
  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');
  const spireChart = new Chart(app, 'spire');
  spireChart.addDependency(crds);
  const spire = new Spire(spireChart, 'spire', props);
  // Registrations, federation and integrations: applied once the server is Ready.
  const identities = new Chart(app, 'spire-identities');
  identities.addDependency(spireChart);
  const workloads = new Chart(app, 'apps', { namespace: 'shop' });
  workloads.addDependency(identities);
  return { app, spire, identities, workloads };
}

/**
 * Two clusters, two trust domains, federated both ways:
 * - `<outdir>/cluster-a/`: trust domain cluster-a.example.org, bundle endpoint
 *   behind a LoadBalancer, an Istio mesh whose proxies trust cluster B (Helm
 *   values in `helm/`), and the OIDC discovery provider for its JWT SVIDs;
 * - `<outdir>/cluster-b/`: trust domain cluster-b.example.org, bundle endpoint
 *   behind a Gateway API TLSRoute, a workload that federates with cluster A;
 * - `<outdir>/exchange-bundles.sh`: the one-time bundle exchange, both ways.
 */
export function synthFederationExample(outdir = 'dist/federation'): void {
  const a = cluster(path.join(outdir, 'cluster-a'), {
    trustDomain: 'cluster-a.example.org',
    clusterName: 'cluster-a',
    agent: { disableContainerSelectors: true },
    server: { jwtIssuer: 'https://oidc.cluster-a.example.org' },
    bundleEndpoint: {
      exposure: BundleEndpointExposure.loadBalancer({
        publicAddress: 'spire-bundle.cluster-a.example.org',
        port: 443,
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      }),
    },
  });
  const b = cluster(path.join(outdir, 'cluster-b'), {
    trustDomain: 'cluster-b.example.org',
    clusterName: 'cluster-b',
    bundleEndpoint: {
      exposure: BundleEndpointExposure.tlsRoute({
        hostname: 'spire-bundle.cluster-b.example.org',
        gatewayName: 'edge',
        gatewayNamespace: 'gateway-system',
        sectionName: 'spire-federation',
      }),
    },
  });

  // One line, both directions: each side's ClusterFederatedTrustDomain is made
  // from the other's URL and server ID. The bundles cross once, out of band.
  a.spire.federateWith(b.spire, { scope: a.identities, peerScope: b.identities, bundlesLoadedOutOfBand: true });

  // Cluster A: a mesh whose sidecars and gateways accept cluster B's identities.
  const istio = new IstioIntegration(a.identities, 'istio', {
    spire: a.spire,
    federatesWith: a.spire.federatedTrustDomains,
    holdApplicationUntilProxyStarts: true,
  });
  istio.enroll(new kplus.Deployment(a.workloads, 'payments', {
    containers: [{ image: 'ghcr.io/example/payments:1.4.2', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
  }));
  // Relying parties (cloud IAM, other services) verify cluster A's JWT SVIDs here.
  new OidcDiscoveryProvider(a.identities, 'oidc', {
    spire: a.spire,
    ingress: { ingressClassName: 'nginx', tlsSecretName: 'oidc-cluster-a-tls' },
  });

  // Cluster B: a workload on the Workload API that also receives cluster A's bundle.
  const ledger = new kplus.Deployment(b.workloads, 'ledger', {
    containers: [{ image: 'ghcr.io/example/ledger:3.1.0', securityContext: { user: 1000, group: 1000 } }],
  });
  b.spire.mountWorkloadApi(ledger);
  new ClusterSpiffeId(b.identities, 'ledger', {
    spire: b.spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    podSelector: { matchLabels: ledger.matchLabels },
    federatesWith: b.spire.federatedTrustDomains,
    metadata: { name: 'ledger' },
  });

  a.app.synth();
  b.app.synth();
  // Cluster A's mesh installs with Istio's Helm charts and these values.
  const helm = path.join(outdir, 'cluster-a', 'helm');
  fs.mkdirSync(helm, { recursive: true });
  fs.writeFileSync(path.join(helm, 'istiod-values.yaml'), Yaml.stringify(istio.istiodHelmValues()));
  fs.writeFileSync(path.join(helm, 'istio-ingressgateway-values.yaml'), Yaml.stringify(istio.gatewayHelmValues('istio-ingressgateway')));
  fs.writeFileSync(path.join(outdir, 'exchange-bundles.sh'), exchangeScript(a.spire, b.spire), { mode: 0o755 });
}

/** The out-of-band bootstrap: each server's bundle, loaded into the other. */
function exchangeScript(a: Spire, b: Spire): string {
  // Each command runs against its own cluster's kubeconfig context.
  const inContext = (command: string, context: string) => command.replace(/^kubectl /, `kubectl --context "$${context}" `);
  const step = (from: Spire, fromContext: string, to: Spire, toContext: string, variable: string) => [
    `# ${from.trustDomain} -> ${to.trustDomain}`,
    `${variable}=$(${inContext(from.bundleShowCommand(), fromContext)})`,
    `printf '%s\\n' "$${variable}" | ${inContext(to.bundleSetCommand(from.trustDomain), toContext)}`,
  ];
  return [
    '#!/bin/sh',
    '# Generated by examples/federation. Run once, after both SPIRE servers are Ready and',
    '# before the spire-identities files are applied: it loads each trust domain\'s bundle',
    '# into the other server, so each can authenticate the other\'s https_spiffe endpoint.',
    'set -eu',
    'CONTEXT_A="${CONTEXT_A:-cluster-a}"',
    'CONTEXT_B="${CONTEXT_B:-cluster-b}"',
    ...step(a, 'CONTEXT_A', b, 'CONTEXT_B', 'bundle_a'),
    ...step(b, 'CONTEXT_B', a, 'CONTEXT_A', 'bundle_b'),
    '',
  ].join('\n');
}
