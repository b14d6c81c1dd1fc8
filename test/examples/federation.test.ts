import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthFederationExample } from '../../examples/federation/app';
import { applyToApiServer } from '../util/api-server';
import { readManifests, tempDir } from '../util/files';
import { inject, pilotAgentStartProblem } from '../util/istio-injection';
import { validateAll } from '../util/k8s-validator';
import { refusedFederations } from '../util/spire-federation';
import { configIn, container, find } from '../util/synth';

const outdir = tempDir();
synthFederationExample(outdir);
const side = (name: string) => readManifests(path.join(outdir, name));
const filesA = side('cluster-a');
const filesB = side('cluster-b');
const allA = [...filesA.values()].flat();
const allB = [...filesB.values()].flat();
const script = path.join(outdir, 'exchange-bundles.sh');

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** What one server really serves to partners: trust domain, bundle endpoint port, server ID. */
function served(objects: any[]) {
  const conf = configIn(objects, 'spire-server', 'server.conf');
  const endpoint = conf.server.federation.bundle_endpoint;
  const port = container(find(objects, 'StatefulSet', 'spire-server'), 'spire-server').ports.find((p: any) => p.containerPort === endpoint.port);
  return { trustDomain: conf.server.trust_domain, port: endpoint.port, portName: port.name, profile: Object.keys(endpoint.profile[0])[0] };
}

describe('federation example output', () => {
  test('each cluster\'s files are apart, in apply order, with the exchange script beside them', () => {
    const names = ['0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml', '0003-apps.k8s.yaml'];
    expect([...filesA.keys()]).toEqual(names);
    expect([...filesB.keys()]).toEqual(names);
    expect(fs.readdirSync(outdir).sort()).toEqual(['cluster-a', 'cluster-b', 'exchange-bundles.sh']);
    expect(fs.readdirSync(path.join(outdir, 'cluster-a', 'helm')).sort()).toEqual(['istio-ingressgateway-values.yaml', 'istiod-values.yaml']);
    expect(() => fs.accessSync(script, fs.constants.X_OK)).not.toThrow();
  });

  test.each([
    'cluster-a/0001-spire.k8s.yaml', 'cluster-a/0002-spire-identities.k8s.yaml', 'cluster-a/0003-apps.k8s.yaml',
    'cluster-b/0001-spire.k8s.yaml', 'cluster-b/0002-spire-identities.k8s.yaml', 'cluster-b/0003-apps.k8s.yaml', 'exchange-bundles.sh',
  ])('%s matches its snapshot', file => {
    expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toMatchSnapshot();
  });

  test('every object of both clusters validates (OpenAPI, Gateway API and cert-manager schemas, our CRDs)', () => {
    expect(validateAll(allA)).toEqual([]);
    expect(validateAll(allB)).toEqual([]);
  });

  // The TLSRoute's CRD (Gateway API) is a prerequisite of cluster B, not ours:
  // it is checked against its own schema above and left out here.
  test.each([['cluster-a', allA], ['cluster-b', allB]])('%s applies in the README\'s order with no error and no warning (namespace shop created as it says)', (_name, objects) => {
    const ours = objects.filter(o => o.kind !== 'TLSRoute');
    expect(applyToApiServer(ours, { existingNamespaces: ['default', 'kube-system', 'shop'] })).toEqual({ errors: [], warnings: [] });
  });
});

describe('the two sides agree', () => {
  const cftdOfB = find(allA, 'ClusterFederatedTrustDomain', 'cluster-b.example.org');
  const cftdOfA = find(allB, 'ClusterFederatedTrustDomain', 'cluster-a.example.org');

  test('B\'s resource for A names what A serves: its trust domain, public URL and server ID', () => {
    const a = served(allA);
    const lb = find(allA, 'Service', 'spire-server-federation');
    expect(lb.spec.type).toBe('LoadBalancer');
    expect(lb.spec.ports).toEqual([{ name: 'federation', port: 443, targetPort: a.portName, protocol: 'TCP' }]);
    expect(cftdOfA.spec.trustDomain).toBe(a.trustDomain);
    expect(cftdOfA.spec.bundleEndpointURL).toBe('https://spire-bundle.cluster-a.example.org');
    expect(cftdOfA.spec.bundleEndpointProfile).toEqual({ type: a.profile, endpointSPIFFEID: `spiffe://${a.trustDomain}/spire/server` });
  });

  test('A\'s resource for B names what B serves: its trust domain, TLSRoute host and server ID', () => {
    const b = served(allB);
    const route = find(allB, 'TLSRoute', 'spire-server-federation');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'spire-server', port: b.port }]);
    expect(find(allB, 'Service', 'spire-server').spec.ports).toContainEqual({ name: 'federation', port: b.port, targetPort: b.portName, protocol: 'TCP' });
    expect(cftdOfB.spec.trustDomain).toBe(b.trustDomain);
    expect(cftdOfB.spec.bundleEndpointURL).toBe(`https://${route.spec.hostnames[0]}`);
    expect(cftdOfB.spec.bundleEndpointProfile).toEqual({ type: b.profile, endpointSPIFFEID: `spiffe://${b.trustDomain}/spire/server` });
  });

  test('each resource is reconciled by its own cluster\'s controller manager', () => {
    expect(cftdOfB.spec.className).toBe(configIn(allA, 'spire-controller-manager', 'controller-manager-config.json').className);
    expect(cftdOfA.spec.className).toBe(configIn(allB, 'spire-controller-manager', 'controller-manager-config.json').className);
  });

  // The running system's rule (issue 7): an entry may federate only with a
  // trust domain whose bundle SPIRE holds, i.e. that has a resource in the same
  // cluster carrying a bundle or loaded out of band before the entries.
  test('every registration federates only with trust domains its cluster bootstraps', () => {
    for (const objects of [allA, allB]) {
      const config = configIn(objects, 'spire-controller-manager', 'controller-manager-config.json');
      expect(objects.filter(o => o.kind === 'ClusterSPIFFEID' && o.spec.federatesWith).length).toBeGreaterThan(0);
      expect(refusedFederations(objects, { className: config.className, watchClassless: config.watchClassless ?? false })).toEqual([]);
    }
  });

  test('A\'s enrolled pod, injected with the Helm values, starts and mounts the Spire\'s socket', () => {
    const values = parse(fs.readFileSync(path.join(outdir, 'cluster-a', 'helm', 'istiod-values.yaml'), 'utf8'));
    const payments = allA.find(o => o.kind === 'Deployment' && o.metadata.name.includes('payments'));
    const driver = allA.find(o => o.kind === 'CSIDriver').metadata.name;
    for (const native of [false, true]) {
      const proxy = inject(payments.spec.template.metadata, values, native);
      expect(pilotAgentStartProblem(proxy, driver)).toBeUndefined();
      expect(proxy.socketVolume).toEqual({ name: 'workload-socket', csi: { driver, readOnly: true } });
    }
  });

  test('A\'s Istio proxies validate peers with every bundle (SDS ROOTCA); B\'s workload receives A\'s bundle', () => {
    expect(configIn(allA, 'spire-agent', 'agent.conf').agent.sds).toEqual({ default_svid_name: 'default', default_bundle_name: 'null', default_all_bundles_name: 'ROOTCA' });
    expect(find(allA, 'ClusterSPIFFEID', 'istio-sidecar-reg').spec.federatesWith).toEqual(['cluster-b.example.org']);
    expect(find(allB, 'ClusterSPIFFEID', 'ledger').spec.federatesWith).toEqual(['cluster-a.example.org']);
  });

  test('A\'s OIDC provider announces A\'s jwt_issuer and is exposed at its host', () => {
    const oidc = configIn(allA, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
    expect(oidc.jwt_issuer).toBe(configIn(allA, 'spire-server', 'server.conf').server.jwt_issuer);
    expect(find(allA, 'Ingress', 'spire-oidc-discovery-provider').spec.rules[0].host).toBe(new URL(oidc.jwt_issuer).hostname);
  });
});

// The exchange script run for real, against a stand-in kubectl that plays both
// SPIRE servers: `bundle show` prints that cluster's bundle, `bundle set`
// records what it is given.
describe('exchange-bundles.sh', () => {
  const shells = ['sh', ...(fs.existsSync('/usr/bin/busybox') ? ['busybox sh'] : [])];
  test.each(shells)('moves each bundle to the other cluster under the right trust domain (%s)', shell => {
    const work = tempDir('exchange-');
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'kubectl'), [
      '#!/bin/sh',
      'echo "$*" >> "$WORK/calls"',
      'ctx=""',
      'while [ $# -gt 0 ]; do case "$1" in --context) ctx="$2"; shift 2;; --) shift; break;; *) shift;; esac; done',
      'case "$2 $3" in',
      '  "bundle show") cat "$WORK/$ctx.bundle";;',
      '  "bundle set") for last in "$@"; do :; done; cat > "$WORK/$ctx.set.$(echo "$last" | sed "s#spiffe://##")";;',
      '  *) echo "unexpected: $*" >&2; exit 2;;',
      'esac',
      '',
    ].join('\n'), { mode: 0o755 });
    fs.writeFileSync(path.join(work, 'ctx-a.bundle'), '{"keys":[{"kid":"a"}]}');
    fs.writeFileSync(path.join(work, 'ctx-b.bundle'), '{"keys":[{"kid":"b"}]}');
    const [cmd, ...args] = shell.split(' ');
    execFileSync(cmd, [...args, script], { env: { PATH: `${bin}:${process.env.PATH}`, WORK: work, CONTEXT_A: 'ctx-a', CONTEXT_B: 'ctx-b' } });
    expect(fs.readFileSync(path.join(work, 'ctx-b.set.cluster-a.example.org'), 'utf8')).toBe('{"keys":[{"kid":"a"}]}\n');
    expect(fs.readFileSync(path.join(work, 'ctx-a.set.cluster-b.example.org'), 'utf8')).toBe('{"keys":[{"kid":"b"}]}\n');
    const calls = fs.readFileSync(path.join(work, 'calls'), 'utf8').trim().split('\n');
    const socket = configIn(allA, 'spire-server', 'server.conf').server.socket_path;
    expect(calls).toEqual([
      `--context ctx-a exec -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle show -socketPath ${socket} -format spiffe`,
      `--context ctx-b exec -i -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle set -socketPath ${socket} -format spiffe -id spiffe://cluster-a.example.org`,
      `--context ctx-b exec -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle show -socketPath ${socket} -format spiffe`,
      `--context ctx-a exec -i -n spire-server spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle set -socketPath ${socket} -format spiffe -id spiffe://cluster-b.example.org`,
    ]);
    // The pod and container it execs into are the server's.
    expect(find(allA, 'StatefulSet', 'spire-server').spec.template.spec.containers[0].name).toBe('spire-server');
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('stops at the first failing step (set -e): no half exchange goes unnoticed', () => {
    const work = tempDir('exchange-');
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\necho "$*" >> "$WORK/calls"\nexit 1\n', { mode: 0o755 });
    expect(() => execFileSync('sh', [script], { env: { PATH: `${bin}:${process.env.PATH}`, WORK: work }, stdio: 'pipe' })).toThrow();
    expect(fs.readFileSync(path.join(work, 'calls'), 'utf8').trim().split('\n')).toHaveLength(1);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
