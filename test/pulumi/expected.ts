import { createHash } from 'crypto';
import { App, Chart } from 'cdk8s';
import {
  BundleEndpointProfile, ClusterFederatedTrustDomain, ClusterSpiffeId, IstioGateway, IstioIntegration, LabelSelectorOperator,
  Spire, SpireCrds, SpireProps,
} from 'cdk8s-spire';
import type { SpireMeshFederatedTrustDomain, SpireMeshIstioArgs, SpireMeshRegistration } from 'cdk8s-spire/pulumi';

// The expected objects, built straight from the cdk8s constructs in the quick
// start's chart layout (never through the code under test), split the way
// SpireMesh documents its stages.

export const TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** The quick start's two identities, plus one without metadata.name (its name derives from the construct path). */
export const REGISTRATIONS: SpireMeshRegistration[] = [
  {
    id: 'default',
    spiffeIdTemplate: TEMPLATE,
    fallback: true,
    hint: 'default',
    namespaceSelector: {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: LabelSelectorOperator.NOT_IN, values: ['spire-server', 'spire-system'] }],
    },
    metadata: { name: 'default' },
  },
  {
    id: 'payments',
    spiffeIdTemplate: TEMPLATE,
    podSelector: { matchLabels: { app: 'payments' } },
    autoPopulateDnsNames: true,
    metadata: { name: 'payments' },
  },
  { id: 'billing', spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'billing' } } },
];

/** A federation partner for the Istio tests. */
export const FEDERATIONS: SpireMeshFederatedTrustDomain[] = [{
  id: 'partner',
  trustDomain: 'partner.example.com',
  bundleEndpointUrl: 'https://spire-bundle.partner.example.com:8443',
  bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.com/spire/server'),
  bundleLoadedOutOfBand: true,
  metadata: { name: 'partner' },
}];

/** Istio options exercising gateways and federation. */
export const ISTIO: SpireMeshIstioArgs = {
  istioVersion: '1.30.3',
  ingressGateways: [IstioGateway.ingress()],
  egressGateways: [IstioGateway.egress()],
  federatesWith: ['partner.example.com'],
};

/** What each stage must deploy for these options, from a direct cdk8s synth. */
export interface ExpectedStages {
  readonly crds: any[];
  readonly namespaces: any[];
  readonly configMaps: any[];
  readonly spire: any[];
  readonly serverStatefulSet: any;
  readonly registrations: any[];
  readonly istio?: { istiodHelmValues: any; gatewayHelmValues: Record<string, any>; istioOperator: any };
}

export function expectedStages(
  props: SpireProps,
  registrations: SpireMeshRegistration[] = [],
  federations: SpireMeshFederatedTrustDomain[] = [],
  istioArgs?: SpireMeshIstioArgs,
): ExpectedStages {
  const app = new App();
  const crdsChart = new Chart(app, 'spire-crds');
  new SpireCrds(crdsChart, 'crds');
  const spireChart = new Chart(app, 'spire');
  const spire = new Spire(spireChart, 'spire', props);
  const identities = new Chart(app, 'spire-identities');
  for (const { id, ...rest } of registrations) new ClusterSpiffeId(identities, id, { ...rest, spire });
  for (const { id, ...rest } of federations) new ClusterFederatedTrustDomain(identities, id, { ...rest, spire });
  const istio = istioArgs && new IstioIntegration(identities, 'istio', { ...istioArgs, spire });

  const { configMaps, others: spireObjects } = contentNamed(spireChart.toJson());
  const statefulSets = spireObjects.filter(o => o.kind === 'StatefulSet');
  if (statefulSets.length !== 1) throw new Error(`expected one StatefulSet, got ${statefulSets.length}`);
  return {
    crds: crdsChart.toJson(),
    namespaces: spireObjects.filter(o => o.kind === 'Namespace'),
    configMaps,
    spire: spireObjects.filter(o => o.kind !== 'Namespace' && o.kind !== 'StatefulSet'),
    serverStatefulSet: statefulSets[0],
    registrations: identities.toJson(),
    istio: istio && {
      istiodHelmValues: istio.istiodHelmValues(),
      gatewayHelmValues: Object.fromEntries(istio.gatewayNames.map(name => [name, istio.gatewayHelmValues(name)])),
      istioOperator: istio.istioOperator(),
    },
  };
}

/**
 * What SpireMesh makes of cdk8s's ConfigMaps, written out independently: the
 * ConfigMaps a workload mounts as a volume (all ours do), except the bundle
 * ConfigMap SPIRE writes, get `-<10 hex digits of sha256 over their sorted
 * data and binaryData>` appended, and the volumes follow. The hash is pinned
 * here on purpose: changing it renames every ConfigMap and restarts every pod
 * of every existing installation.
 */
export function contentNamed(objects: any[]): { configMaps: any[]; others: any[] } {
  const clone = structuredClone(objects);
  const workloads = clone.filter(o => o.spec?.template?.spec);
  const mounted = new Set(workloads.flatMap(o => (o.spec.template.spec.volumes ?? [])
    .filter((v: any) => v.configMap && v.configMap.name !== 'spire-bundle')
    .map((v: any) => `${o.metadata.namespace}/${v.configMap.name}`)));
  const sorted = (map: Record<string, string> = {}): string[][] => Object.keys(map).sort().map(k => [k, map[k]]);
  const renamed = new Map<string, string>();
  const configMaps = clone.filter(o => o.kind === 'ConfigMap' && mounted.has(`${o.metadata.namespace}/${o.metadata.name}`));
  for (const cm of configMaps) {
    const hash = createHash('sha256').update(JSON.stringify([sorted(cm.data), sorted(cm.binaryData)])).digest('hex').slice(0, 10);
    renamed.set(`${cm.metadata.namespace}/${cm.metadata.name}`, `${cm.metadata.name}-${hash}`);
    cm.metadata.name = `${cm.metadata.name}-${hash}`;
  }
  for (const o of workloads) {
    for (const v of o.spec.template.spec.volumes ?? []) {
      if (v.configMap) v.configMap.name = renamed.get(`${o.metadata.namespace}/${v.configMap.name}`) ?? v.configMap.name;
    }
  }
  return { configMaps, others: clone.filter(o => !configMaps.includes(o)) };
}
