// Every derived name moved at once (namespaces, cluster and trust domain,
// socket directory and file, CSI driver, className), as the hidden
// variants do: the output must still agree with itself (wiring invariants read
// from the output), apply cleanly, inject cleanly, and the init script must
// still work for real. The examples run through the same checks.
import * as fs from 'fs';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { synthIstioExample } from '../../examples/istio/app';
import { buildQuickstart } from '../../examples/quickstart/app';
import { ClusterSpiffeId, IstioGateway, IstioIntegration, Spire, SpireCrds } from '../../src';
import { applyToApiServer } from '../util/api-server';
import { canRunContainers, runContainer } from '../util/container-run';
import { synthesizedObjects, tempDir } from '../util/files';
import { inject, pilotAgentStartProblem } from '../util/istio-injection';
import { refusedFederations } from '../util/spire-federation';
import { wiringViolations } from '../util/wiring-invariants';

let istio!: IstioIntegration;
const moved = synthesizedObjects(dir => {
  const app = new App({ outdir: dir });
  new SpireCrds(new Chart(app, 'crds'), 'crds');
  const spire = new Spire(new Chart(app, 'spire'), 'spire', {
    trustDomain: 'corp.example.net',
    clusterName: 'prod-eu-1',
    serverNamespace: 'identity-ctl',
    systemNamespace: 'identity-node',
    agent: { socketDirectory: '/var/run/spiffe/sockets', socketFileName: 'agent.sock' },
    csiDriver: { driverName: 'csi.identity.corp.example.net' },
    controllerManager: { className: 'corp-spire' },
  });
  const identities = new Chart(app, 'identities');
  new ClusterSpiffeId(identities, 'web', {
    spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/cluster/{{ .ClusterName }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    podSelector: { matchLabels: { app: 'web' } },
  });
  istio = new IstioIntegration(identities, 'istio', {
    spire,
    istioVersion: '1.30.3',
    istioNamespace: 'mesh-system',
    ingressGateways: [IstioGateway.ingress({ name: 'edge', namespace: 'mesh-edge' })],
  });
  const apps = new Chart(app, 'apps', { namespace: 'web' });
  istio.enroll(new kplus.Deployment(apps, 'web', { containers: [{ image: 'web:1', securityContext: { user: 1000, group: 1000 } }] }));
  spire.mountWorkloadApi(new kplus.Deployment(apps, 'worker', { containers: [{ image: 'worker:1', securityContext: { user: 1000, group: 1000 } }] }));
  app.synth();
});

const variants: Array<[string, any[], string[]]> = [
  ['quickstart', synthesizedObjects(dir => buildQuickstart(dir).synth()), []],
  ['istio example', synthesizedObjects(dir => synthIstioExample(dir)), []],
  ['every derived name moved', moved, ['web']],
];

describe.each(variants)('%s', (_name, objects, appNamespaces) => {
  test('agrees with itself (wiring invariants read from the output)', () => {
    expect(wiringViolations(objects)).toEqual([]);
  });

  test('applies in order with no error and no warning', () => {
    expect(applyToApiServer(objects, { existingNamespaces: ['default', 'kube-system', ...appNamespaces] })).toEqual({ errors: [], warnings: [] });
  });

  test('no registration federates without the bundle', () => {
    const cm = JSON.parse(objects.find(o => o.data?.['controller-manager-config.json']).data['controller-manager-config.json']);
    expect(refusedFederations(objects, { className: cm.className, watchClassless: cm.watchClassless })).toEqual([]);
  });
});

test('moved names reach every consumer', () => {
  const agentConf = JSON.parse(moved.find(o => o.data?.['agent.conf']).data['agent.conf']);
  expect(agentConf.agent.socket_path).toBe('/var/run/spiffe/sockets/agent.sock');
  expect(moved.find(o => o.kind === 'CSIDriver').metadata.name).toBe('csi.identity.corp.example.net');
  expect(moved.filter(o => o.kind === 'ClusterSPIFFEID').map(o => o.spec.className)).toEqual(['corp-spire', 'corp-spire', 'corp-spire']);
});

test('moved names: injected pods start and the gateway values use the moved socket name', () => {
  const values = istio.istiodHelmValues();
  const driver = 'csi.identity.corp.example.net';
  const web = moved.find(o => o.kind === 'Deployment' && o.metadata.name.startsWith('apps-web'));
  const worker = moved.find(o => o.kind === 'Deployment' && o.metadata.name.startsWith('apps-worker'));
  for (const pod of [web, worker]) {
    const proxy = inject(pod.spec.template.metadata, values);
    expect(pilotAgentStartProblem(proxy, driver)).toBeUndefined();
    expect(proxy.env.WORKLOAD_IDENTITY_SOCKET_FILE).toBe('agent.sock');
  }
  expect(pilotAgentStartProblem(inject({ annotations: istio.gatewayHelmValues('edge').podAnnotations }, values), driver)).toBeUndefined();
});

(canRunContainers() ? test : test.skip)('moved names: the init script prepares the moved directory for real', () => {
  const agent = moved.find(o => o.kind === 'DaemonSet' && o.metadata.name === 'spire-agent');
  const init = agent.spec.template.spec.initContainers[0];
  const host = tempDir('host-');
  const run = runContainer(init, { volumes: { [init.volumeMounts[0].name]: host }, pod: agent.spec.template.spec.securityContext });
  expect(run).toMatchObject({ status: 0 });
  expect(fs.readlinkSync(`${host}/socket`)).toBe('agent.sock');
});

test('the invariants see a disagreement planted in the output', () => {
  const broken = JSON.parse(JSON.stringify(moved));
  const csi = broken.find((o: any) => o.kind === 'DaemonSet' && o.metadata.name === 'spiffe-csi-driver');
  const driver = csi.spec.template.spec.containers.find((c: any) => c.args.includes('-plugin-name'));
  driver.args[driver.args.indexOf('-plugin-name') + 1] = 'csi.spiffe.io';
  const agentMap = broken.find((o: any) => o.data?.['agent.conf']);
  const agentConf = JSON.parse(agentMap.data['agent.conf']);
  agentConf.agent.trust_domain = 'example.org';
  agentConf.agent.socket_path = '/run/spire/agent-sockets/agent.sock';
  agentMap.data['agent.conf'] = JSON.stringify(agentConf);
  broken.find((o: any) => o.kind === 'ClusterSPIFFEID').spec.className = 'spire-server-spire';
  expect(wiringViolations(broken)).toEqual([
    '1: agent trust_domain example.org != server corp.example.net',
    expect.stringMatching(/^2: agent socket dir \(host undefined\) and CSI -workload-api-socket-dir \(host \/var\/run\/spiffe\/sockets\) differ/),
    '2: the init container prepares another directory than the agent serves in',
    '3: -plugin-name csi.spiffe.io != CSIDriver csi.identity.corp.example.net',
    expect.stringMatching(/^6: ClusterSPIFFEID\/\S+ className spire-server-spire is not reconciled by className corp-spire$/),
  ]);
});
