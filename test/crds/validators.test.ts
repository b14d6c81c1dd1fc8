import { validateCustomResource } from '../util/crd-validator';
import { validateAll, validateKubernetesObject } from '../util/k8s-validator';

function clusterSpiffeId(spec: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'payments' },
    spec: {
      className: 'spire-spire',
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: {
        matchLabels: { app: 'payments' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }],
      },
      namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'Exists' }] },
      dnsNameTemplates: ['{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc'],
      workloadSelectorTemplates: ['k8s:container-name:payments'],
      federatesWith: ['partner.example'],
      ttl: '1h',
      jwtTtl: '5m',
      autoPopulateDNSNames: true,
      fallback: false,
      hint: 'payments',
      ...spec,
    },
  };
}

const federatedTrustDomain = {
  apiVersion: 'spire.spiffe.io/v1alpha1',
  kind: 'ClusterFederatedTrustDomain',
  metadata: { name: 'partner' },
  spec: {
    trustDomain: 'partner.example',
    bundleEndpointURL: 'https://spire.partner.example:8443',
    bundleEndpointProfile: { type: 'https_spiffe', endpointSPIFFEID: 'spiffe://partner.example/spire/server' },
    trustDomainBundle: '{"keys":[]}',
    className: 'spire-spire',
  },
};

const staticEntry = {
  apiVersion: 'spire.spiffe.io/v1alpha1',
  kind: 'ClusterStaticEntry',
  metadata: { name: 'legacy-db' },
  spec: {
    spiffeID: 'spiffe://example.org/legacy/db',
    parentID: 'spiffe://example.org/spire/agent/k8s_psat/demo-cluster/1234',
    selectors: ['unix:uid:1000'],
    x509SVIDTTL: '1h',
    jwtSVIDTTL: '5m',
    dnsNames: ['db.example.org'],
    admin: false,
    downstream: false,
    storeSVID: false,
  },
  status: { rendered: true, masked: false, set: true },
};

describe('validateCustomResource', () => {
  test('accepts realistic objects of all three kinds', () => {
    expect(validateCustomResource(clusterSpiffeId())).toEqual([]);
    expect(validateCustomResource(federatedTrustDomain)).toEqual([]);
    expect(validateCustomResource(staticEntry)).toEqual([]);
  });

  test('reports a missing required field', () => {
    const { spiffeID: _omitted, ...spec } = staticEntry.spec;
    expect(validateCustomResource({ ...staticEntry, spec })).toEqual(['spec: missing required field "spiffeID"']);
  });

  test('reports a wrong type', () => {
    expect(validateCustomResource(clusterSpiffeId({ ttl: 5 }))).toEqual(['spec.ttl: must be string']);
  });

  test('reports an enum violation', () => {
    const obj = {
      ...federatedTrustDomain,
      spec: { ...federatedTrustDomain.spec, bundleEndpointProfile: { type: 'https' } },
    };
    expect(validateCustomResource(obj)).toEqual([
      'spec.bundleEndpointProfile.type: must be one of "https_spiffe", "https_web"',
    ]);
  });

  test('reports an unknown field and suggests the right casing', () => {
    const { spiffeIDTemplate, ...spec } = clusterSpiffeId().spec;
    const obj = { ...clusterSpiffeId(), spec: { ...spec, spiffeIdTemplate: spiffeIDTemplate } };
    expect(validateCustomResource(obj)).toEqual([
      'spec: missing required field "spiffeIDTemplate"',
      'spec: unknown field "spiffeIdTemplate" (did you mean "spiffeIDTemplate"?)',
    ]);
    // Kubernetes would prune it instead; that mode only sees the missing field.
    expect(validateCustomResource(obj, { rejectUnknownFields: false })).toEqual([
      'spec: missing required field "spiffeIDTemplate"',
    ]);
  });

  test('reports unknown fields inside selectors and list items', () => {
    const obj = clusterSpiffeId({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', value: ['x'] }] } });
    expect(validateCustomResource(obj)).toEqual([
      'spec.podSelector.matchExpressions[0]: unknown field "value"',
    ]);
  });

  test('leaves metadata open and rejects foreign kinds and versions', () => {
    expect(validateCustomResource(clusterSpiffeId())).toEqual([]);
    const labelled = { ...clusterSpiffeId(), metadata: { name: 'x', labels: { a: 'b' }, annotations: { c: 'd' } } };
    expect(validateCustomResource(labelled)).toEqual([]);
    expect(validateCustomResource({ ...staticEntry, kind: 'SpiffeID' })).toEqual([
      'kind: no spire.spiffe.io CRD defines kind "SpiffeID"',
    ]);
    expect(validateCustomResource({ ...staticEntry, apiVersion: 'spire.spiffe.io/v1beta1' })).toEqual([
      'apiVersion: must be "spire.spiffe.io/v1alpha1", got "spire.spiffe.io/v1beta1"',
    ]);
  });
});

describe('validateKubernetesObject', () => {
  test('accepts a minimal ConfigMap', () => {
    expect(validateKubernetesObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'spire-bundle', namespace: 'spire-system' },
      data: { 'bundle.crt': '' },
    })).toEqual([]);
  });

  test('rejects a DaemonSet whose containers are a string', () => {
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'spire-agent', namespace: 'spire-system' },
      spec: {
        selector: { matchLabels: { app: 'spire-agent' } },
        template: {
          metadata: { labels: { app: 'spire-agent' } },
          spec: { containers: 'spire-agent' },
        },
      },
    };
    expect(validateKubernetesObject(daemonSet)).toEqual(['spec.template.spec.containers: must be array']);
    expect(validateAll([daemonSet])).toEqual(['DaemonSet/spire-agent: spec.template.spec.containers: must be array']);
  });

  test('delegates spire.spiffe.io objects and refuses kinds it does not know', () => {
    expect(validateKubernetesObject(clusterSpiffeId({ ttl: 5 }))).toEqual(['spec.ttl: must be string']);
    expect(validateKubernetesObject({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'x' } })).toEqual([
      'the validator does not know apiVersion "v1" kind "Endpoints"; add it to test/util/k8s-validator.ts',
    ]);
  });
});
