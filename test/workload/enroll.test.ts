import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { errorOf, integration } from '../istio/helpers';

const IMAGE = { image: 'ghcr.io/example/app:1.0.0' };

function podTemplate(obj: any): any {
  return obj.spec.template.metadata;
}

describe('IstioIntegration.enroll', () => {
  test.each([
    ['Deployment', (c: Chart) => new kplus.Deployment(c, 'w', { containers: [IMAGE] })],
    ['StatefulSet', (c: Chart) => new kplus.StatefulSet(c, 'w', { containers: [IMAGE], service: new kplus.Service(c, 's', { ports: [{ port: 80 }] }) })],
    ['DaemonSet', (c: Chart) => new kplus.DaemonSet(c, 'w', { containers: [IMAGE] })],
    ['Job', (c: Chart) => new kplus.Job(c, 'w', { containers: [IMAGE] })],
  ])('a cdk8s-plus %s gets the templates annotation and the identity label', (kind, make) => {
    const { istio, app } = integration();
    const chart = new Chart(app, 'apps');
    istio.enroll(make(chart));
    const obj = Testing.synth(chart).find(o => o.kind === kind);
    expect(podTemplate(obj).annotations).toEqual({ 'inject.istio.io/templates': 'sidecar,spire' });
    expect(podTemplate(obj).labels['spiffe.io/spire-managed-identity']).toBe('true');
  });

  test('a raw Deployment keeps its own annotations and labels', () => {
    const { istio, app } = integration({ templateName: 'mesh-id' });
    const chart = new Chart(app, 'apps');
    const deployment = new ApiObject(chart, 'web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: { 'prometheus.io/scrape': 'true' } },
          spec: { containers: [{ name: 'web', ...IMAGE }] },
        },
      },
    });
    istio.enroll(deployment);
    const meta = podTemplate(Testing.synth(chart)[0]);
    expect(meta).toEqual({
      labels: { 'app': 'web', 'spiffe.io/spire-managed-identity': 'true' },
      annotations: { 'prometheus.io/scrape': 'true', 'inject.istio.io/templates': 'sidecar,mesh-id' },
    });
  });

  test('a raw StatefulSet without pod metadata gets it', () => {
    const { istio, app } = integration();
    const chart = new Chart(app, 'apps');
    const sts = new ApiObject(chart, 'db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { spec: { containers: [{ name: 'db', ...IMAGE }] } } },
    });
    istio.enroll(sts);
    expect(podTemplate(Testing.synth(chart)[0])).toEqual({
      annotations: { 'inject.istio.io/templates': 'sidecar,spire' },
      labels: { 'spiffe.io/spire-managed-identity': 'true' },
    });
  });

  test('enrolling twice is harmless', () => {
    const { istio, app } = integration();
    const chart = new Chart(app, 'apps');
    const d = new kplus.Deployment(chart, 'w', { containers: [IMAGE] });
    istio.enroll(d);
    istio.enroll(d);
    expect(podTemplate(Testing.synth(chart)[0]).annotations).toEqual({ 'inject.istio.io/templates': 'sidecar,spire' });
  });

  test('rejects a workload that already picks other templates', () => {
    const { istio, app } = integration();
    const d = new kplus.Deployment(new Chart(app, 'apps'), 'w', { containers: [IMAGE], podMetadata: { annotations: { 'inject.istio.io/templates': 'sidecar,custom' } } });
    expect(errorOf(() => istio.enroll(d))).toMatch(/enroll workload "Deployment apps\/w" already sets inject\.istio\.io\/templates: "sidecar,custom".*Fix: use "sidecar,spire"/);
  });

  test('rejects an object without a pod template', () => {
    const { istio, app } = integration();
    const cm = new ApiObject(new Chart(app, 'apps'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(errorOf(() => istio.enroll(cm))).toMatch(/enroll workload "ConfigMap apps\/cm" is not a workload with a pod template.*Fix: pass the Deployment, StatefulSet, DaemonSet or Job that runs the pods\./);
  });

  test('rejects a construct that is no workload', () => {
    const { istio, app } = integration();
    const chart = new Chart(app, 'apps');
    expect(errorOf(() => istio.enroll(chart))).toMatch(/enroll workload "apps" is neither a cdk8s-plus workload nor an ApiObject/);
  });
});
