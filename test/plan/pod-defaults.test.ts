// API defaulting (kubernetes/kubernetes pkg/apis/core/v1/defaults.go) and Go pointers in the
// pod the controller manager's templates read.
import { controllerSettings } from '../../src/plan/controller-settings';
import type { KubeObject } from '../../src/plan/model';
import { planIdentities } from '../../src/plan/planner';
import { defaultPodSpec, defaultPullPolicy } from '../../src/plan/pod-defaults';

describe('defaultPullPolicy (SetDefaults_Container, pkg/util/parsers ParseImageName)', () => {
  test.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef', 'IfNotPresent'], // a digest and no tag: not "latest"
    ['nginx:1.27@sha256:0123456789abcdef', 'IfNotPresent'],
    ['registry.local:5000/tools/shell', 'Always'], // ":5000" is the registry's port
    ['registry.local:5000/tools/shell:2', 'IfNotPresent'],
  ])('%s -> %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

test('defaultPodSpec keeps what the manifest sets', () => {
  const spec = defaultPodSpec({ restartPolicy: 'Never', terminationGracePeriodSeconds: 5, enableServiceLinks: false, containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Never', ports: [{ containerPort: 53, protocol: 'UDP' }] }] });
  expect(spec).toMatchObject({ restartPolicy: 'Never', terminationGracePeriodSeconds: 5, enableServiceLinks: false, dnsPolicy: 'ClusterFirst' });
  expect(spec.containers[0]).toMatchObject({ imagePullPolicy: 'Never', terminationMessagePath: '/dev/termination-log', ports: [{ containerPort: 53, protocol: 'UDP' }] });
});

describe('pointer fields, as text/template and fmt treat them', () => {
  const settings = controllerSettings({ trustDomain: 'example.org', clusterName: 'demo', className: 'c' }, 'test');
  if (typeof settings === 'string') throw new Error(settings);
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: { app: 'p' } },
    spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'c', image: 'x:1' }] },
  };
  const entryOf = (template: string) => {
    const registration: KubeObject = { kind: 'ClusterSPIFFEID', metadata: { name: 'r' }, spec: { className: 'c', spiffeIDTemplate: `spiffe://example.org/x/${template}` } };
    return planIdentities([pod, registration], settings).workloads[0].entries[0];
  };

  test('a field is read through a pointer (exec.go evalField)', () => {
    expect(entryOf('{{ .PodSpec.SecurityContext.RunAsUser }}')).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/x/1000' });
  });

  test('print and println get the pointer: an address', () => {
    expect(entryOf('{{ print .PodSpec.TerminationGracePeriodSeconds }}')).toMatchObject({ status: 'rendered', spiffeId: 'spiffe://example.org/x/<address>' });
  });

  test('comparing a pointer with a number fails the template (funcs.go eq: incompatible types)', () => {
    expect(entryOf('{{ if eq .PodSpec.TerminationGracePeriodSeconds 30 }}a{{ end }}')).toMatchObject({ status: 'error', failedAt: 'controller' });
  });

  test('printf of a pointer to a struct is not modelled: unknown', () => {
    expect(entryOf('{{ printf "%v" .PodSpec.SecurityContext }}')).toMatchObject({ status: 'unknown' });
  });
});
