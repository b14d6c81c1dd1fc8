// The engine-free half of SpireMesh. Imports the modules directly, not
// 'cdk8s-spire/pulumi', so this file never loads the Pulumi SDK.
import { expectedStages, FEDERATIONS, ISTIO, REGISTRATIONS, TEMPLATE } from './expected';
import { checkPulumiDependencies } from '../../src/pulumi/dependencies';
import { buildSpireMeshManifests } from '../../src/pulumi/manifests';
import { errorOf } from '../util/errors';

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
    const agentConf = JSON.parse((manifests.spire.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'spire-agent') as any).data['agent.conf']);
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
