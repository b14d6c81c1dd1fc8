// The engine-free half of SpireMesh. Imports the modules directly, not
// 'cdk8s-spire/pulumi', so this file never loads the Pulumi SDK.
import { expectedStages, FEDERATIONS, ISTIO, REGISTRATIONS, TEMPLATE } from './expected';
import { nameConfigMapsByContent } from '../../src/pulumi/content-named-config-maps';
import { checkPulumiDependencies } from '../../src/pulumi/dependencies';
import { buildSpireMeshManifests, type ManifestObject } from '../../src/pulumi/manifests';
import { errorOf } from '../util/errors';
import { LogLevel } from 'cdk8s-spire';

const BASE = { trustDomain: 'example.org', clusterName: 'demo-cluster' };


describe('buildSpireMeshManifests', () => {
  test('splits what cdk8s synthesizes into the deployment stages', () => {
    const manifests = buildSpireMeshManifests({ ...BASE, registrations: REGISTRATIONS });
    expect(manifests).toEqual({ ...expectedStages(BASE, REGISTRATIONS), trustDomain: 'example.org', serverNamespace: 'spire-server' });
    expect(manifests.crds.map(o => o.metadata.name)).toEqual([
      'clusterspiffeids.spire.spiffe.io', 'clusterfederatedtrustdomains.spire.spiffe.io', 'clusterstaticentries.spire.spiffe.io',
    ]);
    expect(manifests.namespaces.map(o => o.metadata.name)).toEqual(['spire-server', 'spire-system']);
    expect(manifests.serverStatefulSet).toMatchObject({ kind: 'StatefulSet', metadata: { name: 'spire-server', namespace: 'spire-server' } });
    expect(manifests.spire.some(o => o.kind === 'Namespace' || o.kind === 'StatefulSet')).toBe(false);
    // Linked to the mesh's Spire: className stamped; the unnamed one named from its construct path.
    expect(manifests.registrations.map(o => [o.metadata.name, (o.spec as any).className])).toEqual([
      ['default', 'spire-server-spire'], ['payments', 'spire-server-spire'], [expect.stringMatching(/^spire-identities-billing-/), 'spire-server-spire'],
    ]);
  });

  test('passes every Spire option through', () => {
    const props = { ...BASE, serverNamespace: 'mesh-a', systemNamespace: 'mesh-a-system', createNamespaces: false, server: { storageClassName: 'fast-ssd' } };
    const manifests = buildSpireMeshManifests(props);
    expect(manifests).toEqual({ ...expectedStages(props), trustDomain: 'example.org', serverNamespace: 'mesh-a' });
    expect(manifests.namespaces).toEqual([]);
    expect(manifests.serverStatefulSet).toMatchObject({ metadata: { namespace: 'mesh-a' }, spec: { volumeClaimTemplates: [{ spec: { storageClassName: 'fast-ssd' } }] } });
    expect(manifests.registrations).toEqual([]);
  });

  test('throws the constructs\' validation errors', () => {
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, trustDomain: 'Example.org' })))
      .toMatch(/^spire\/spire \(Spire\): trustDomain "Example.org" must be lowercase/);
    expect(errorOf(() => buildSpireMeshManifests({
      ...BASE, registrations: [{ id: 'x', spiffeIdTemplate: 'spiffe://other.org/x', podSelector: { matchLabels: { app: 'x' } } }],
    }))).toMatch(/^spire-identities\/x \(ClusterSpiffeId\): spiffeIdTemplate "spiffe:\/\/other.org\/x" has the literal trust domain "other.org", not "example.org"/);
  });

  test('rejects duplicate registration ids', () => {
    const registrations = [
      { id: 'web', spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'web' } } },
      { id: 'api', spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'api' } } },
      { id: 'web', spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: 'web2' } } },
    ];
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, registrations })))
      .toBe('SpireMesh: registrations[2].id "web" is already used by registrations[0]; ids are construct ids in one chart '
        + '(and the default Kubernetes names derive from them). Fix: give every registration and federated trust domain a distinct id.');
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, registrations: registrations.slice(0, 1), federatedTrustDomains: [{ ...FEDERATIONS[0], id: 'web' }] })))
      .toMatch(/^SpireMesh: federatedTrustDomains\[0\]\.id "web" is already used by registrations\[0\]/);
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, registrations: [{ ...registrations[0], id: 'istio' }], istio: {} })))
      .toMatch(/^SpireMesh: istio \(the integration's own id\)\.id "istio" is already used by registrations\[0\]/);
  });

  test('with istio: the mesh registrations and federations join the registrations stage, and the Istio values are returned', () => {
    const manifests = buildSpireMeshManifests({ ...BASE, registrations: REGISTRATIONS, federatedTrustDomains: FEDERATIONS, istio: ISTIO });
    const expected = expectedStages(BASE, REGISTRATIONS, FEDERATIONS, ISTIO);
    expect(manifests.registrations).toEqual(expected.registrations);
    expect(manifests.registrations.map(o => `${o.kind}/${o.metadata.name}`).slice(REGISTRATIONS.length)).toEqual([
      'ClusterFederatedTrustDomain/partner', 'ClusterSPIFFEID/istio-sidecar-reg', 'ClusterSPIFFEID/istio-ingressgateway-reg', 'ClusterSPIFFEID/istio-egressgateway-reg',
    ]);
    expect(manifests.istio).toEqual(expected.istio);
    expect(Object.keys(manifests.istio!.gatewayHelmValues)).toEqual(['istio-ingressgateway', 'istio-egressgateway']);
    // Federation through Istio changes the agent's SDS names in the SPIRE stage too.
    const agentConf = JSON.parse((manifests.configMaps.find(o => o.metadata.name.startsWith('spire-agent-')) as any).data['agent.conf']);
    expect(agentConf.agent.sds.default_all_bundles_name).toBe('ROOTCA');
    expect(manifests.spire).toEqual(expected.spire);
  });

  test('istio federation needs the federated trust domains', () => {
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, istio: ISTIO })))
      .toMatch(/spire-identities\/istio \(IstioIntegration\): federatesWith\[0\] "partner\.example\.com" has no ClusterFederatedTrustDomain/);
  });

  test('without istio there are no Istio values', () => {
    expect(buildSpireMeshManifests(BASE).istio).toBeUndefined();
  });

  test('rejects two objects with the same kind and name', () => {
    const registrations = ['web', 'api'].map(id => ({ id, spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { app: id } }, metadata: { name: 'same' } }));
    expect(errorOf(() => buildSpireMeshManifests({ ...BASE, registrations })))
      .toBe('SpireMesh: two objects are ClusterSPIFFEID.spire.spiffe.io same. Fix: give each registration its own metadata.name.');
  });
});

describe('a config change under Pulumi', () => {
  const volumesOf = (o: ManifestObject): Record<string, string> => Object.fromEntries(((o as any).spec.template.spec.volumes ?? [])
    .filter((v: any) => v.configMap).map((v: any) => [v.name, v.configMap.name]));
  const agentOf = (m: ReturnType<typeof buildSpireMeshManifests>): ManifestObject => m.spire.find(o => o.kind === 'DaemonSet' && o.metadata.name === 'spire-agent')!;

  test('the mounted ConfigMaps move to their own stage, named after their content; the bundle ConfigMap stays as SPIRE expects it', () => {
    const manifests = buildSpireMeshManifests(BASE);
    expect(manifests.configMaps.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      expect.stringMatching(/^spire-server\/spire-controller-manager-[0-9a-f]{10}$/),
      expect.stringMatching(/^spire-server\/spire-server-[0-9a-f]{10}$/),
      expect.stringMatching(/^spire-system\/spire-agent-[0-9a-f]{10}$/),
    ]);
    const names = Object.fromEntries(manifests.configMaps.map(o => [o.metadata.name.replace(/-[0-9a-f]{10}$/, ''), o.metadata.name]));
    expect(volumesOf(manifests.serverStatefulSet)).toEqual({ 'spire-config': names['spire-server'], 'controller-manager-config': names['spire-controller-manager'] });
    expect(volumesOf(agentOf(manifests))).toEqual({ 'spire-config': names['spire-agent'], 'spire-bundle': 'spire-bundle' });
    // The bundle ConfigMap: same name, no data (the provider's diff prunes the live data SPIRE writes, so it never changes).
    expect(manifests.spire.filter(o => o.kind === 'ConfigMap')).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'spire-bundle', namespace: 'spire-system' }) }),
    ]);
    expect(manifests.spire.find(o => o.kind === 'ConfigMap')).not.toHaveProperty('data');
  });

  test('server.logLevel DEBUG: a new server ConfigMap beside the old one, the server pod rolls onto it, nothing else changes', () => {
    const before = buildSpireMeshManifests(BASE);
    const after = buildSpireMeshManifests({ ...BASE, server: { logLevel: LogLevel.DEBUG } });
    const byName = (m: typeof before): Map<string, ManifestObject> => new Map(m.configMaps.map(o => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    const [old, changed] = [byName(before), byName(after)];
    // No name on both sides with different data: the provider never plans a ConfigMap replacement.
    for (const [name, o] of changed) if (old.has(name)) expect(o).toEqual(old.get(name));
    const created = [...changed.keys()].filter(name => !old.has(name));
    const deleted = [...old.keys()].filter(name => !changed.has(name));
    expect(created).toEqual([expect.stringMatching(/^spire-server\/spire-server-/)]);
    expect(deleted).toEqual([expect.stringMatching(/^spire-server\/spire-server-/)]);
    expect(JSON.parse((changed.get(created[0]) as any).data['server.conf']).server.log_level).toBe('DEBUG');
    // The StatefulSet's template (not a field the provider replaces a StatefulSet for) follows.
    expect(volumesOf(after.serverStatefulSet)['spire-config']).toBe(created[0].split('/')[1]);
    const { template: beforeTemplate, ...beforeSpec } = (before.serverStatefulSet as any).spec;
    const { template: afterTemplate, ...afterSpec } = (after.serverStatefulSet as any).spec;
    expect(afterSpec).toEqual(beforeSpec);
    expect(afterTemplate).not.toEqual(beforeTemplate);
    // The agents, the CSI driver and everything else stay as they were.
    expect(after.spire).toEqual(before.spire);
    expect(after.namespaces).toEqual(before.namespaces);
  });

  test('the same arguments give the same objects (pulumi up twice changes nothing)', () => {
    const args = { ...BASE, registrations: REGISTRATIONS, server: { logLevel: LogLevel.WARN } };
    expect(buildSpireMeshManifests(args)).toEqual(buildSpireMeshManifests(args));
  });
});

describe('nameConfigMapsByContent', () => {
  const cm = (namespace: string, name: string, data: Record<string, string>): ManifestObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
  const deployment = (namespace: string, spec: any): ManifestObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace }, spec: { template: { spec } },
  });

  test('follows every kind of reference, within the namespace only', () => {
    const objects = [
      cm('a', 'vol', { k: '1' }), cm('a', 'projected', { k: '2' }), cm('a', 'env', { k: '3' }), cm('a', 'env-from', { k: '4' }),
      cm('a', 'unmounted', { k: '5' }), cm('b', 'vol', { k: '6' }),
      deployment('a', {
        volumes: [{ name: 'v', configMap: { name: 'vol' } }, { name: 'p', projected: { sources: [{ configMap: { name: 'projected' } }] } }],
        initContainers: [{ name: 'i', envFrom: [{ configMapRef: { name: 'env-from' } }] }],
        containers: [{ name: 'c', env: [{ name: 'E', valueFrom: { configMapKeyRef: { name: 'env', key: 'k' } } }] }],
      }),
    ];
    const frozen = structuredClone(objects);
    const { configMaps, others, renamed } = nameConfigMapsByContent(objects, new Set());
    expect(objects).toEqual(frozen);
    expect(configMaps.map(o => o.metadata.name)).toEqual(['vol', 'projected', 'env', 'env-from'].map(n => expect.stringMatching(new RegExp(`^${n}-[0-9a-f]{10}$`))));
    expect(others.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap a/unmounted', 'ConfigMap b/vol', 'Deployment a/app']);
    const spec = (others[2] as any).spec.template.spec;
    expect([spec.volumes[0].configMap.name, spec.volumes[1].projected.sources[0].configMap.name,
      spec.initContainers[0].envFrom[0].configMapRef.name, spec.containers[0].env[0].valueFrom.configMapKeyRef.name])
      .toEqual(['a/vol', 'a/projected', 'a/env-from', 'a/env'].map(id => renamed.get(id)));
  });

  test('the name changes with the content only, and kept names stay', () => {
    const mount = deployment('a', { volumes: [{ name: 'v', configMap: { name: 'x' } }] });
    const nameOf = (data: Record<string, string>, labels?: Record<string, string>): string =>
      nameConfigMapsByContent([{ ...cm('a', 'x', data), metadata: { name: 'x', namespace: 'a', labels } }, mount], new Set()).configMaps[0].metadata.name;
    expect(nameOf({ one: '1', two: '2' })).toBe(nameOf({ two: '2', one: '1' }));
    expect(nameOf({ one: '1' }, { tier: 'x' })).toBe(nameOf({ one: '1' }));
    expect(nameOf({ one: '1' })).not.toBe(nameOf({ one: '2' }));
    const kept = nameConfigMapsByContent([cm('a', 'x', { k: '1' }), mount], new Set(['a/x']));
    expect(kept.configMaps).toEqual([]);
    expect(kept.others).toEqual([cm('a', 'x', { k: '1' }), mount]);
  });

  test('refuses a name longer than a ConfigMap may have', () => {
    const long = 'x'.repeat(250);
    expect(errorOf(() => nameConfigMapsByContent([cm('a', long, {}), deployment('a', { volumes: [{ name: 'v', configMap: { name: long } }] })], new Set())))
      .toMatch(/^SpireMesh: ConfigMap a\/x{250} would be named x{250}-[0-9a-f]{10} \(261 characters, at most 253\); this is a bug in cdk8s-spire\.$/);
  });
});

describe('checkPulumiDependencies', () => {
  const resolverWithout = (...missing: string[]) => (request: string): string => {
    if (missing.includes(request)) throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
    return `/node_modules/${request}/index.js`;
  };

  test('says which package is missing and how to install both', () => {
    expect(() => checkPulumiDependencies(resolverWithout('@pulumi/kubernetes'))).toThrow(new Error(
      'cdk8s-spire/pulumi needs @pulumi/kubernetes: npm install @pulumi/pulumi @pulumi/kubernetes '
      + '(supported: @pulumi/pulumi ^3.142.0, @pulumi/kubernetes ^4.10.0). The cdk8s constructs (\'cdk8s-spire\') work without them.'));
    expect(() => checkPulumiDependencies(resolverWithout('@pulumi/pulumi', '@pulumi/kubernetes')))
      .toThrow(/^cdk8s-spire\/pulumi needs @pulumi\/pulumi and @pulumi\/kubernetes: npm install @pulumi\/pulumi @pulumi\/kubernetes /);
  });

  test('passes when both resolve', () => {
    const asked: string[] = [];
    checkPulumiDependencies(request => asked.push(request));
    expect(asked).toEqual(['@pulumi/pulumi', '@pulumi/kubernetes']);
  });
});
