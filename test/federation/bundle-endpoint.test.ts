import { Duration } from 'cdk8s';
import { BundleEndpointExposure, BundleEndpointServing } from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, synthSpire, volume } from '../util/synth';

function synth(bundleEndpoint: any, server: any = {}): any[] {
  return synthSpire({ bundleEndpoint, server }).objects;
}

function expectError(bundleEndpoint: any, property: string, rule: RegExp, server: any = {}): void {
  const message = errorOf(() => synth(bundleEndpoint, server));
  expect(message).toContain(`spire/spire (Spire): ${property} `);
  expect(message).toMatch(rule);
}

describe('bundle endpoint in server.conf and the server pod', () => {
  test('defaults to https_spiffe on 8443, on the server Service, reachable in the cluster', () => {
    const { objects, spire } = synthSpire({ bundleEndpoint: {} });
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation).toEqual({
      bundle_endpoint: { address: '0.0.0.0', port: 8443, profile: [{ https_spiffe: {} }] },
    });
    const server = container(find(objects, 'StatefulSet', 'spire-server'), 'spire-server');
    expect(server.ports).toContainEqual({ name: 'federation', containerPort: 8443, protocol: 'TCP' });
    expect(find(objects, 'Service', 'spire-server').spec.ports).toContainEqual({ name: 'federation', port: 8443, targetPort: 'federation', protocol: 'TCP' });
    expect(spire.bundleEndpointUrl).toBe('https://spire-server.spire-server.svc:8443');
    expect(spire.serverSpiffeId).toBe('spiffe://example.org/spire/server');
    expect(spire.bundleEndpointProfile).toBe('https_spiffe');
    expect(validateAll(objects)).toEqual([]);
  });

  test('server.federationBundleEndpointPort still means https_spiffe on that port', () => {
    const { objects, spire } = synthSpire({ server: { federationBundleEndpointPort: 9444 } });
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation.bundle_endpoint.port).toBe(9444);
    expect(spire.bundleEndpointUrl).toBe('https://spire-server.spire-server.svc:9444');
  });

  test('no bundle endpoint: no federation block, no URL', () => {
    const { objects, spire } = synthSpire();
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation).toBeUndefined();
    expect(spire.bundleEndpointUrl).toBeUndefined();
  });

  test('https_web from a Secret: serving_cert_file paths point into the mounted Secret, key readable by the SPIRE group only', () => {
    const objects = synth({
      serving: BundleEndpointServing.httpsWebFromSecret('bundle-tls', { fileSyncInterval: Duration.minutes(10) }),
      exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire-bundle.example.org', port: 443 }),
      refreshHint: Duration.minutes(5),
    });
    const conf = configIn(objects, 'spire-server', 'server.conf');
    expect(conf.server.federation.bundle_endpoint).toEqual({
      address: '0.0.0.0',
      port: 8443,
      refresh_hint: '5m',
      profile: [{ https_web: { serving_cert_file: { cert_file_path: '/run/spire/bundle-endpoint-tls/tls.crt', key_file_path: '/run/spire/bundle-endpoint-tls/tls.key', file_sync_interval: '10m' } } }],
    });
    const sts = find(objects, 'StatefulSet', 'spire-server');
    expect(volume(sts, 'bundle-endpoint-tls')).toEqual({ name: 'bundle-endpoint-tls', secret: { secretName: 'bundle-tls', defaultMode: 0o440 } });
    expect(container(sts, 'spire-server').volumeMounts).toContainEqual({ name: 'bundle-endpoint-tls', mountPath: '/run/spire/bundle-endpoint-tls', readOnly: true });
    // The pod's fsGroup owns the Secret's files, so uid 1000 in group 1000 reads the 0440 key.
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000 });
  });

  test('https_web with ACME: SPIRE obtains the certificate for the public host, nothing mounted', () => {
    const objects = synth({
      serving: BundleEndpointServing.httpsWebAcme({ email: 'spire@example.org', tosAccepted: true }),
      exposure: BundleEndpointExposure.tlsRoute({ hostname: 'spire-bundle.example.org', gatewayName: 'edge' }),
    });
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation.bundle_endpoint.profile)
      .toEqual([{ https_web: { acme: { domain_name: 'spire-bundle.example.org', email: 'spire@example.org', tos_accepted: true } } }]);
    expect(find(objects, 'StatefulSet', 'spire-server').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('bundle-endpoint-tls');
  });

  test('https_web from cert-manager emits a Certificate for the public host into the mounted Secret', () => {
    const objects = synth({
      serving: BundleEndpointServing.httpsWebFromCertManager({ issuerName: 'letsencrypt' }),
      exposure: BundleEndpointExposure.ingress({ host: 'spire-bundle.example.org', ingressClassName: 'nginx' }),
    });
    const cert = find(objects, 'Certificate', 'spire-server-federation');
    expect(cert.spec).toEqual({
      secretName: 'spire-server-bundle-endpoint-tls',
      dnsNames: ['spire-bundle.example.org'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
    expect(volume(find(objects, 'StatefulSet', 'spire-server'), 'bundle-endpoint-tls').secret.secretName).toBe(cert.spec.secretName);
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('exposure', () => {
  test('LoadBalancer: its own Service on the public port to the federation port; URL from the public address', () => {
    const { objects, spire } = synthSpire({
      bundleEndpoint: {
        exposure: BundleEndpointExposure.loadBalancer({
          publicAddress: 'spire-bundle.example.org',
          port: 443,
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
          loadBalancerSourceRanges: ['203.0.113.0/24'],
        }),
      },
    });
    const svc = find(objects, 'Service', 'spire-server-federation');
    expect(svc.spec).toMatchObject({
      type: 'LoadBalancer',
      selector: find(objects, 'StatefulSet', 'spire-server').spec.selector.matchLabels,
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      ports: [{ name: 'federation', port: 443, targetPort: 'federation', protocol: 'TCP' }],
    });
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(spire.bundleEndpointUrl).toBe('https://spire-bundle.example.org');
    expect(validateAll(objects)).toEqual([]);
  });

  test('NodePort: the node port is the public port', () => {
    const { objects, spire } = synthSpire({ bundleEndpoint: { exposure: BundleEndpointExposure.nodePort({ publicAddress: '198.51.100.7', nodePort: 30843 }) } });
    expect(find(objects, 'Service', 'spire-server-federation').spec).toMatchObject({
      type: 'NodePort', ports: [{ name: 'federation', port: 8443, nodePort: 30843, targetPort: 'federation', protocol: 'TCP' }],
    });
    expect(spire.bundleEndpointUrl).toBe('https://198.51.100.7:30843');
    expect(validateAll(objects)).toEqual([]);
  });

  test('Ingress: SSL passthrough to the server Service\'s federation port, no TLS termination', () => {
    const { objects, spire } = synthSpire({ bundleEndpoint: { exposure: BundleEndpointExposure.ingress({ host: 'spire-bundle.example.org', ingressClassName: 'nginx' }) } });
    const ingress = find(objects, 'Ingress', 'spire-server-federation');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' });
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.rules).toEqual([{
      host: 'spire-bundle.example.org',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'spire-server', port: { name: 'federation' } } } }] },
    }]);
    expect(find(objects, 'Service', 'spire-server').spec.ports.map((p: any) => p.name)).toContain('federation');
    expect(spire.bundleEndpointUrl).toBe('https://spire-bundle.example.org');
    expect(validateAll(objects)).toEqual([]);
  });

  test('TLSRoute: attached to the Gateway listener, SNI host, backend the server Service port', () => {
    const { objects, spire } = synthSpire({
      bundleEndpoint: { exposure: BundleEndpointExposure.tlsRoute({ hostname: 'spire-bundle.example.org', gatewayName: 'edge', gatewayNamespace: 'gateways', sectionName: 'spire-federation' }) },
    });
    const route = find(objects, 'TLSRoute', 'spire-server-federation');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways', sectionName: 'spire-federation' }],
      hostnames: ['spire-bundle.example.org'],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'spire-server', port: 8443 }] }],
    });
    expect(find(objects, 'Service', 'spire-server').spec.ports).toContainEqual(expect.objectContaining({ name: 'federation', port: 8443 }));
    expect(spire.bundleEndpointUrl).toBe('https://spire-bundle.example.org');
    expect(validateAll(objects)).toEqual([]);
  });

  test('the TLSRoute and Certificate validators see broken objects (they can fail)', () => {
    const { objects } = synthSpire({ bundleEndpoint: { exposure: BundleEndpointExposure.tlsRoute({ hostname: 'spire-bundle.example.org', gatewayName: 'edge' }) } });
    const route = JSON.parse(JSON.stringify(find(objects, 'TLSRoute', 'spire-server-federation')));
    delete route.spec.rules[0].backendRefs[0].port;
    route.spec.hostnames = ['203.0.113.1'];
    route.spec.extra = true;
    const errors = validateAll([route]).join('\n');
    expect(errors).toMatch(/must have port for Service reference/);
    expect(errors).toMatch(/Hostnames cannot contain an IP/);
    expect(errors).toMatch(/additional properties/);
    const cert = JSON.parse(JSON.stringify(find(synth({
      serving: BundleEndpointServing.httpsWebFromCertManager({ issuerName: 'le' }),
      exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org' }),
    }), 'Certificate', 'spire-server-federation')));
    delete cert.spec.secretName;
    expect(validateAll([cert]).join('\n')).toMatch(/Certificate\/spire-server-federation: spec.*secretName/);
  });

  test('external: the given URL, nothing emitted', () => {
    const { objects, spire } = synthSpire({ bundleEndpoint: { exposure: BundleEndpointExposure.external('https://spire.example.org:9444') } });
    expect(spire.bundleEndpointUrl).toBe('https://spire.example.org:9444');
    expect(objects.filter(o => o.metadata?.name === 'spire-server-federation')).toEqual([]);
  });
});

describe('rejects', () => {
  test('both bundleEndpoint and server.federationBundleEndpointPort', () => {
    expectError({}, 'server.federationBundleEndpointPort', /set together with bundleEndpoint/, { federationBundleEndpointPort: 8443 });
  });
  test('a port the server already uses', () => {
    expectError({ port: 8081 }, 'bundleEndpoint.port', /already used in the server pod by the server gRPC API/);
    expectError({ port: 9443 }, 'bundleEndpoint.port', /already used in the server pod by the controller-manager webhook/);
  });
  test('https_web without a public DNS name', () => {
    expectError({ serving: BundleEndpointServing.httpsWebFromSecret('tls') }, 'bundleEndpoint.serving', /only exposed inside the cluster/);
    expectError({ serving: BundleEndpointServing.httpsWebFromSecret('tls'), exposure: BundleEndpointExposure.nodePort({ publicAddress: '198.51.100.7', nodePort: 30843 }) },
      'bundleEndpoint.serving', /IP address 198\.51\.100\.7/);
  });
  test('an Ingress annotation that turns SSL passthrough off (TLS termination breaks SPIFFE authentication)', () => {
    expectError({ exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org', annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'false' } }) },
      'bundleEndpoint.exposure annotations["nginx.ingress.kubernetes.io/ssl-passthrough"]', /terminate TLS.*could no longer authenticate SPIRE/);
  });
  test('an IP address as Ingress host or TLSRoute hostname (routing is by SNI)', () => {
    expectError({ exposure: BundleEndpointExposure.ingress({ host: '203.0.113.1' }) }, 'bundleEndpoint.exposure host', /IP address/);
    expectError({ exposure: BundleEndpointExposure.tlsRoute({ hostname: '*.example.org', gatewayName: 'edge' }) }, 'bundleEndpoint.exposure hostname', /wildcard/);
  });
  test('a node port outside the node port range', () => {
    expectError({ exposure: BundleEndpointExposure.nodePort({ publicAddress: 'nodes.example.org', nodePort: 8443 }) }, 'bundleEndpoint.exposure nodePort', /30000-32767/);
  });
  test('an external URL that is not https or has a path', () => {
    expectError({ exposure: BundleEndpointExposure.external('http://spire.example.org') }, 'bundleEndpoint.exposure url', /not https/);
    expectError({ exposure: BundleEndpointExposure.external('https://spire.example.org/bundle') }, 'bundleEndpoint.exposure url', /path/);
  });
  test('a refresh hint under a minute', () => {
    expectError({ refreshHint: Duration.seconds(10) }, 'bundleEndpoint.refreshHint', /shorter than a minute/);
  });
  test('a cert-manager issuer kind that cert-manager.io does not have', () => {
    expectError({ serving: BundleEndpointServing.httpsWebFromCertManager({ issuerName: 'le', issuerKind: 'Issuers' }), exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org' }) },
      'bundleEndpoint.serving issuerKind', /Issuer or ClusterIssuer/);
  });
  test('ACME without accepted terms, or where the CA cannot reach port 443', () => {
    const lb = (port: number) => BundleEndpointExposure.loadBalancer({ publicAddress: 'spire.example.org', port });
    expectError({ serving: BundleEndpointServing.httpsWebAcme({ email: 'a@example.org', tosAccepted: false }), exposure: lb(443) },
      'bundleEndpoint.serving tosAccepted', /terms of service/);
    expectError({ serving: BundleEndpointServing.httpsWebAcme({ email: 'a@example.org', tosAccepted: true }), exposure: lb(8443) },
      'bundleEndpoint.serving', /TLS-ALPN-01.*public port is 8443/);
    expectError({ serving: BundleEndpointServing.httpsWebAcme({ email: 'nobody', tosAccepted: true }), exposure: lb(443) },
      'bundleEndpoint.serving email', /not an email address/);
  });
  test('a serving Secret whose certificate and key keys are the same', () => {
    expectError({ serving: BundleEndpointServing.httpsWebFromSecret('tls', { certificateKey: 'pem', privateKeyKey: 'pem' }), exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org' }) },
      'bundleEndpoint.serving privateKeyKey', /equals certificateKey/);
  });
});

test('the Pulumi component takes bundleEndpoint like any Spire prop', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSpireMeshManifests } = require('../../src/pulumi/manifests') as typeof import('../../src/pulumi/manifests');
  const manifests = buildSpireMeshManifests({
    trustDomain: 'example.org',
    clusterName: 'demo',
    bundleEndpoint: { exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire-bundle.example.org', port: 443 }) },
  });
  expect(find(manifests.spire, 'Service', 'spire-server-federation').spec.type).toBe('LoadBalancer');
  // SpireMesh names the server ConfigMap after its content (src/pulumi/content-named-config-maps.ts).
  const serverConfigMap = manifests.configMaps.find(o => o.metadata.name.startsWith('spire-server-'))!.metadata.name;
  expect(configIn(manifests.configMaps, serverConfigMap, 'server.conf').server.federation.bundle_endpoint.port).toBe(8443);
});
