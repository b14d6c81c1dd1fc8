// The istio example's pods, injected the way Istio would inject them with each
// install route's values (test/util/istio-injection.ts): every injected pod
// must be able to start, and get the SPIRE identity its registration gives.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthIstioExample } from '../../examples/istio/app';
import { readManifests, tempDir } from '../util/files';
import { inject, InjectorValues, isInjected, pilotAgentStartProblem } from '../util/istio-injection';
import { find } from '../util/synth';

const outdir = tempDir();
synthIstioExample(outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const all = [...readManifests(outdir).values()].flat();
const iop = readManifests(path.join(outdir, 'istioctl')).get('istio-operator.k8s.yaml')![0];
const sail = readManifests(path.join(outdir, 'sail')).get('istio.k8s.yaml')![0];
const helm = (file: string) => parse(fs.readFileSync(path.join(outdir, 'helm', file), 'utf8'));
const driver = all.find(o => o.kind === 'CSIDriver').metadata.name;
const sidecarSelector = find(all, 'ClusterSPIFFEID', 'istio-sidecar-reg').spec.podSelector.matchLabels;

const routes: Array<[string, InjectorValues]> = [
  ['istioctl', { meshConfig: iop.spec.meshConfig, sidecarInjectorWebhook: iop.spec.values.sidecarInjectorWebhook }],
  ['helm', helm('istiod-values.yaml')],
  ['sail', sail.spec.values],
];

const shop = find(all, 'Namespace', 'shop');
const appPods = all.filter(o => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) && o.metadata.namespace === 'shop')
  .map(o => ({ name: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, metadata: o.spec.template.metadata }));
const gatewayPods = ['istio-ingressgateway', 'istio-egressgateway'].map(name => ({
  name: `Helm gateway ${name}`, metadata: { annotations: helm(`${name}-values.yaml`).podAnnotations, labels: helm(`${name}-values.yaml`).labels },
}));

test('the example has an enrolled and an unenrolled application workload, both injected', () => {
  expect(appPods.map(p => p.name).sort()).toEqual([expect.stringMatching(/^Deployment shop\/apps-batch-/), expect.stringMatching(/^Deployment shop\/apps-payments-/)]);
  for (const pod of appPods) expect(isInjected(pod.metadata, shop.metadata.labels)).toBe(true);
});

describe.each(routes)('injected with the %s values', (_route, values) => {
  test.each([false, true])('every injected pod starts and gets its SPIRE identity (native sidecars: %s)', native => {
    for (const pod of [...appPods, ...gatewayPods]) {
      const proxy = inject(pod.metadata, values, native);
      expect({ pod: pod.name, problem: pilotAgentStartProblem(proxy, driver) }).toEqual({ pod: pod.name, problem: undefined });
      expect(proxy.socketVolume).toEqual({ name: 'workload-socket', csi: { driver, readOnly: true } });
      if (pod.name.startsWith('Helm gateway')) {
        // Gateways have registrations of their own and no sidecar label.
        expect(proxy.templates).toEqual(['gateway', 'spire-gateway']);
        expect(proxy.labels['spiffe.io/spire-managed-identity']).toBeUndefined();
      } else {
        expect(proxy.labels).toMatchObject(sidecarSelector);
      }
    }
  });
});

test('the rule sees the mesh-wide fail-fast setting the issue found killing every unenrolled pod', () => {
  const [, values] = routes[1];
  const before: InjectorValues = {
    meshConfig: { ...values.meshConfig, defaultConfig: { proxyMetadata: { WORKLOAD_IDENTITY_SOCKET_FILE: 'spire-agent.sock' } } },
    sidecarInjectorWebhook: { templates: values.sidecarInjectorWebhook!.templates },
  };
  const batch = appPods.find(p => p.name.includes('batch'))!;
  const problem = pilotAgentStartProblem(inject(batch.metadata, before), driver);
  expect(problem).toMatch(/WORKLOAD_IDENTITY_SOCKET_FILE=spire-agent\.sock but workload-socket is \{"name":"workload-socket","emptyDir":\{\}\}: "agent configured for non-default SDS socket path/);
});
