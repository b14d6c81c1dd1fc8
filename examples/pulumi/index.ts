import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { IstioGateway, LabelSelectorOperator } from 'cdk8s-spire';
import { SpireMesh } from 'cdk8s-spire/pulumi';

// SPIRE for trust domain example.org on cluster demo-cluster, with the quick
// start's two identities, deployed by `pulumi up`.

const config = new pulumi.Config();

const ISTIO_VERSION = '1.30.3';

// The cluster to deploy to: `pulumi config set kubeContext <context>`, or the
// kubeconfig's current context.
const provider = new k8s.Provider('cluster', { context: config.get('kubeContext') });

// The Istio-compatible SPIFFE ID shape, rendered by the controller manager per pod.
const spiffeIdTemplate = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

const mesh = new SpireMesh('spire', {
  trustDomain: 'example.org',
  clusterName: 'demo-cluster',
  registrations: [
    {
      // Every pod outside SPIRE's own (default) namespaces, unless a more specific ID matches it.
      id: 'default',
      spiffeIdTemplate,
      fallback: true,
      hint: 'default',
      namespaceSelector: {
        matchExpressions: [{
          key: 'kubernetes.io/metadata.name',
          operator: LabelSelectorOperator.NOT_IN,
          values: ['spire-server', 'spire-system'],
        }],
      },
      metadata: { name: 'default' },
    },
    {
      // The payments pods, with their Services' DNS names in the certificate.
      id: 'payments',
      spiffeIdTemplate,
      podSelector: { matchLabels: { app: 'payments' } },
      autoPopulateDnsNames: true,
      metadata: { name: 'payments' },
    },
  ],
  // Sidecar and ingress-gateway identities, and the values Istio needs.
  istio: { istioVersion: ISTIO_VERSION, ingressGateways: [IstioGateway.ingress()] },
}, { provider });

// Istio after SPIRE: each Release waits for the mesh (and the one before it).
const repositoryOpts = { repo: 'https://istio-release.storage.googleapis.com/charts' };
const base = new k8s.helm.v3.Release('istio-base', {
  chart: 'base', version: ISTIO_VERSION, namespace: 'istio-system', createNamespace: true, repositoryOpts,
}, { provider, dependsOn: [mesh] });
const istiod = new k8s.helm.v3.Release('istiod', {
  chart: 'istiod',
  version: ISTIO_VERSION,
  namespace: 'istio-system',
  repositoryOpts,
  values: mesh.istiodHelmValues,
}, { provider, dependsOn: [mesh, base] });
new k8s.helm.v3.Release('istio-ingressgateway', {
  name: 'istio-ingressgateway',
  chart: 'gateway',
  version: ISTIO_VERSION,
  namespace: 'istio-system',
  repositoryOpts,
  values: mesh.gatewayHelmValues.apply(values => values['istio-ingressgateway']),
}, { provider, dependsOn: [istiod] });

/** The trust domain, e.g. for a federation partner's config. */
export const trustDomain = mesh.trustDomain;
/** Where the SPIRE server runs (`kubectl -n <serverNamespace> exec spire-server-0 -- ...`). */
export const serverNamespace = mesh.serverNamespace;
/** Ready replicas of the SPIRE server, as the provider last saw them. */
export const serverReadyReplicas = mesh.serverStatefulSet.status.readyReplicas;
/** The IstioOperator equivalent, for `istioctl install -f` instead of Helm. */
export const istioOperator = mesh.istioOperator;
