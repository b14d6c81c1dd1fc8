import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { errorOf, fixture } from '../istio/helpers';
import { validateAll } from '../util/k8s-validator';

const IMAGE = 'ghcr.io/example/app:1.0.0';

test('a cdk8s-plus Deployment gets the CSI volume, a read-only mount and SPIFFE_ENDPOINT_SOCKET', () => {
  const { spire, app } = fixture();
  const chart = new Chart(app, 'apps');
  const d = new kplus.Deployment(chart, 'w', { containers: [{ name: 'app', image: IMAGE }, { name: 'helper', image: IMAGE }] });
  spire.mountWorkloadApi(d);
  const spec = Testing.synth(chart)[0].spec.template.spec;
  expect(spec.volumes).toEqual([{ name: 'spiffe-workload-api', csi: { driver: 'csi.spiffe.io', readOnly: true } }]);
  for (const c of spec.containers) {
    expect(c.volumeMounts).toEqual([{ name: 'spiffe-workload-api', mountPath: '/spiffe-workload-api', readOnly: true }]);
    expect(c.env).toEqual([{ name: 'SPIFFE_ENDPOINT_SOCKET', value: 'unix:///spiffe-workload-api/spire-agent.sock' }]);
  }
  expect(validateAll(Testing.synth(chart))).toEqual([]);
});

test('a raw Deployment keeps its volumes, mounts and env; only the chosen containers change', () => {
  const { spire, app } = fixture({ csiDriver: { driverName: 'c.csi.spiffe.io' }, agent: { socketFileName: 'agent.sock' } });
  const chart = new Chart(app, 'apps');
  const d = new ApiObject(chart, 'web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'web', image: IMAGE, env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }] },
            { name: 'log', image: IMAGE },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
        },
      },
    },
  });
  spire.mountWorkloadApi(d, { containers: ['web'], mountPath: '/run/spiffe', volumeName: 'spiffe' });
  const spec = Testing.synth(chart)[0].spec.template.spec;
  expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: {} }, { name: 'spiffe', csi: { driver: 'c.csi.spiffe.io', readOnly: true } }]);
  expect(spec.containers[0].volumeMounts).toEqual([{ name: 'cache', mountPath: '/cache' }, { name: 'spiffe', mountPath: '/run/spiffe', readOnly: true }]);
  expect(spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'SPIFFE_ENDPOINT_SOCKET', value: 'unix:///run/spiffe/agent.sock' }]);
  expect(spec.containers[1].volumeMounts).toBeUndefined();
  expect(validateAll(Testing.synth(chart))).toEqual([]);
});

test('rejects an unknown container', () => {
  const { spire, app } = fixture();
  const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [{ name: 'app', image: IMAGE }] });
  expect(errorOf(() => spire.mountWorkloadApi(d, { containers: ['sidecar'] })))
    .toMatch(/^spire\/spire \(Spire\): mountWorkloadApi workload "Deployment apps\/w" has no container named "sidecar" \(it has "app"\)\. Fix: list only containers the workload has/);
  // Nothing was changed, so a corrected call still works.
  spire.mountWorkloadApi(d, { containers: ['app'] });
  expect(Testing.synth(Chart.of(d))[0].spec.template.spec.volumes).toHaveLength(1);
});

test('rejects an unknown container of a raw Deployment', () => {
  const { spire, app } = fixture();
  const d = new ApiObject(new Chart(app, 'apps'), 'web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: IMAGE }] } } },
  });
  expect(errorOf(() => spire.mountWorkloadApi(d, { containers: ['app'] })))
    .toMatch(/mountWorkloadApi workload "Deployment web" has no container named "app" \(it has "web"\)\. Fix: /);
  expect(d.toJson().spec.template.spec.volumes).toBeUndefined();
});

test('rejects mounting twice', () => {
  const { spire, app } = fixture();
  const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [{ name: 'app', image: IMAGE }] });
  spire.mountWorkloadApi(d);
  expect(errorOf(() => spire.mountWorkloadApi(d)))
    .toMatch(/mountWorkloadApi workload "Deployment apps\/w" already has a volume named "spiffe-workload-api"\. Fix: mount the Workload API once per workload, or pass a volumeName/);
});

test('rejects a raw Deployment that already has a volume of that name', () => {
  const { spire, app } = fixture();
  const d = new ApiObject(new Chart(app, 'apps'), 'web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: IMAGE }], volumes: [{ name: 'spiffe', emptyDir: {} }] } },
    },
  });
  expect(errorOf(() => spire.mountWorkloadApi(d, { volumeName: 'spiffe' })))
    .toMatch(/mountWorkloadApi workload "Deployment web" already has a volume named "spiffe"\. Fix: .*volumeName/);
});

test('rejects a volume name that is not a DNS label', () => {
  const { spire, app } = fixture();
  const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [{ name: 'app', image: IMAGE }] });
  expect(errorOf(() => spire.mountWorkloadApi(d, { volumeName: 'SPIFFE' })))
    .toMatch(/mountWorkloadApi volumeName "SPIFFE" must be lowercase.*Fix: use a lowercase name such as "spiffe-workload-api"\./);
});

test('rejects a workload-like construct from a cdk8s-plus package it cannot load', () => {
  const { spire, app } = fixture();
  // The shape of a cdk8s-plus workload, but no class of a known package.
  class ForeignWorkload extends Construct {
    public readonly podMetadata = { addAnnotation: () => undefined, addLabel: () => undefined, toJson: () => ({}) };
    public readonly containers = [{ name: 'app', mounts: [], env: { addVariable: () => undefined }, mount: () => undefined }];
    public readonly volumes = [];
  }
  const w = new ForeignWorkload(new Chart(app, 'apps'), 'w');
  expect(errorOf(() => spire.mountWorkloadApi(w)))
    .toMatch(/mountWorkloadApi workload "ForeignWorkload apps\/w" was made by a cdk8s-plus package this library cannot load \(looked for cdk8s-plus-33, .*cdk8s-plus-27\)\. Fix: build the workload with one of those packages/);
});

test('an unexpected cdk8s-plus error still gets the standard message', () => {
  const { spire, app } = fixture();
  const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [{ name: 'app', image: IMAGE }] });
  jest.spyOn(d.containers[0], 'mount').mockImplementation(() => {
    throw new Error('mount rejected');
  });
  expect(errorOf(() => spire.mountWorkloadApi(d)))
    .toMatch(/^spire\/spire \(Spire\): mountWorkloadApi workload "Deployment apps\/w" cannot be changed: mount rejected\. Fix: correct the workload as that error says/);
});

test('rejects a relative mount path', () => {
  const { spire, app } = fixture();
  const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [{ name: 'app', image: IMAGE }] });
  expect(errorOf(() => spire.mountWorkloadApi(d, { mountPath: 'spiffe' }))).toMatch(/mountWorkloadApi mountPath "spiffe" must be an absolute path/);
});
