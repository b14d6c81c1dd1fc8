// The examples write their identity plan next to their manifests (npm run synth / synth:istio).
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { synthIstioExample } from '../../examples/istio/app';
import { writeIstioIdentityPlan } from '../../examples/istio/identity-plan';
import { buildQuickstart } from '../../examples/quickstart/app';
import { synthQuickstart } from '../../examples/quickstart/synth';
import { IdentityPlan } from '../../src';
import { tempDir } from '../util/files';

const quickstartDir = tempDir();
synthQuickstart(quickstartDir);
const istioDir = tempDir();
synthIstioExample(istioDir);
writeIstioIdentityPlan(istioDir);

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const quickstart = JSON.parse(read(quickstartDir, 'identity-plan.json'));
const istio = JSON.parse(read(istioDir, 'identity-plan.json'));
const ref = (plan: any, r: string) => plan.workloads.find((w: any) => w.ref === r);
/** The SPIFFE IDs a workload's pods receive (masked and failing entries excluded). */
const idsOf = (w: any) => w.entries.filter((e: any) => !e.maskedBy && e.status !== 'error').map((e: any) => e.spiffeId);

afterAll(() => {
  fs.rmSync(quickstartDir, { recursive: true, force: true });
  fs.rmSync(istioDir, { recursive: true, force: true });
});

describe('quickstart identity plan', () => {
  test('is written next to the manifests', () => {
    expect(fs.readdirSync(quickstartDir).sort()).toEqual([
      '0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml', 'identity-plan.json', 'identity-plan.md',
    ]);
  });

  test('follows the controller config the quickstart deploys', () => {
    expect(quickstart.controller).toMatchObject({ trustDomain: 'example.org', clusterName: 'demo-cluster', className: 'spire-server-spire', watchClassless: false });
  });

  test('SPIRE\'s own pods run in ignored namespaces, so get no entries; both registrations wait for app workloads', () => {
    expect(quickstart.workloads.map((w: any) => [w.ref, w.ignoredNamespace, w.entries.length])).toEqual([
      ['StatefulSet/spire-server/spire-server', true, 0],
      ['DaemonSet/spire-system/spire-agent', true, 0],
      ['DaemonSet/spire-system/spiffe-csi-driver', true, 0],
    ]);
    expect(quickstart.findings.map((f: any) => `${f.severity} ${f.rule} ${f.subject}`)).toEqual([
      'info registration-matches-nothing ClusterSPIFFEID/default',
      'info registration-matches-nothing ClusterSPIFFEID/payments',
    ]);
  });

  test('identity-plan.md matches its snapshot', () => {
    expect(read(quickstartDir, 'identity-plan.md')).toMatchSnapshot();
  });

  test('failOnErrors stops synth before anything is written, in the usual message shape', () => {
    const outdir = tempDir();
    const app = buildQuickstart(outdir);
    // An enrolled pod in an ignored namespace: no identity.
    const chart = new Chart(app, 'broken', { namespace: 'spire-system' });
    new ApiObject(chart, 'web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { 'app': 'web', 'spiffe.io/spire-managed-identity': 'true' } }, spec: { containers: [] } } },
    });
    new IdentityPlan(app, 'identity-plan', { failOnErrors: true });
    expect(() => app.synth()).toThrow(
      /identity-plan \(IdentityPlan\): enrolled-without-identity "Deployment\/spire-system\/web" Istio-enrolled workload gets no SPIFFE ID: its namespace "spire-system" matches the controller's ignoreNamespaces.*Fix: move it to a namespace/);
    expect(fs.readdirSync(outdir)).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('an app without a controller config and no spire link is a synth error naming the fix', () => {
    const app = new App({ outdir: tempDir() });
    new IdentityPlan(app, 'plan', { failOnErrors: true });
    expect(() => app.synth()).toThrow(/plan \(IdentityPlan\): spire \(unset\) is needed: the app has no ControllerManagerConfig.*Fix: pass the Spire/);
  });

  test('without failOnErrors the same app synthesizes, and report() still lists the error', () => {
    const app = new App({ outdir: tempDir() });
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new ApiObject(chart, 'web', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [] },
    });
    const plan = new IdentityPlan(app, 'plan', { spire: { trustDomain: 'example.org', clusterName: 'c', className: 'x', watchClassless: false, ignoredNamespacePatterns: [] } as any });
    app.synth();
    expect(plan.report().errorCount).toBe(0);
    expect(plan.report().toJson().workloads[0].ref).toBe('Pod/shop/web');
  });
});

describe('istio identity plan', () => {
  test('is written into dist/istio next to the manifests', () => {
    expect(fs.readdirSync(istioDir).filter(f => f.startsWith('identity-plan'))).toEqual(['identity-plan.json', 'identity-plan.md']);
  });

  test('every enrolled workload has exactly one ID, the one Istio expects', () => {
    const enrolled = istio.workloads.filter((w: any) => w.mesh);
    // batch is injected too (namespace shop, MeshEnrollment.ALL_INJECTED), so its
    // Workload API calls get the same SPIRE identity as its proxy.
    expect(enrolled.map((w: any) => w.ref)).toEqual([
      expect.stringMatching(/^Deployment\/shop\/apps-payments-/),
      expect.stringMatching(/^Deployment\/shop\/apps-batch-/),
      'Deployment/istio-system/istio-ingressgateway',
      'Deployment/istio-system/istio-egressgateway',
    ]);
    for (const w of enrolled) {
      expect(idsOf(w)).toEqual([`spiffe://example.org/ns/${w.namespace}/sa/${w.serviceAccount}`]);
    }
  });

  test('the gateways istioctl creates get theirs, federating with the partner', () => {
    for (const name of ['ingress', 'egress']) {
      const gateway = ref(istio, `Deployment/istio-system/istio-${name}gateway`);
      expect(gateway).toMatchObject({ gateway: true, mesh: true, serviceAccount: `istio-${name}gateway-service-account` });
      expect(gateway.entries).toEqual([expect.objectContaining({
        registration: `ClusterSPIFFEID/istio-${name}gateway-reg`,
        spiffeId: `spiffe://example.org/ns/istio-system/sa/istio-${name}gateway-service-account`,
        selectors: ['k8s:pod-uid:<pod-uid>', 'k8s:ns:istio-system', `k8s:sa:istio-${name}gateway-service-account`],
        federatesWith: ['partner.example.com'],
        parentId: 'spiffe://example.org/spire/agent/k8s_psat/demo-cluster/<node-uid>',
      })]);
    }
  });

  test('has no error or warning findings: every injected and Workload API pod gets an identity', () => {
    expect(istio.summary.error).toBe(0);
    expect(istio.findings.filter((f: any) => f.severity !== 'info').map((f: any) => `${f.severity} ${f.rule} ${f.subject}`)).toEqual([]);
  });

  test('the partner federation has its bootstrap bundle', () => {
    expect(istio.federations).toEqual([expect.objectContaining({ trustDomain: 'partner.example.com', profile: 'https_spiffe', bootstrap: 'spec', reconciled: true })]);
  });

  test('identity-plan.md, with its Mermaid diagram, matches its snapshot', () => {
    const markdown = read(istioDir, 'identity-plan.md');
    expect(markdown).toContain('```mermaid\nflowchart LR');
    expect(markdown).toContain('td0 -- "federates (https_spiffe)" --> td1');
    expect(markdown).toMatchSnapshot();
  });
});
