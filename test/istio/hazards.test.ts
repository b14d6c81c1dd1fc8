import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { errorOf, integration } from './helpers';
import { IstioGateway, IstioIntegrationProps, MeshEnrollment, SocketReadiness, SpireProps } from '../../src';

/** Every hazard is a synth-time error naming the construct, the property, the value, the rule and the fix. */
function expectHazard(props: Partial<IstioIntegrationProps>, property: string, rule: RegExp, spireProps: Partial<SpireProps> = {}): void {
  const message = errorOf(() => integration(props, spireProps));
  expect(message).toContain(`identities/istio (IstioIntegration): ${property} `);
  expect(message).toMatch(rule);
  expect(message).toContain('Fix: ');
}

describe('invalid names and values', () => {
  test('a profile Istio does not have', () => {
    expectHazard({ profile: 'production' }, 'profile', /"production" is not an Istio profile \(default, demo, .*\)\. Fix: use one of those profiles, such as "default"\./);
  });

  test('a trust domain that is not valid', () => {
    expectHazard({ trustDomain: 'Example.org' }, 'trustDomain', /must be lowercase.*Fix: drop trustDomain \(it is taken from the Spire\)\./);
  });

  test('an istiod namespace that is not a DNS label', () => {
    expectHazard({ istioNamespace: 'Istio_System' }, 'istioNamespace', /"Istio_System" must be lowercase.*Fix: use a valid namespace name such as "istio-system"\./);
  });

  test('a template name that is not a DNS label', () => {
    expectHazard({ templateName: 'spire.v2' }, 'templateName', /"spire\.v2" contains.*Fix: use a lowercase name such as "spire"\./);
  });

  test('a gateway name that is not a DNS label', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ name: 'Edge' })] }, 'gateway Edge name', /must be lowercase.*Fix: use a lowercase name such as "istio-ingressgateway"\./);
  });

  test('a gateway namespace that is not a DNS label', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ namespace: 'edge_ns' })] }, 'gateway istio-ingressgateway namespace', /"edge_ns" contains.*Fix: use a valid namespace name/);
  });

  test('a gateway service account that is not a DNS subdomain', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ serviceAccountName: 'Edge SA' })] }, 'gateway istio-ingressgateway serviceAccountName',
      /"Edge SA" must be lowercase.*Fix: use a valid ServiceAccount name, or drop serviceAccountName to get "istio-ingressgateway-service-account"\./);
  });

  test('a gateway label value that is not valid', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ labels: { istio: 'ingress gateway' } })] }, 'gateway istio-ingressgateway labels["istio"]',
      /"ingress gateway" contains.*Fix: use a label value such as "ingressgateway"\./);
  });

  test('a gateway label key that is not valid', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ labels: { 'bad key': 'x' } })] }, 'gateway istio-ingressgateway labels key',
      /"bad key" has the name "bad key", which contains .*label key.*Fix: use a label key such as "istio"\./);
  });
});

describe('version gates and hazards', () => {
  test('the ambient profile', () => {
    expectHazard({ profile: 'ambient' }, 'profile', /"ambient" is not supported with SPIRE: ztunnel/);
  });

  test('the openshift-ambient profile', () => {
    expectHazard({ profile: 'openshift-ambient' }, 'profile', /not supported with SPIRE/);
  });

  test('Gateway API gateways before Istio 1.31', () => {
    expectHazard({ gatewayApiGateways: true, istioVersion: '1.30.3' }, 'gatewayApiGateways', /needs Istio 1\.31 or newer.*emptyDir/);
  });

  test('waypoints before Istio 1.31', () => {
    expectHazard({ waypoints: true, istioVersion: '1.30.3' }, 'waypoints', /needs Istio 1\.31 or newer/);
  });

  test('waypoints on Istio 1.31 still need ambient mode', () => {
    expectHazard({ waypoints: true, istioVersion: '1.31.0' }, 'waypoints', /ambient mode, which SPIRE does not support/);
  });

  test('holdApplicationUntilProxyStarts without disable_container_selectors', () => {
    expectHazard({ holdApplicationUntilProxyStarts: true }, 'holdApplicationUntilProxyStarts', /disableContainerSelectors.*forever/);
  });

  test('a gateway label that would change the immutable selector', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ labels: { 'istio': 'ingressgateway', 'spiffe.io/spire-managed-identity': 'true' } })] },
      'gateway istio-ingressgateway labels', /immutable selector/);
  });

  test('a trust domain different from the Spire\'s', () => {
    expectHazard({ trustDomain: 'cluster.local' }, 'trustDomain', /differs from the Spire's trust domain "example\.org"/);
  });

  test('fail-fast on an Istio whose bootstrap ignores the socket file name', () => {
    expectHazard({ socketReadiness: SocketReadiness.failFast(), istioVersion: '1.24.3' }, 'socketReadiness', /1\.23\.6, 1\.24\.4, 1\.26/);
  });

  test('fail-fast with the agent socket under Istio\'s default name', () => {
    expectHazard({ socketReadiness: SocketReadiness.failFast() }, 'socketReadiness', /named "socket"/, { agent: { socketFileName: 'socket' } });
  });

  test('an Istio release older than supported', () => {
    expectHazard({ istioVersion: '1.21.6' }, 'istioVersion', /older than 1\.22\.0/);
  });

  test('an Istio version that is not a release number', () => {
    expectHazard({ istioVersion: '1.30' }, 'istioVersion', /major\.minor\.patch/);
  });

  test('a template name that replaces a built-in template', () => {
    expectHazard({ templateName: 'sidecar' }, 'templateName', /built-in injection templates/);
  });

  test('two gateways with one name', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress(), IstioGateway.ingress({ namespace: 'edge' })] }, 'gateway istio-ingressgateway name', /two gateways/);
  });

  test('a gateway without labels', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ labels: {} })] }, 'gateway istio-ingressgateway labels', /every pod of the namespace/);
  });

  test('a gateway namespace the controller manager ignores', () => {
    expectHazard({ ingressGateways: [IstioGateway.ingress({ namespace: 'edge' })] }, 'gateway namespace', /"edge" is ignored.*\^edge\$/,
      { controllerManager: { ignoreNamespaces: ['kube-system', 'edge'] } });
  });

  test('federating with the mesh\'s own trust domain', () => {
    expectHazard({ federatesWith: ['example.org'] }, 'federatesWith[0]', /own trust domain.*Fix: remove it: list only foreign trust domains\./);
  });

  test('federating with a trust domain that is not valid', () => {
    expectHazard({ federatesWith: ['Partner.example.com'] }, 'federatesWith[0]', /lowercase.*Fix: name the foreign trust domain by its bare lowercase name/);
  });

  test('federating with one trust domain twice', () => {
    expectHazard({ federatesWith: ['partner.example.com', 'partner.example.com'] }, 'federatesWith[1]',
      /"partner\.example\.com" is listed twice \(also at federatesWith\[0\]\)\. Fix: remove the duplicate\./);
  });

  test('federation while the Spire pins conflicting SDS names', () => {
    expectHazard({ federatesWith: ['partner.example.com'] }, 'federatesWith', /"null".*ROOTCA.*"ALL"/,
      { agent: { sds: { defaultAllBundlesName: 'ALL', defaultBundleName: 'default-bundle' } } });
  });

  test('SDS bundle names Envoy never asks for, without federation', () => {
    expectHazard({}, 'spire agent.sds.defaultBundleName', /must be "ROOTCA"/, { agent: { sds: { defaultBundleName: 'bundle', defaultAllBundlesName: 'ROOTCA' } } });
  });

  test('an SVID resource name Envoy never asks for', () => {
    expectHazard({}, 'spire agent.sds.defaultSvidName', /must be "default"/, { agent: { sds: { defaultSvidName: 'svid' } } });
  });
});

test('a federated trust domain without a ClusterFederatedTrustDomain fails synth and names it', () => {
  const { app } = integration({ federatesWith: ['partner.example.com'] });
  expect(() => app.synthYaml()).toThrow(/identities\/istio \(IstioIntegration\): federatesWith\[0\] "partner\.example\.com" has no ClusterFederatedTrustDomain for className "spire-server-spire" in this app.*unable to find federated bundle.*Fix: add new ClusterFederatedTrustDomain/);
});

test('a Sail Istio needs a profile Sail knows', () => {
  const { istio, identities } = integration({ profile: 'minimal' });
  expect(errorOf(() => istio.addSailIstio(identities))).toMatch(/profile "minimal" is not a Sail Operator profile.*Fix: use one of those profiles, or install with istioOperator\(\) or istiodHelmValues\(\) instead\./);
});

test('istioctl cannot give a gateway a custom service account', () => {
  const { istio } = integration({ ingressGateways: [IstioGateway.ingress({ serviceAccountName: 'edge-sa' })] });
  expect(errorOf(() => istio.istioOperator())).toMatch(/serviceAccountName "edge-sa" cannot be set with istioctl.*istio-ingressgateway-service-account/);
  // Helm installs can: the values carry the name.
  expect(istio.gatewayHelmValues('istio-ingressgateway').serviceAccount).toEqual({ name: 'edge-sa' });
});

test('Helm values for a gateway the integration does not know', () => {
  const { istio } = integration();
  expect(errorOf(() => istio.gatewayHelmValues('edge'))).toMatch(/gatewayHelmValues name "edge" is not a gateway of this integration \(it has "istio-ingressgateway"\)/);
});

test('a valid integration synthesizes', () => {
  const { identities } = integration();
  expect(Testing.synth(identities).map(o => o.metadata.name)).toEqual(['istio-sidecar-reg', 'istio-ingressgateway-reg']);
});

describe('enrollment', () => {
  test('every injected pod enrolled cannot be limited to some namespaces', () => {
    expect(errorOf(() => integration({ sidecarNamespaceSelector: { matchLabels: { mesh: 'spire' } } }))).toMatch(
      /identities\/istio \(IstioIntegration\): sidecarNamespaceSelector \{"matchLabels":\{"mesh":"spire"\}\} cannot be combined with MeshEnrollment\.ALL_INJECTED: every injected pod gets the SPIRE socket.*Fix: drop sidecarNamespaceSelector, or set enrollment: MeshEnrollment\.OPT_IN/);
  });

  test('opt-in: an unenrolled workload beside an enrolled one fails synth and names both fixes', () => {
    const { app, istio } = integration({ enrollment: MeshEnrollment.OPT_IN });
    const apps = new Chart(app, 'apps', { namespace: 'shop' });
    istio.enroll(new kplus.Deployment(apps, 'payments', { containers: [{ image: 'payments:1' }] }));
    new kplus.Deployment(apps, 'batch', { containers: [{ image: 'batch:1' }] });
    // Another namespace without enrolled workloads is not the mesh's business.
    new kplus.Deployment(new Chart(app, 'other', { namespace: 'legacy' }), 'old', { containers: [{ image: 'old:1' }] });
    const message = errorOf(() => app.synthYaml());
    expect(message).toMatch(/identities\/istio \(IstioIntegration\): enrollment "opt-in" leaves Deployment shop\/apps-batch-c8[0-9a-f]+ \(apps\/batch\/Resource\) unenrolled beside enrolled workloads: once injected it gets istiod's certificates, which SPIRE-identified pods do not trust.*Fix: call istio\.enroll\(\) on it, annotate its pods sidecar\.istio\.io\/inject: "false", or use MeshEnrollment\.ALL_INJECTED\./);
    expect(message).not.toContain('legacy');
  });

  test('opt-in: enrolled or opted-out neighbours are fine', () => {
    const { app, istio } = integration({ enrollment: MeshEnrollment.OPT_IN });
    const apps = new Chart(app, 'apps', { namespace: 'shop' });
    istio.enroll(new kplus.Deployment(apps, 'payments', { containers: [{ image: 'payments:1' }] }));
    const batch = new kplus.Deployment(apps, 'batch', { containers: [{ image: 'batch:1' }] });
    batch.podMetadata.addAnnotation('sidecar.istio.io/inject', 'false');
    expect(() => app.synthYaml()).not.toThrow();
  });
});
