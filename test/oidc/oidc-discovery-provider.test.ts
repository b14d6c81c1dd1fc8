import { App, Chart, Testing } from 'cdk8s';
import { OidcDiscoveryProvider, OidcDiscoveryProviderProps, OidcKeySource, OidcServing, Spire, SpireProps } from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, mountOf, volume } from '../util/synth';

const ISSUER = 'https://oidc.example.org';

function build(props: Partial<OidcDiscoveryProviderProps> = {}, spireProps: Partial<SpireProps> = {}) {
  const app: App = Testing.app();
  const spireChart = new Chart(app, 'spire');
  const spire = new Spire(spireChart, 'spire', { trustDomain: 'example.org', clusterName: 'demo', server: { jwtIssuer: ISSUER }, ...spireProps });
  const identities = new Chart(app, 'identities');
  const oidc = new OidcDiscoveryProvider(identities, 'oidc', { spire, ...props });
  return { spire, oidc, spireObjects: Testing.synth(spireChart), objects: Testing.synth(identities) };
}

function expectError(props: Partial<OidcDiscoveryProviderProps>, property: string, rule: RegExp, spireProps: Partial<SpireProps> = {}): void {
  const message = errorOf(() => build(props, spireProps));
  expect(message).toContain(`identities/oidc (OidcDiscoveryProvider): ${property} `);
  expect(message).toMatch(rule);
}

describe('Workload API source (default)', () => {
  const { spire, oidc, spireObjects, objects } = build({ ingress: { ingressClassName: 'nginx', tlsSecretName: 'oidc-tls' } });
  const config = configIn(objects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
  const deployment = find(objects, 'Deployment', 'spire-oidc-discovery-provider');
  const provider = container(deployment, 'oidc-discovery-provider');

  test('announces exactly the server\'s jwt_issuer, answers its host and the Service names', () => {
    const serverConf = configIn(spireObjects, 'spire-server', 'server.conf');
    expect(config.jwt_issuer).toBe(serverConf.server.jwt_issuer);
    expect(oidc.issuer).toBe(ISSUER);
    expect(config.domains).toEqual(['oidc.example.org', 'spire-oidc-discovery-provider', 'spire-oidc-discovery-provider.spire-oidc', 'spire-oidc-discovery-provider.spire-oidc.svc']);
    expect(config.domains).toContain(new URL(config.jwt_issuer).hostname);
  });

  test('reads the JWT bundle of the Spire\'s trust domain from the agent socket the CSI driver mounts', () => {
    expect(config.workload_api).toEqual({ socket_path: `/spiffe-workload-api/${spire.socketFileName}`, trust_domain: 'example.org' });
    expect(volume(deployment, 'spiffe-workload-api')).toEqual({ name: 'spiffe-workload-api', csi: { driver: spire.csiDriverName, readOnly: true } });
    expect(mountOf(provider, 'spiffe-workload-api')).toEqual({ name: 'spiffe-workload-api', mountPath: '/spiffe-workload-api', readOnly: true });
    expect(provider.args).toEqual(['-config', '/run/spire/oidc-config/oidc-discovery-provider.conf']);
    expect(mountOf(provider, 'spire-oidc-config').mountPath).toBe('/run/spire/oidc-config');
  });

  test('runs under the restricted Pod Security profile in its own restricted namespace, with health probes on the health listener', () => {
    expect(find(objects, 'Namespace', 'spire-oidc').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(deployment.metadata.namespace).toBe('spire-oidc');
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(provider.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(config.health_checks).toEqual({ bind_port: 8008, live_path: '/live', ready_path: '/ready' });
    const health = provider.ports.find((p: any) => p.name === provider.readinessProbe.httpGet.port);
    expect(health.containerPort).toBe(config.health_checks.bind_port);
    expect(provider.readinessProbe.httpGet.path).toBe(config.health_checks.ready_path);
    expect(provider.livenessProbe.httpGet.path).toBe(config.health_checks.live_path);
  });

  test('its ClusterSPIFFEID selects exactly its pods, in its namespace, for the Spire\'s controller', () => {
    const reg = find(objects, 'ClusterSPIFFEID', 'spire-oidc-spire-oidc-discovery-provider');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(Object.entries(reg.spec.podSelector.matchLabels).every(([k, v]) => podLabels[k] === v)).toBe(true);
    expect(reg.spec.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'spire-oidc' } });
    expect(reg.spec.workloadSelectorTemplates).toEqual(['k8s:ns:spire-oidc', `k8s:sa:${deployment.spec.template.spec.serviceAccountName}`]);
    expect(reg.spec.className).toBe(spire.className);
    expect(spire.ignoredNamespacePatterns.some(p => new RegExp(p).test('spire-oidc'))).toBe(false);
    expect(oidc.identity).toBeDefined();
  });

  test('plain HTTP behind the Ingress, which terminates TLS for the issuer host and routes to the Service', () => {
    expect(config.insecure_addr).toBe(':8080');
    expect(provider.ports).toContainEqual({ name: 'oidc-http', containerPort: 8080, protocol: 'TCP' });
    const svc = find(objects, 'Service', 'spire-oidc-discovery-provider');
    expect(svc.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'oidc-http', protocol: 'TCP' }]);
    const ingress = find(objects, 'Ingress', 'spire-oidc-discovery-provider');
    expect(ingress.spec.tls).toEqual([{ hosts: ['oidc.example.org'], secretName: 'oidc-tls' }]);
    expect(ingress.spec.rules[0].host).toBe(new URL(ISSUER).hostname);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: svc.metadata.name, port: { name: 'http' } });
  });

  test('every object validates (OpenAPI, our CRD)', () => {
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('TLS and the server API', () => {
  test('tlsFromSecret serves HTTPS with the Secret\'s files; an Ingress passes TLS through', () => {
    const { objects } = build({ serving: OidcServing.tlsFromSecret('oidc-cert'), ingress: {} });
    const config = configIn(objects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
    expect(config.serving_cert_file).toEqual({ cert_file_path: '/run/spire/oidc-tls/tls.crt', key_file_path: '/run/spire/oidc-tls/tls.key', addr: ':8443' });
    expect(config.insecure_addr).toBeUndefined();
    const deployment = find(objects, 'Deployment', 'spire-oidc-discovery-provider');
    expect(volume(deployment, 'spire-oidc-tls')).toEqual({ name: 'spire-oidc-tls', secret: { secretName: 'oidc-cert', defaultMode: 0o440 } });
    const ingress = find(objects, 'Ingress', 'spire-oidc-discovery-provider');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' });
    expect(ingress.spec.tls).toBeUndefined();
    expect(find(objects, 'Service', 'spire-oidc-discovery-provider').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'oidc-https', protocol: 'TCP' }]);
    expect(validateAll(objects)).toEqual([]);
  });

  test('serverApi runs the provider in the server pod on the server\'s private socket; its objects ship with the Spire', () => {
    const { spire, spireObjects, objects } = build({ keySource: OidcKeySource.serverApi() });
    expect(objects).toEqual([]);
    const config = configIn(spireObjects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
    const serverConf = configIn(spireObjects, 'spire-server', 'server.conf');
    expect(config.server_api).toEqual({ address: `unix:///run/spire/server-socket/${serverConf.server.socket_path.split('/').pop()}` });
    expect(config.workload_api).toBeUndefined();
    const sts = find(spireObjects, 'StatefulSet', 'spire-server');
    const sidecar = container(sts, 'oidc-discovery-provider');
    const socketMount = mountOf(sidecar, 'spire-server-socket');
    expect(socketMount).toEqual({ name: 'spire-server-socket', mountPath: '/run/spire/server-socket', readOnly: true });
    // Same volume as the server's socket directory.
    expect(mountOf(container(sts, 'spire-server'), 'spire-server-socket').mountPath).toBe(serverConf.server.socket_path.replace(/\/[^/]+$/, ''));
    expect(volume(sts, 'spire-oidc-config').configMap.name).toBe('spire-oidc-discovery-provider');
    expect(sts.spec.template.metadata.annotations['checksum/oidc-config']).toMatch(/^[0-9a-f]+$/);
    expect(find(spireObjects, 'Service', 'spire-oidc-discovery-provider').spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(spireObjects.filter(o => o.kind === 'ClusterSPIFFEID')).toEqual([]);
    // Containers of a pod share its network: the provider takes ports nobody else listens on.
    expect(config.insecure_addr).toBe(`:${sidecar.ports.find((p: any) => p.name === 'oidc-http').containerPort}`);
    expect(sidecar.readinessProbe.httpGet.port).toBe('oidc-healthz');
    expect(config.health_checks.bind_port).toBe(sidecar.ports.find((p: any) => p.name === 'oidc-healthz').containerPort);
    expect(spire.serverNamespace).toBe(find(spireObjects, 'ConfigMap', 'spire-oidc-discovery-provider').metadata.namespace);
    expect(validateAll(spireObjects)).toEqual([]);
  });

  test('explicit domains must include the issuer host', () => {
    const { objects } = build({ domains: ['oidc.example.org', 'oidc.internal.example.org'] });
    expect(configIn(objects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf').domains).toEqual(['oidc.example.org', 'oidc.internal.example.org']);
  });
});

test('as a server sidecar, no port collides with the server, the controller manager or the bundle endpoint', () => {
  for (const serving of [OidcServing.httpBehindTlsProxy(), OidcServing.tlsFromSecret('cert')]) {
    const { spireObjects } = build({ keySource: OidcKeySource.serverApi(), serving }, { bundleEndpoint: {} });
    const sts = find(spireObjects, 'StatefulSet', 'spire-server');
    const listening = [
      ...sts.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)),
      ...Object.values(configIn(spireObjects, 'spire-server', 'server.conf').health_checks).filter(v => typeof v === 'number'),
    ];
    const cm = configIn(spireObjects, 'spire-controller-manager', 'controller-manager-config.json');
    listening.push(...[cm.health.healthProbeBindAddress, cm.metrics.bindAddress].map((a: string) => Number(a.split(':').pop())), cm.webhook.port);
    const provider = configIn(spireObjects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
    const own = [provider.health_checks.bind_port, Number((provider.insecure_addr ?? provider.serving_cert_file.addr).slice(1))];
    for (const port of own) expect(listening.filter(p => p === port)).toHaveLength(1);
    expect(new Set(sts.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort))).size)
      .toBe(sts.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).length);
  }
});

describe('rejects', () => {
  test('a Spire without server.jwtIssuer', () => {
    expectError({}, 'spire', /has no server\.jwtIssuer.*Fix: set server\.jwtIssuer/, { server: {} });
  });
  test('an http issuer', () => {
    expectError({}, 'spire server.jwtIssuer', /is not https/, { server: { jwtIssuer: 'http://oidc.example.org' } });
  });
  test('an issuer with a path (the provider serves at the root)', () => {
    expectError({}, 'spire server.jwtIssuer', /has the path "\/tenant"/, { server: { jwtIssuer: 'https://oidc.example.org/tenant' } });
  });
  test('domains without the issuer host', () => {
    expectError({ domains: ['oidc.internal.example.org'] }, 'domains', /does not contain the issuer's host "oidc\.example\.org".*refuse every discovery request/);
  });
  test('a domain that is not a DNS name', () => {
    expectError({ domains: ['oidc.example.org', 'bad_name'] }, 'domains[1]', /"_"/);
  });
  test('a namespace the controller manager ignores (the provider would never be registered)', () => {
    expectError({ namespace: 'spire-server' }, 'namespace', /is ignored by the controller manager of spire\/spire \(pattern \^spire-server\$\)/);
  });
  test('namespace or replicas with the server API', () => {
    expectError({ keySource: OidcKeySource.serverApi(), namespace: 'oidc' }, 'namespace', /runs in the server pod/);
    expectError({ keySource: OidcKeySource.serverApi(), replicas: 2 }, 'replicas', /once in every server replica/);
  });
  test('the Spire\'s own chart with the Workload API source (its registration would meet a webhook that is not serving)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'spire');
    const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo', server: { jwtIssuer: ISSUER } });
    expect(errorOf(() => new OidcDiscoveryProvider(chart, 'oidc', { spire })))
      .toMatch(/spire\/oidc \(OidcDiscoveryProvider\): scope "spire" is the chart of spire\/spire, whose controller-manager webhook does not serve yet/);
    // With the server API there is no registration: any chart will do.
    expect(() => new OidcDiscoveryProvider(chart, 'oidc-server', { spire, keySource: OidcKeySource.serverApi() })).not.toThrow();
  });
  test('an Ingress TLS Secret when the provider serves its own TLS', () => {
    expectError({ serving: OidcServing.tlsFromSecret('cert'), ingress: { tlsSecretName: 'other' } }, 'ingress.tlsSecretName', /passes TLS through/);
  });
});

describe('jwks_uri (SPIRE 1.15 warns that jwt_issuer decides it while unset)', () => {
  test('is written out as the issuer\'s /keys, the value the provider derives today', () => {
    for (const source of [OidcKeySource.workloadApi(), OidcKeySource.serverApi()]) {
      const { objects, spireObjects } = build({ keySource: source });
      const config = configIn([...objects, ...spireObjects], 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf');
      expect(config.jwks_uri).toBe('https://oidc.example.org/keys');
      expect(config.jwt_issuer).toBe(ISSUER);
    }
  });

  test('keeps a port of the issuer', () => {
    const { objects } = build({}, { server: { jwtIssuer: 'https://oidc.example.org:8443' } });
    expect(configIn(objects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf').jwks_uri).toBe('https://oidc.example.org:8443/keys');
  });
});
