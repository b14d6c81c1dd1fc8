// The examples' files applied in the README's order to what a kube-apiserver
// checks without a cluster (test/util/api-server.ts): no error, no warning.
import { synthIstioExample } from '../../examples/istio/app';
import { buildQuickstart } from '../../examples/quickstart/app';
import { applyToApiServer, podSecurityViolations, unknownFields } from '../util/api-server';
import { synthesizedObjects } from '../util/files';

const quickstart = synthesizedObjects(dir => buildQuickstart(dir).synth());
const istio = synthesizedObjects(dir => synthIstioExample(dir));

test('quickstart: applies with no error and no warning', () => {
  expect(applyToApiServer(quickstart)).toEqual({ errors: [], warnings: [] });
});

test('istio example: applies with no error and no warning (its apps file creates namespace shop first)', () => {
  expect(applyToApiServer(istio)).toEqual({ errors: [], warnings: [] });
});

describe('the checks see what the API server refuses or warns about', () => {
  const clone = (objects: any[]) => JSON.parse(JSON.stringify(objects));
  const agentOf = (objects: any[]) => objects.find(o => o.kind === 'DaemonSet' && o.metadata.name === 'spire-agent');
  const serverOf = (objects: any[]) => objects.find(o => o.kind === 'StatefulSet');

  test('an unknown field (strict field validation)', () => {
    const objects = clone(quickstart);
    agentOf(objects).spec.template.spec.containers[0].volumeMount = [];
    serverOf(objects).spec.template.spec.securityContext.runAsNonroot = true;
    expect(applyToApiServer(objects).errors).toEqual([
      'StatefulSet/spire-server/spire-server: strict decoding error: unknown field "spec.template.spec.securityContext.runAsNonroot"',
      'DaemonSet/spire-system/spire-agent: strict decoding error: unknown field "spec.template.spec.containers[0].volumeMount"',
    ]);
  });

  test('the CRDs as they were before issue 7', () => {
    const objects = clone(quickstart);
    objects.filter((o: any) => o.kind === 'CustomResourceDefinition')
      .forEach((crd: any) => { crd.spec.versions[0].schema.openAPIV3Schema.properties.metadata.description = 'Standard object metadata.'; });
    expect(applyToApiServer(objects).errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^CustomResourceDefinition\/clusterspiffeids\.spire\.spiffe\.io: .*properties\[metadata\]: Forbidden: must not specify anything other than name and generateName/),
    ]));
  });

  test('registrations before their CRD, objects before their namespace', () => {
    const objects = clone(quickstart).filter((o: any) => o.kind !== 'CustomResourceDefinition' && !(o.kind === 'Namespace' && o.metadata.name === 'spire-system'));
    const { errors } = applyToApiServer(objects);
    expect(errors).toEqual(expect.arrayContaining([
      'ClusterSPIFFEID/default: resource mapping not found: no matches for kind "ClusterSPIFFEID" in version "spire.spiffe.io/v1alpha1"; ensure CRDs are installed first',
      'DaemonSet/spire-system/spire-agent: namespaces "spire-system" not found',
    ]));
  });

  test('a host path in the restricted server namespace (PodSecurity warn and enforce)', () => {
    const objects = clone(quickstart);
    serverOf(objects).spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/var/lib' } });
    const where = 'StatefulSet/spire-server/spire-server';
    expect(applyToApiServer(objects).warnings).toEqual([
      `${where}: pods will be rejected: violates PodSecurity "restricted:latest": hostPath volumes (volumes "host")`,
      `${where}: pods will be rejected: violates PodSecurity "restricted:latest": restricted volume types (volumes "host")`,
      `${where}: would violate PodSecurity "restricted:latest": hostPath volumes (volumes "host")`,
      `${where}: would violate PodSecurity "restricted:latest": restricted volume types (volumes "host")`,
    ]);
  });

  test('the agent pod would violate restricted and baseline, which is why its namespace is privileged', () => {
    const spec = agentOf(quickstart).spec.template.spec;
    expect(podSecurityViolations(spec, 'privileged')).toEqual([]);
    expect(podSecurityViolations(spec, 'baseline')).toEqual(['host namespaces (hostNetwork=true)', 'host namespaces (hostPID=true)', 'hostPath volumes (volumes "spire-agent-socket-dir")']);
  });

  test('a duplicate port and a fractional memory request (pod warnings)', () => {
    const objects = clone(quickstart);
    const containers = serverOf(objects).spec.template.spec.containers;
    containers[1].ports.push({ ...containers[0].ports[0] });
    containers[0].resources.requests.memory = '100m';
    const { warnings } = applyToApiServer(objects);
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/spec\.template\.spec\.containers\[1\]\.ports\[\d\]: duplicate port definition with spec\.template\.spec\.containers\[0\]\.ports\[0\]/),
      'StatefulSet/spire-server/spire-server: spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "100m" is invalid, must be an integer',
    ]));
  });

  test('unknownFields walks lists and maps of models', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { V1PodSpec } = require('@kubernetes/client-node');
    expect(unknownFields({ containers: [{ name: 'a', env: [{ name: 'X', valu: '1' }] }], nodeSelector: { a: 'b' } }, V1PodSpec))
      .toEqual(['containers[0].env[0].valu']);
  });
});
