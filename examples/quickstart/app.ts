import { App, Chart } from 'cdk8s';
import { ClusterSpiffeId, LabelSelectorOperator, Spire, SpireCrds, SpireProps } from 'cdk8s-spire';

/**
 * The quick start: SPIRE for trust domain example.org on cluster demo-cluster,
 * in three charts applied in order (CRDs, SPIRE, identities). `overrides`
 * replace Spire options (the tests build variants with it to diff them).
 */
export function buildQuickstart(outdir = 'dist', overrides: Partial<SpireProps> = {}): App {
  const app = new App({ outdir });

  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');

  const chart = new Chart(app, 'spire');
  chart.addDependency(crds);
  const spire = new Spire(chart, 'spire', {
    trustDomain: 'example.org',
    clusterName: 'demo-cluster',
    ...overrides,
  });

  // Applied once the server is Ready: the controller manager's webhook runs in its pod.
  const identities = new Chart(app, 'spire-identities');
  identities.addDependency(chart);

  // Every pod outside SPIRE's own namespaces gets spiffe://example.org/ns/<ns>/sa/<sa>
  // unless a more specific ClusterSPIFFEID matches it.
  new ClusterSpiffeId(identities, 'default', {
    spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    fallback: true,
    hint: 'default',
    namespaceSelector: {
      matchExpressions: [{
        key: 'kubernetes.io/metadata.name',
        operator: LabelSelectorOperator.NOT_IN,
        values: [spire.serverNamespace, spire.systemNamespace],
      }],
    },
    metadata: { name: 'default' },
  });

  // The payments pods get a more specific identity with their service DNS names.
  new ClusterSpiffeId(identities, 'payments', {
    spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    podSelector: { matchLabels: { app: 'payments' } },
    autoPopulateDnsNames: true,
    metadata: { name: 'payments' },
  });

  return app;
}
