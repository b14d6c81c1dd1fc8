// SpireMesh under Pulumi's mocks: no CLI, no cluster. The only file that loads
// the Pulumi SDK (~1 s per file), so every engine-level assertion lives here.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { RegisterResourceOutputsRequest, RegisterResourceRequest, RegisterResourceResponse } from '@pulumi/pulumi/proto/resource_pb';
import { expectedStages, FEDERATIONS, ISTIO, REGISTRATIONS } from './expected';
import type * as Example from '../../examples/pulumi/index';
import { IstioGateway, LogLevel } from 'cdk8s-spire';
import { SPIRE_MESH_TYPE, SpireMesh } from 'cdk8s-spire/pulumi';

/**
 * One RegisterResource request as the engine would receive it. The mocks'
 * newResource sees only type, name, inputs and provider; the request also
 * carries parent, dependencies, protect and retainOnDelete, so the test wraps
 * the mock monitor and reads them from the request itself.
 */
interface Registered {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly remote: boolean;
  /** undefined when the program did not set it. */
  readonly protect?: boolean;
  /** undefined when the program did not set it. */
  readonly retainOnDelete?: boolean;
  readonly dependencies: string[];
  /** undefined when the program did not set it. */
  readonly deleteBeforeReplace?: boolean;
  readonly replaceOnChanges: string[];
  /** Provider reference (`<urn>::<id>`) of a custom resource or same-package remote component; '' for the default provider. */
  readonly provider: string;
  urn?: string;
  /** What the mocks' newResource received. */
  inputs?: any;
  mockProvider?: string;
}

type Callback<T> = (error: Error | null, response: T | undefined) => void;
interface MockMonitorLike {
  registerResource(req: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>): unknown;
  registerResourceOutputs(req: RegisterResourceOutputsRequest, callback: Callback<unknown>): unknown;
}

const registered = new Map<string, Registered>();
const registeredOutputs = new Map<string, Record<string, unknown>>();
const key = (type: string, name: string): string => `${type}::${name}`;

void pulumi.runtime.setMocks({
  newResource: args => {
    const entry = registered.get(key(args.type, args.name));
    if (entry) {
      entry.inputs = args.inputs;
      entry.mockProvider = args.provider;
    }
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: args => {
    throw new Error(`unexpected invoke ${args.token}`);
  },
}, 'project', 'stack', false);

const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
  const entry: Registered = {
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent(),
    custom: req.getCustom(),
    remote: req.getRemote(),
    protect: req.hasProtect() ? req.getProtect() : undefined,
    retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
    dependencies: req.getDependenciesList(),
    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
    replaceOnChanges: req.getReplaceonchangesList(),
    provider: req.getProvider(),
  };
  if (registered.has(key(entry.type, entry.name))) throw new Error(`test bug: ${entry.type} ${entry.name} registered twice`);
  registered.set(key(entry.type, entry.name), entry);
  return registerResource(req, (error, response) => {
    if (response) entry.urn = response.getUrn();
    callback(error, response);
  });
};
const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
monitor.registerResourceOutputs = (req, callback) => {
  registeredOutputs.set(req.getUrn(), pulumi.runtime.deserializeProperties(req.getOutputs()!));
  return registerResourceOutputs(req, callback);
};

const CRD_TYPE = 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition';
const GROUP_TYPE = 'kubernetes:yaml/v2:ConfigGroup';
const STS_TYPE = 'kubernetes:apps/v1:StatefulSet';
const CRD_NAMES = ['clusterspiffeids.spire.spiffe.io', 'clusterfederatedtrustdomains.spire.spiffe.io', 'clusterstaticentries.spire.spiffe.io'];
const BASE = { trustDomain: 'example.org', clusterName: 'demo-cluster' };

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise(resolve => output.apply(value => {
    resolve(value);
    return value;
  }));
}

function record(type: string, name: string): Registered {
  const found = registered.get(key(type, name));
  if (!found) throw new Error(`${type} ${name} was not registered; registered: ${[...registered.keys()].join(', ')}`);
  return found;
}

/** Waits until the mesh, every child and the mesh's outputs are registered; returns the mesh's record. */
async function settle(mesh: SpireMesh): Promise<Registered> {
  const urn = await valueOf(pulumi.all([mesh.urn, mesh.namespaces.urn, mesh.configMaps.urn, mesh.spire.urn,
    mesh.serverStatefulSet.urn, mesh.registrations.urn,
    ...mesh.crds.map(crd => crd.urn)]).apply(([meshUrn]) => meshUrn));
  for (let i = 0; i < 200 && !registeredOutputs.has(urn); i++) await new Promise(resolve => setTimeout(resolve, 5));
  return [...registered.values()].find(r => r.urn === urn)!;
}

/** Waits until a resource of that name is registered (for a program whose resource objects the test cannot reach). */
async function settleByName(name: string): Promise<void> {
  for (let i = 0; i < 200 && ![...registered.values()].some(r => r.name === name && r.urn && r.inputs); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

function childrenOf(parent: Registered): Registered[] {
  return [...registered.values()].filter(r => r.parent === parent.urn).sort((a, b) => a.name.localeCompare(b.name));
}

describe('SpireMesh', () => {
  test('registers the component and its stage resources under names prefixed with its own', async () => {
    const mesh = await settle(new SpireMesh('quickstart', { ...BASE, registrations: REGISTRATIONS }));
    expect(mesh).toMatchObject({ type: 'cdk8s-spire:index:SpireMesh', name: 'quickstart', custom: false, remote: false });
    expect(SPIRE_MESH_TYPE).toBe('cdk8s-spire:index:SpireMesh');
    expect(childrenOf(mesh).map(r => [r.type, r.name, r.custom, r.remote])).toEqual([
      [CRD_TYPE, 'quickstart-clusterfederatedtrustdomains.spire.spiffe.io', true, false],
      [CRD_TYPE, 'quickstart-clusterspiffeids.spire.spiffe.io', true, false],
      [CRD_TYPE, 'quickstart-clusterstaticentries.spire.spiffe.io', true, false],
      [GROUP_TYPE, 'quickstart-config', false, true],
      [GROUP_TYPE, 'quickstart-namespaces', false, true],
      [GROUP_TYPE, 'quickstart-registrations', false, true],
      [STS_TYPE, 'quickstart-server', true, false],
      [GROUP_TYPE, 'quickstart-spire', false, true],
    ]);
    expect(record(STS_TYPE, 'quickstart-server').urn)
      .toBe('urn:pulumi:stack::project::cdk8s-spire:index:SpireMesh$kubernetes:apps/v1:StatefulSet::quickstart-server');
  });

  test('each stage deploys exactly what cdk8s synthesizes for the same options', async () => {
    await settle(new SpireMesh('synth', { ...BASE, registrations: REGISTRATIONS }));
    const expected = expectedStages(BASE, REGISTRATIONS);
    expect(CRD_NAMES.map(name => record(CRD_TYPE, `synth-${name}`).inputs)).toEqual(expected.crds);
    expect(record(GROUP_TYPE, 'synth-namespaces').inputs).toEqual({ objs: expected.namespaces });
    expect(record(GROUP_TYPE, 'synth-config').inputs).toEqual({ objs: expected.configMaps });
    expect(record(GROUP_TYPE, 'synth-spire').inputs).toEqual({ objs: expected.spire });
    expect(record(STS_TYPE, 'synth-server').inputs).toEqual(expected.serverStatefulSet);
    expect(record(GROUP_TYPE, 'synth-registrations').inputs).toEqual({ objs: expected.registrations });
    expect(expected.registrations.map(o => o.metadata.name)).toEqual(['default', 'payments', expect.stringMatching(/^spire-identities-billing-/)]);
  });

  test('stages wait for each other: CRDs, then Namespaces, then the mounted ConfigMaps, then SPIRE and the server, then registrations', async () => {
    await settle(new SpireMesh('order', { ...BASE, registrations: REGISTRATIONS }));
    const urn = (type: string, name: string): string => record(type, name).urn!;
    const crds = CRD_NAMES.map(name => urn(CRD_TYPE, `order-${name}`));
    const dependencies = (type: string, name: string): string[] => [...record(type, name).dependencies].sort();
    for (const name of CRD_NAMES) expect(dependencies(CRD_TYPE, `order-${name}`)).toEqual([]);
    expect(dependencies(GROUP_TYPE, 'order-namespaces')).toEqual([...crds].sort());
    const afterNamespaces = [...crds, urn(GROUP_TYPE, 'order-namespaces')].sort();
    expect(dependencies(GROUP_TYPE, 'order-config')).toEqual(afterNamespaces);
    // Every workload waits for the ConfigMaps it mounts: a changed config exists before a pod rolls onto it.
    const afterConfig = [...afterNamespaces, urn(GROUP_TYPE, 'order-config')].sort();
    expect(dependencies(GROUP_TYPE, 'order-spire')).toEqual(afterConfig);
    // Not on the SPIRE group: its Services and agents wait for the server pod (deadlock).
    expect(dependencies(STS_TYPE, 'order-server')).toEqual(afterConfig);
    expect(dependencies(GROUP_TYPE, 'order-registrations')).toEqual([urn(GROUP_TYPE, 'order-spire'), urn(STS_TYPE, 'order-server')].sort());
  });

  test('a config change: the new ConfigMap is a new child, created before the workloads roll; nothing is replaced', async () => {
    const before = await settle(new SpireMesh('day-one', BASE));
    const after = await settle(new SpireMesh('day-two', { ...BASE, server: { logLevel: LogLevel.DEBUG } }));
    // What the provider receives: ConfigGroup children are named <namespace>/<name>, so a new
    // content hash is a new child resource (create), and the old one is no longer registered
    // (deleted by the engine after every create and update of the run).
    const configNames = (mesh: string): string[] => record(GROUP_TYPE, `${mesh}-config`).inputs.objs.map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`);
    const [old, changed] = [configNames('day-one'), configNames('day-two')];
    expect(changed.filter(n => !old.includes(n))).toEqual([expect.stringMatching(/^spire-server\/spire-server-[0-9a-f]{10}$/)]);
    expect(old.filter(n => !changed.includes(n))).toEqual([expect.stringMatching(/^spire-server\/spire-server-[0-9a-f]{10}$/)]);
    const serverConfig = (mesh: string): string => record(STS_TYPE, `${mesh}-server`).inputs.spec.template.spec.volumes
      .find((v: any) => v.name === 'spire-config').configMap.name;
    expect(`spire-server/${serverConfig('day-two')}`).toBe(changed.find(n => !old.includes(n)));
    expect(`spire-server/${serverConfig('day-one')}`).toBe(old.find(n => !changed.includes(n)));
    // The server waits for the group that creates it.
    expect(record(STS_TYPE, 'day-two-server').dependencies).toContain(record(GROUP_TYPE, 'day-two-config').urn);
    // Nothing forces a replacement or a delete-first: the StatefulSet's template change is an in-place
    // update (template is not among the provider's StatefulSet replace fields), its protection unchanged.
    for (const child of [...childrenOf(before), ...childrenOf(after)]) {
      expect([child.name, child.deleteBeforeReplace, child.replaceOnChanges]).toEqual([child.name, undefined, []]);
    }
    expect(record(STS_TYPE, 'day-two-server')).toMatchObject({ protect: true, retainOnDelete: true });
  });

  test('protects exactly the CRDs and the server StatefulSet; protectData: false opts out', async () => {
    const protectedNames = (mesh: Registered, option: 'protect' | 'retainOnDelete'): string[] =>
      childrenOf(mesh).filter(r => r[option] === true).map(r => r.name);
    const byDefault = await settle(new SpireMesh('protected', BASE));
    const expected = ['protected-clusterfederatedtrustdomains.spire.spiffe.io', 'protected-clusterspiffeids.spire.spiffe.io',
      'protected-clusterstaticentries.spire.spiffe.io', 'protected-server'];
    expect(protectedNames(byDefault, 'protect')).toEqual(expected);
    expect(protectedNames(byDefault, 'retainOnDelete')).toEqual(expected);
    expect(byDefault).toMatchObject({ protect: undefined, retainOnDelete: undefined });

    const optedOut = await settle(new SpireMesh('unprotected', { ...BASE, protectData: false }));
    expect(childrenOf(optedOut)).toHaveLength(8);
    expect(protectedNames(optedOut, 'protect')).toEqual([]);
    expect(protectedNames(optedOut, 'retainOnDelete')).toEqual([]);
  });

  test('a provider passed in opts reaches every child', async () => {
    const provider = new k8s.Provider('test-cluster', { kubeconfig: 'unused-under-mocks' });
    const mesh = await settle(new SpireMesh('with-provider', BASE, { provider }));
    const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
    expect(providerRef).toBe('urn:pulumi:stack::project::pulumi:providers:kubernetes::test-cluster::test-cluster-id');
    const children = childrenOf(mesh);
    expect(children).toHaveLength(8);
    for (const child of children) {
      expect([child.name, child.provider, child.mockProvider]).toEqual([child.name, providerRef, providerRef]);
    }
    // Not vacuous: without one, the children use the default provider.
    for (const child of childrenOf(record(SPIRE_MESH_TYPE, 'quickstart'))) expect(child.provider).toBe('');
  });

  test('two meshes side by side do not collide', async () => {
    const meshes = ['mesh-a', 'mesh-b'].map(name => new SpireMesh(name, {
      ...BASE, serverNamespace: name, systemNamespace: `${name}-system`, registrations: REGISTRATIONS,
    }, { provider: new k8s.Provider(`${name}-cluster`, {}) }));
    const [a, b] = await Promise.all(meshes.map(settle));
    const urns = [a, b, ...childrenOf(a), ...childrenOf(b)].map(r => r.urn);
    expect(urns).toHaveLength(18);
    expect(new Set(urns).size).toBe(18);
    // Across everything this file registered, too.
    const everyUrn = [...registered.values()].map(r => r.urn);
    expect(new Set(everyUrn).size).toBe(everyUrn.length);
    expect(await Promise.all(meshes.map(mesh => valueOf(mesh.serverNamespace)))).toEqual(['mesh-a', 'mesh-b']);
    expect(['mesh-a', 'mesh-b'].map(name => record(STS_TYPE, `${name}-server`).inputs.metadata.namespace)).toEqual(['mesh-a', 'mesh-b']);
  });

  test('sets and registers its outputs', async () => {
    const mesh = new SpireMesh('outputs', { ...BASE, serverNamespace: 'spire-control' });
    const registration = await settle(mesh);
    expect(await valueOf(mesh.trustDomain)).toBe('example.org');
    expect(await valueOf(mesh.serverNamespace)).toBe('spire-control');
    expect(registeredOutputs.get(registration.urn!)).toEqual({ trustDomain: 'example.org', serverNamespace: 'spire-control' });
  });

  test('an invalid argument throws the library\'s message and registers nothing', async () => {
    expect(() => new SpireMesh('invalid', { ...BASE, trustDomain: 'Example.org' }))
      .toThrow('spire/spire (Spire): trustDomain "Example.org" must be lowercase');
    expect(() => new SpireMesh('invalid', { ...BASE, registrations: [REGISTRATIONS[0], REGISTRATIONS[0]] }))
      .toThrow('SpireMesh: registrations[1].id "default" is already used by registrations[0]');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect([...registered.values()].filter(r => r.name.startsWith('invalid'))).toEqual([]);
  });

  test('examples/pulumi runs under mocks', async () => {
    // Required here, after setMocks, as `pulumi up` would run the program.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require('../../examples/pulumi/index') as typeof Example;
    expect(await valueOf(example.trustDomain)).toBe('example.org');
    expect(await valueOf(example.serverNamespace)).toBe('spire-server');
    await valueOf(example.serverReadyReplicas);
    await settleByName('spire-registrations');
    const mesh = record(SPIRE_MESH_TYPE, 'spire');
    const provider = record('pulumi:providers:kubernetes', 'cluster');
    const children = childrenOf(mesh);
    expect(children.map(r => r.name)).toEqual([
      'spire-clusterfederatedtrustdomains.spire.spiffe.io', 'spire-clusterspiffeids.spire.spiffe.io', 'spire-clusterstaticentries.spire.spiffe.io',
      'spire-config', 'spire-namespaces', 'spire-registrations', 'spire-server', 'spire-spire',
    ]);
    for (const child of children) expect(child.provider).toBe(`${provider.urn}::cluster-id`);
    expect(record(GROUP_TYPE, 'spire-registrations').inputs.objs.map((o: any) => o.metadata.name))
      .toEqual(['default', 'payments', 'istio-sidecar-reg', 'istio-ingressgateway-reg']);
    const expected = expectedStages(BASE, [], [], { istioVersion: '1.30.3', ingressGateways: [IstioGateway.ingress()] });
    expect(record(GROUP_TYPE, 'spire-spire').inputs.objs).toEqual(expected.spire);

    // Istio is installed with Helm Releases that wait for the mesh, fed from its outputs.
    await settleByName('istio-ingressgateway');
    const release = (name: string): Registered => record('kubernetes:helm.sh/v3:Release', name);
    expect(release('istiod').inputs).toMatchObject({ chart: 'istiod', version: '1.30.3', values: expected.istio!.istiodHelmValues });
    // dependsOn a component means on each of its children: the registrations and the server included.
    const meshChildren = childrenOf(mesh).map(r => r.urn).sort();
    expect(meshChildren).toContain(record(GROUP_TYPE, 'spire-registrations').urn);
    expect(meshChildren).toContain(record(STS_TYPE, 'spire-server').urn);
    expect([...release('istio-base').dependencies].sort()).toEqual(meshChildren);
    expect([...release('istiod').dependencies].sort()).toEqual([...meshChildren, release('istio-base').urn].sort());
    expect(release('istio-ingressgateway').inputs.values).toEqual(expected.istio!.gatewayHelmValues['istio-ingressgateway']);
    expect(release('istio-ingressgateway').dependencies).toEqual([release('istiod').urn]);
    expect(await valueOf(example.istioOperator)).toEqual(expected.istio!.istioOperator);
  });

  test('with istio, the Istio values are outputs', async () => {
    const mesh = new SpireMesh('istio-outputs', { ...BASE, federatedTrustDomains: FEDERATIONS, istio: ISTIO });
    const registration = await settle(mesh);
    const expected = expectedStages(BASE, [], FEDERATIONS, ISTIO).istio!;
    expect(await valueOf(mesh.istiodHelmValues)).toEqual(expected.istiodHelmValues);
    expect(await valueOf(mesh.gatewayHelmValues)).toEqual(expected.gatewayHelmValues);
    expect(await valueOf(mesh.istioOperator)).toEqual(expected.istioOperator);
    expect(registeredOutputs.get(registration.urn!)).toEqual({
      trustDomain: 'example.org', serverNamespace: 'spire-server', ...expected,
    });
  });
});
