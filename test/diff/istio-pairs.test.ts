// SPIRE with Istio (the IstioOperator among the manifests, an enrolled Deployment and one using
// the Workload API directly), diffed with one SPIRE option changed: the identities side by
// side, the Istio settings that must change with the socket or the CSI driver, and the restarts.
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { diff, objectsOf, summary } from './helpers';
import { IstioIntegration, Spire, SpireCrds, SpireProps } from '../../src';

function mesh(overrides: Partial<SpireProps> = {}): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');
  const chart = new Chart(app, 'spire');
  const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster', ...overrides });
  const identities = new Chart(app, 'spire-identities');
  const istio = new IstioIntegration(identities, 'istio', { spire, istioVersion: '1.30.3' });
  istio.addIstioOperator(new Chart(app, 'istioctl'));
  const apps = new Chart(app, 'apps');
  new ApiObject(apps, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
  const payments = new kplus.Deployment(apps, 'payments', {
    metadata: { namespace: 'shop', name: 'payments' },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(apps, 'sa', 'payments'),
    containers: [{ image: 'ghcr.io/example/payments:1.4.2', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
  istio.enroll(payments);
  const batch = new kplus.Deployment(apps, 'batch', {
    metadata: { namespace: 'shop', name: 'batch' },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(apps, 'batch-sa', 'batch'),
    containers: [{ image: 'ghcr.io/example/batch:2.0.0', securityContext: { user: 1000, group: 1000 } }],
  });
  spire.mountWorkloadApi(batch);
  return objectsOf(app);
}

const base = mesh();

test('trust domain: each workload\'s ID before and after, and the Istio restarts in the rollout', () => {
  const data = diff(base, mesh({ trustDomain: 'prod.example.org' }));
  expect(summary(data, ['error'])).toEqual(['error trust-domain-changed ConfigMap/spire-server/spire-server']);
  expect(data.identities.workloads.filter((w) => w.change !== 'unchanged')).toContainEqual({
    workload: 'Deployment/shop/payments',
    before: ['spiffe://example.org/ns/shop/sa/payments'],
    after: ['spiffe://prod.example.org/ns/shop/sa/payments'],
    change: 'changed',
  });
  const istioStep = data.rollout.find((s) => s.title === 'Istio and the workloads holding SVIDs')!;
  expect(istioStep.commands).toEqual(expect.arrayContaining([
    'istioctl install -f <the file with the IstioOperator>',
    'kubectl rollout restart deployment,statefulset,daemonset -n shop',
  ]));
});

test('CSI driver name: the IstioOperator carries the new name; the workloads that mount the driver restart', () => {
  const data = diff(base, mesh({ csiDriver: { driverName: 'csi.example.org' } }));
  const f = data.findings.find((x) => x.rule === 'csi-driver-name-changed')!;
  expect(f.message).toMatch(/Istio's settings that carry it change with it: IstioOperator\/istio-system\/[\w-]+/);
  expect(f.fix).toEqual(expect.arrayContaining([
    expect.stringMatching(/^istioctl install -f <the file with IstioOperator\/istio-system\//),
    'kubectl rollout restart deployment/batch -n shop',
  ]));
});

test('socket file name: Istio\'s proxies look for the file name, so the IstioOperator changes with it', () => {
  const data = diff(base, mesh({ agent: { socketFileName: 'agent.sock' } }));
  const f = data.findings.find((x) => x.rule === 'agent-socket-file-changed')!;
  expect(f.severity).toBe('error');
  expect(f.message).toContain('IstioOperator/istio-system/');
});
