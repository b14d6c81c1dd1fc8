import { Chart, Testing } from 'cdk8s';
import { SpireCrds } from '../../src/crds';
import {
  CLUSTER_FEDERATED_TRUST_DOMAIN_KIND, CLUSTER_SPIFFE_ID_KIND, CLUSTER_STATIC_ENTRY_KIND, SPIRE_GROUP,
} from '../../src/crds/names';
import { validateKubernetesObject } from '../util/k8s-validator';

function synth(labels?: { [key: string]: string }): any[] {
  const chart = new Chart(Testing.app(), 'spire-crds');
  new SpireCrds(chart, 'crds', { labels });
  return Testing.synth(chart);
}

test('matches the snapshot', () => {
  expect(synth()).toMatchSnapshot();
});

test('emits the three cluster-scoped spire.spiffe.io CRDs', () => {
  const objs = synth();
  expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'CustomResourceDefinition/clusterfederatedtrustdomains.spire.spiffe.io',
    'CustomResourceDefinition/clusterspiffeids.spire.spiffe.io',
    'CustomResourceDefinition/clusterstaticentries.spire.spiffe.io',
  ]);
  for (const crd of objs) {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.spec.group).toBe(SPIRE_GROUP);
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${SPIRE_GROUP}`);
  }
  expect(objs.map((o) => o.spec.names.kind).sort()).toEqual(
    [CLUSTER_FEDERATED_TRUST_DOMAIN_KIND, CLUSTER_SPIFFE_ID_KIND, CLUSTER_STATIC_ENTRY_KIND].sort(),
  );
});

test('every object passes Kubernetes validation', () => {
  for (const crd of synth()) {
    expect({ name: crd.metadata.name, errors: validateKubernetesObject(crd) }).toEqual({
      name: crd.metadata.name,
      errors: [],
    });
  }
});

test('extra labels land on all three CRDs', () => {
  for (const crd of synth({ 'app.kubernetes.io/managed-by': 'cdk8s', 'team': 'platform' })) {
    expect(crd.metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'spire',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'team': 'platform',
    });
  }
});

test('a user label can replace the part-of label', () => {
  for (const crd of synth({ 'app.kubernetes.io/part-of': 'identity' })) {
    expect(crd.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'identity' });
  }
});

test('exposes each CRD with a stable construct id', () => {
  const chart = new Chart(Testing.app(), 'spire-crds');
  const crds = new SpireCrds(chart, 'crds');
  expect(crds.clusterSpiffeIds.node.path).toBe('spire-crds/crds/ClusterSPIFFEID');
  expect(crds.clusterFederatedTrustDomains.node.path).toBe('spire-crds/crds/ClusterFederatedTrustDomain');
  expect(crds.clusterStaticEntries.node.path).toBe('spire-crds/crds/ClusterStaticEntry');
  expect(crds.clusterSpiffeIds.name).toBe('clusterspiffeids.spire.spiffe.io');
  expect(crds.clusterFederatedTrustDomains.name).toBe('clusterfederatedtrustdomains.spire.spiffe.io');
  expect(crds.clusterStaticEntries.name).toBe('clusterstaticentries.spire.spiffe.io');
});
