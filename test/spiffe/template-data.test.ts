import { STRING_ROOTS, suggestField, suggestRoot, TEMPLATE_BUILTINS, TEMPLATE_ROOTS } from '../../src/spiffe/template-data';

describe('template data', () => {
  test('lists the controller manager\'s data and Go\'s built-ins', () => {
    expect(TEMPLATE_ROOTS).toEqual(['TrustDomain', 'ClusterName', 'ClusterDomain', 'PodMeta', 'PodSpec', 'NodeMeta', 'NodeSpec']);
    expect(STRING_ROOTS.every((r) => TEMPLATE_ROOTS.includes(r))).toBe(true);
    expect(TEMPLATE_BUILTINS).toHaveLength(19);
    expect(TEMPLATE_BUILTINS).not.toContain('lower');
  });
});

describe('suggestRoot', () => {
  test.each<[string, string | undefined]>([
    ['Pod.Namespace', 'PodMeta.Namespace'],
    ['Pod.name', 'PodMeta.Name'],
    ['Pod', 'PodMeta'],
    ['Pod.ServiceAccountName', 'PodSpec.ServiceAccountName'],
    ['Pod.serviceAccount', 'PodSpec.ServiceAccountName'],
    ['Pod.Containers', 'PodSpec.Containers'],
    ['Node.Name', 'NodeMeta.Name'],
    ['Node.uid', 'NodeMeta.UID'],
    ['Node.PodCIDR', 'NodeSpec.PodCIDR'],
    ['Meta.Name', 'PodMeta.Name'],
    ['Metadata.Labels.app', 'PodMeta.Labels.app'],
    ['ObjectMeta.UID', 'PodMeta.UID'],
    ['Spec.NodeName', 'PodSpec.NodeName'],
    ['Namespace', 'PodMeta.Namespace'],
    ['uid', 'PodMeta.UID'],
    ['Annotations.x', 'PodMeta.Annotations.x'],
    ['ServiceAccount', 'PodSpec.ServiceAccountName'],
    ['serviceAccountName', 'PodSpec.ServiceAccountName'],
    ['NodeName', 'PodSpec.NodeName'],
    ['Cluster', 'ClusterName'],
    ['Domain', 'ClusterDomain'],
    ['trustDomain', 'TrustDomain'],
    ['podmeta.Name', 'PodMeta.Name'],
    ['Foo', undefined],
    ['Foo.Bar', undefined],
  ])('%s → %s', (chain, expected) => {
    expect(suggestRoot(chain.split('.'))?.join('.')).toBe(expected);
  });
});

describe('suggestField', () => {
  test.each<[string, string | undefined]>([
    ['PodMeta.Name', undefined],
    ['PodMeta', undefined],
    ['PodMeta.Labels.app', undefined],
    ['PodMeta.GetName', undefined],
    ['PodMeta.namespace', 'PodMeta.Namespace'],
    ['PodMeta.uid', 'PodMeta.UID'],
    ['PodMeta.labels.app', 'PodMeta.Labels.app'],
    ['PodMeta.ServiceAccountName', 'PodSpec.ServiceAccountName'],
    ['PodMeta.serviceAccount', 'PodSpec.ServiceAccountName'],
    ['PodMeta.NodeName', 'PodSpec.NodeName'],
    ['PodSpec.ServiceAccount', 'PodSpec.ServiceAccountName'],
    ['PodSpec.Namespace', 'PodMeta.Namespace'],
    ['PodSpec.Labels.app', 'PodMeta.Labels.app'],
    ['NodeSpec.Name', 'NodeMeta.Name'],
    ['NodeMeta.ProviderID', 'NodeSpec.ProviderID'],
    ['NodeSpec.podCIDR', 'NodeSpec.PodCIDR'],
    ['NodeSpec.thing', 'NodeSpec.Thing'],
  ])('%s → %s', (chain, expected) => {
    expect(suggestField(chain.split('.'))?.join('.')).toBe(expected);
  });
});
