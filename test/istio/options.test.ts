import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { integration } from './helpers';
import { IstioGateway, LabelSelectorOperator, MeshEnrollment, NativeSidecarMode, SocketReadiness } from '../../src';
import { configIn } from '../util/synth';

const templatesOf = (values: any) => values.sidecarInjectorWebhook.templates;

describe('native sidecars', () => {
  test('before Istio 1.28 the sidecar template patches containers', () => {
    const { istio } = integration({ istioVersion: '1.27.3' });
    expect(istio.nativeSidecars).toBe(NativeSidecarMode.DISABLED);
    const doc = parse(templatesOf(istio.istiodHelmValues()).spire);
    expect(doc.spec.containers[0].name).toBe('istio-proxy');
    expect(doc.spec.initContainers).toBeUndefined();
  });

  test('from Istio 1.28 Istio decides per pod, with its own expression', () => {
    const { istio } = integration({ istioVersion: '1.28.0' });
    expect(istio.nativeSidecars).toBe(NativeSidecarMode.AUTO);
    const template: string = templatesOf(istio.istiodHelmValues()).spire;
    expect(template.split('\n')[0]).toBe('{{- $nativeSidecar := ne (index .ObjectMeta.Annotations `sidecar.istio.io/nativeSidecar` | default (printf "%t" .NativeSidecars)) "false" }}');
    expect(template).toContain('  {{- if $nativeSidecar }}\n  initContainers:\n  {{- else }}\n  containers:\n  {{- end }}\n    - name: istio-proxy');
  });

  test('ENABLED always patches the istio-proxy init container; gateways keep containers', () => {
    const { istio } = integration({ nativeSidecars: NativeSidecarMode.ENABLED });
    const templates = templatesOf(istio.istiodHelmValues());
    expect(parse(templates.spire).spec.initContainers[0].name).toBe('istio-proxy');
    expect(parse(templates['spire-gateway']).spec.containers[0].name).toBe('istio-proxy');
  });
});

describe('version-dependent workarounds', () => {
  test('before Istio 1.27 the templates clear the gateway template\'s emptyDir (emptyDir: null)', () => {
    const { istio } = integration({ istioVersion: '1.26.4' });
    const templates = templatesOf(istio.istiodHelmValues());
    for (const name of ['spire', 'spire-gateway']) {
      expect(parse(templates[name]).spec.volumes[0]).toEqual({ name: 'workload-socket', csi: { driver: 'csi.spiffe.io', readOnly: true }, emptyDir: null });
    }
  });

  test('from Istio 1.27 no workaround is emitted', () => {
    const { istio } = integration({ istioVersion: '1.27.0' });
    expect(parse(templatesOf(istio.istiodHelmValues())['spire-gateway']).spec.volumes[0].emptyDir).toBeUndefined();
  });

  test('an Istio that ignores the socket file override waits for the socket at the exact path the agent serves', () => {
    const { istio } = integration({ istioVersion: '1.24.3' });
    expect(istio.socketReadiness.strategy).toBe('wait-for-socket');
    const values = istio.istiodHelmValues();
    expect(values.meshConfig.defaultConfig).toBeUndefined();
    const wait = parse(templatesOf(values)['spire-gateway']).spec.initContainers[0];
    expect(wait.name).toBe('wait-for-spire-socket');
    expect(wait.env).toEqual([{ name: 'CHECK_FILE', value: '/run/secrets/workload-spiffe-uds/spire-agent.sock' }]);
    expect(wait.volumeMounts).toEqual([{ name: 'workload-socket', mountPath: '/run/secrets/workload-spiffe-uds', readOnly: true }]);
    expect(wait.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    const overlay = istio.istioOperator().spec.components.ingressGateways[0].k8s.overlays[0];
    expect(overlay.patches[2]).toEqual({ path: 'spec.template.spec.initContainers', value: [wait] });
  });

  test('1.24.4 and 1.23.6 fail fast', () => {
    for (const version of ['1.24.4', '1.23.6', '1.25.0']) {
      expect(integration({ istioVersion: version }).istio.socketReadiness.strategy).toBe('fail-fast');
    }
  });

  test('an agent socket named "socket" falls back to waiting, checking that name', () => {
    const { istio } = integration({}, { agent: { socketFileName: 'socket' } });
    expect(istio.socketReadiness.strategy).toBe('wait-for-socket');
    const wait = parse(templatesOf(istio.istiodHelmValues())['spire-gateway']).spec.initContainers[0];
    expect(wait.env[0].value).toBe('/run/secrets/workload-spiffe-uds/socket');
  });

  test('waitForSocket takes its own image', () => {
    const { istio } = integration({ socketReadiness: SocketReadiness.waitForSocket({ image: 'mirror.local/busybox:1.37.0' }) });
    expect(parse(templatesOf(istio.istiodHelmValues())['spire-gateway']).spec.initContainers[0].image).toBe('mirror.local/busybox:1.37.0');
  });
});

describe('derived from the Spire', () => {
  test('a custom CSI driver name reaches every template and overlay', () => {
    const { istio } = integration({}, { csiDriver: { driverName: 'b.csi.spiffe.io' } });
    const templates = templatesOf(istio.istiodHelmValues());
    expect(templates.spire).toContain('driver: b.csi.spiffe.io');
    expect(parse(templates['spire-gateway']).spec.volumes[0].csi.driver).toBe('b.csi.spiffe.io');
    expect(istio.istioOperator().spec.components.ingressGateways[0].k8s.overlays[0].patches[0].value.csi.driver).toBe('b.csi.spiffe.io');
  });

  test('a custom socket name reaches the proxies that get the socket, and nothing mesh-wide', () => {
    const { istio } = integration({}, { agent: { socketFileName: 'agent.sock' } });
    const values = istio.istiodHelmValues();
    expect(values.meshConfig.defaultConfig).toBeUndefined();
    expect(values.sidecarInjectorWebhook.templates['spire-gateway']).toContain('name: WORKLOAD_IDENTITY_SOCKET_FILE\n          value: agent.sock');
    expect(values.sidecarInjectorWebhook.templates.spire).toContain('name: WORKLOAD_IDENTITY_SOCKET_FILE\n          value: agent.sock');
    expect(istio.istioOperator().spec.components.ingressGateways[0].k8s.env).toEqual([{ name: 'WORKLOAD_IDENTITY_SOCKET_FILE', value: 'agent.sock' }]);
  });

  test('waiting for the socket sets no socket file name anywhere', () => {
    const { istio } = integration({ socketReadiness: SocketReadiness.waitForSocket() });
    expect(JSON.stringify([istio.istiodHelmValues(), istio.istioOperator()])).not.toContain('WORKLOAD_IDENTITY_SOCKET_FILE');
  });

  test('without federation the agent keeps SPIRE\'s SDS names', () => {
    const { spire } = integration();
    expect(configIn(Testing.synth(spire.node.scope as any), 'spire-agent', 'agent.conf').agent.sds).toBeUndefined();
  });
});

describe('gateways and registrations', () => {
  test('gateways in their own namespace, with their own labels', () => {
    const gateway = IstioGateway.ingress({ name: 'edge-gateway', namespace: 'edge', labels: { app: 'edge-gateway' } });
    const { istio, identities } = integration({ ingressGateways: [gateway], egressGateways: [IstioGateway.egress()] });
    const iop = istio.istioOperator();
    expect(iop.spec.components.ingressGateways[0]).toMatchObject({ name: 'edge-gateway', namespace: 'edge', label: { app: 'edge-gateway' } });
    expect(iop.spec.components.egressGateways[0]).toMatchObject({ name: 'istio-egressgateway', label: { istio: 'egressgateway' } });
    expect(istio.gatewayHelmValues('edge-gateway')).toEqual({
      podAnnotations: { 'inject.istio.io/templates': 'gateway,spire-gateway' },
      labels: { app: 'edge-gateway' },
      serviceAccount: { name: 'edge-gateway-service-account' },
    });
    const regs = Testing.synth(identities);
    expect(regs.find(r => r.metadata.name === 'edge-gateway-reg').spec).toMatchObject({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { app: 'edge-gateway' } },
      workloadSelectorTemplates: ['k8s:ns:edge', 'k8s:sa:edge-gateway-service-account'],
    });
  });

  test('no gateways at all', () => {
    const { istio, identities } = integration({ ingressGateways: [] });
    expect(istio.istioOperator().spec.components).toEqual({});
    expect(Testing.synth(identities).map(r => r.metadata.name)).toEqual(['istio-sidecar-reg']);
  });

  test('sidecar registrations limited to some namespaces (opt-in enrollment only)', () => {
    const selector = { matchExpressions: [{ key: 'mesh', operator: LabelSelectorOperator.EXISTS }] };
    const { identities, istio } = integration({ sidecarNamespaceSelector: selector, enrollment: MeshEnrollment.OPT_IN });
    expect(Testing.synth(identities)[0].spec.namespaceSelector).toEqual({ matchExpressions: [{ key: 'mesh', operator: 'Exists' }] });
    expect(istio.istiodHelmValues().sidecarInjectorWebhook.defaultTemplates).toBeUndefined();
  });

  test('every injected pod gets the SPIRE template by default (the whole mesh shares one trust root)', () => {
    const { istio } = integration();
    expect(istio.enrollment).toBe(MeshEnrollment.ALL_INJECTED);
    expect(istio.istiodHelmValues().sidecarInjectorWebhook.defaultTemplates).toEqual(['sidecar', 'spire']);
    expect(istio.istioOperator().spec.values.sidecarInjectorWebhook.defaultTemplates).toEqual(['sidecar', 'spire']);
  });

  test('Gateway API gateways from Istio 1.31 get a registration', () => {
    const { identities } = integration({ istioVersion: '1.31.0', gatewayApiGateways: true });
    const reg = Testing.synth(identities).find(r => r.metadata.name === 'istio-gateway-api-reg');
    expect(reg.spec.podSelector).toEqual({ matchLabels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller' } });
  });

  test('a custom template name and istiod namespace', () => {
    const { istio } = integration({ templateName: 'workload-identity', istioNamespace: 'mesh' });
    expect(Object.keys(templatesOf(istio.istiodHelmValues()))).toEqual(['workload-identity', 'workload-identity-gateway']);
    const iop = istio.istioOperator();
    expect(iop.metadata.namespace).toBe('mesh');
    expect(iop.spec.namespace).toBe('mesh');
    expect(istio.sailIstio().spec.namespace).toBe('mesh');
    expect(istio.gatewayHelmValues('istio-ingressgateway').podAnnotations['inject.istio.io/templates']).toBe('gateway,workload-identity-gateway');
  });

  test('the Sail resource carries the version and the istiod values', () => {
    const { istio } = integration({ istioVersion: '1.29.6' });
    expect(istio.sailIstio()).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: { version: 'v1.29.6', namespace: 'istio-system', values: istio.istiodHelmValues() },
    });
  });

  test('values are fresh copies', () => {
    const { istio } = integration();
    istio.istiodHelmValues().meshConfig.trustDomain = 'changed';
    expect(istio.istiodHelmValues().meshConfig.trustDomain).toBe('example.org');
  });
});
