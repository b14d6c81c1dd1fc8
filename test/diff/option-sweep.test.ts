// A sweep over the public options of SpireProps (and the registrations and Istio options around
// them): each row builds an example with one option changed to another valid value, diffs the two
// outputs as `cdk8s-spire diff` would, and lists EXACTLY the error and warning findings expected.
// Each expectation was derived by hand from what `kubectl apply` (client-side three-way merge)
// sends and what the API server, SPIRE and the controller manager then do; the comment on each
// row names the upstream rule. Rows with [] are ordinary changes: the API server accepts them and
// no identity is taken away.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { diff, objectsOf, production, quickstart, summary } from './helpers';
import * as L from '../../src';
import { isClusterScoped, kubectlResource } from '../../src/diff/kube-objects';
import type { DiffFinding } from '../../src/diff/model';
import { manifestObjects } from '../../src/identity-plan/yaml-documents';

const PG = "dbname=spire user=spire host=db port=5432 password='${DBPW}' sslmode=verify-full";
const postgres = L.DataStore.postgres({ connectionString: PG, passwordSecretName: 'spire-db' });
const SERVER_CM = 'ConfigMap/spire-server/spire-server';
const STS = 'StatefulSet/spire-server/spire-server';

type Row = [option: string, overrides: Partial<L.SpireProps>, expected: string[]];

/** Quick start rows: option, change, errors and warnings expected. */
const QUICKSTART: Row[] = [
  // spiffe/spire doc/spire_server.md trust_domain: every SVID and the CA belong to it.
  ['trustDomain', { trustDomain: 'other.example' }, [`error trust-domain-changed ${SERVER_CM}`]],
  // spiffe/spire doc/plugin_server_nodeattestor_k8s_psat.md: agent IDs name the cluster; the
  // controller manager's clusterName and (here) entryIDPrefix follow it.
  ['clusterName', { clusterName: 'other-cluster' }, ['warning cluster-name-changed ConfigMap/spire-system/spire-agent']],
  // A new namespace is a new StatefulSet: kubectl apply never deletes (apply.go, only --prune).
  ['serverNamespace', { serverNamespace: 'spire' }, ['error server-moved StatefulSet/spire/spire-server', ...leftBehind('spire-server', [
    'Namespace/spire-server', 'ServiceAccount/spire-server/spire-server', 'ConfigMap/spire-server/spire-server', 'ConfigMap/spire-server/spire-controller-manager',
    'Role/spire-server/spire-controller-manager-leader-election', 'RoleBinding/spire-server/spire-controller-manager-leader-election',
    'ClusterRole/spire-server-spire-server', 'ClusterRoleBinding/spire-server-spire-server',
    'ClusterRole/spire-server-spire-agent', 'ClusterRoleBinding/spire-server-spire-agent',
    'ClusterRole/spire-server-spire-controller-manager', 'ClusterRoleBinding/spire-server-spire-controller-manager',
    'Service/spire-server/spire-server', 'Service/spire-server/spire-controller-manager-webhook', 'StatefulSet/spire-server/spire-server',
    'ValidatingWebhookConfiguration/spire-server-spire-controller-manager-webhook',
  ])]],
  // hostNetwork: SetDefaults_Pod makes containerPorts hostPorts, so the new agents stay Pending
  // beside the old ones (kubernetes/kubernetes pkg/apis/core/v1/defaults.go).
  ['systemNamespace', { systemNamespace: 'spire-agents' }, ['error agent-moved DaemonSet/spire-agents/spire-agent', ...leftBehind('spire-system', [
    'Namespace/spire-system', 'ConfigMap/spire-system/spire-bundle', 'Role/spire-system/spire-bundle', 'RoleBinding/spire-system/spire-bundle',
    'ServiceAccount/spire-system/spire-agent', 'ConfigMap/spire-system/spire-agent', 'DaemonSet/spire-system/spire-agent',
    'ServiceAccount/spire-system/spiffe-csi-driver', 'DaemonSet/spire-system/spiffe-csi-driver',
  ])]],
  // The Namespaces stay (kubectl apply deletes nothing) and the objects in them need them: info only.
  ['createNamespaces: false', { createNamespaces: false }, []],
  ['logFormat', { logFormat: L.LogFormat.JSON }, []],
  // pkg/apis/apps/validation ValidateStatefulSetUpdate: template and replicas may change.
  ['server.logLevel', { server: { logLevel: L.LogLevel.DEBUG } }, []],
  ['server TTLs', { server: { x509SvidTtl: Duration.hours(2), jwtSvidTtl: Duration.minutes(10), caTtl: Duration.hours(48), agentTtl: Duration.hours(2) } }, []],
  // The CA subject applies to the next CA the server prepares; the roots stay trusted.
  ['server.caSubject', { server: { caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' } } }, []],
  ['server.resources', { server: { resources: { cpuRequest: '200m', memoryLimit: '1Gi' } as any } }, []],
  ['server.priorityClassName', { server: { priorityClassName: 'system-cluster-critical' } }, []],
  ['server.nodeSelector', { server: { nodeSelector: { 'kubernetes.io/os': 'linux', 'pool': 'infra' } } }, []],
  ['server.spread', { server: { spread: L.ServerSpread.oneReplicaPerNode() } }, []],
  // ValidateStatefulSetUpdate: volumeClaimTemplates are not among the mutable fields.
  ['server.storageSize grow', { server: { storageSize: Size.gibibytes(5) } }, [`error statefulset-forbidden-update ${STS}`]],
  ['server.storageSize shrink', { server: { storageSize: Size.mebibytes(512) } }, [`error statefulset-forbidden-update ${STS}`]],
  ['server.storageClassName', { server: { storageClassName: 'fast-ssd' } }, [`error statefulset-forbidden-update ${STS}`]],
  // spiffe/spire doc/plugin_server_datastore_sql.md: no migration between datastores.
  ['server.dataStore sqlite3 -> postgres, 3 replicas', { server: { replicas: 3, dataStore: postgres } }, [`error datastore-changed ${SERVER_CM}`]],
  // The next CA is prepared with the new key type: a new root enters the bundle.
  ['server.caKeyType', { server: { caKeyType: L.KeyType.RSA_2048 } }, [`warning ca-key-type-changed ${SERVER_CM}`]],
  ['server.jwtIssuer', { server: { jwtIssuer: 'https://oidc.example.org' } }, [`warning jwt-issuer-changed ${SERVER_CM}`]],
  // The KeyManager holds the CA keys: a new one starts without them.
  ['server.keyManager', { server: { keyManager: L.ServerKeyManager.memory() } }, [`warning key-manager-changed ${SERVER_CM}`]],
  ['server.upstreamAuthority added (disk)', { server: { upstreamAuthority: L.UpstreamAuthority.disk({ secretName: 'upstream-ca' }) } }, [`warning upstream-authority-changed ${SERVER_CM}`]],
  ['server.upstreamAuthority added (cert-manager)', { server: { upstreamAuthority: L.UpstreamAuthority.certManager({ issuerName: 'spire-ca' }) } }, [`warning upstream-authority-changed ${SERVER_CM}`]],
  // spiffe/spiffe-csi: running pods keep the bind mount of the old directory.
  ['agent.socketDirectory', { agent: { socketDirectory: '/run/spire/sockets' } }, ['error agent-socket-directory-changed DaemonSet/spire-system/spire-agent']],
  ['agent.socketFileName', { agent: { socketFileName: 'agent.sock' } }, ['error agent-socket-file-changed DaemonSet/spire-system/spire-agent']],
  // DaemonSet template changes roll node by node (ValidateDaemonSetUpdate: only the selector is fixed).
  ['agent.logLevel', { agent: { logLevel: L.LogLevel.DEBUG } }, []],
  ['agent.kubeletVerification skip', { agent: { kubeletVerification: L.KubeletVerification.skip() } }, []],
  ['agent.kubeletVerification hostCaFile', { agent: { kubeletVerification: L.KubeletVerification.hostCaFile('/etc/kubernetes/pki/ca.crt') } }, []],
  ['agent.sds', { agent: { sds: { defaultSvidName: 'workload' } } }, []],
  ['agent.disableContainerSelectors', { agent: { disableContainerSelectors: true } }, []],
  ['agent.unixAttestor', { agent: { unixAttestor: {} } }, []],
  // An agent that loses its key re-attests (k8s_psat allows it); the node keeps its ID.
  ['agent.keyManager disk', { agent: { keyManager: L.AgentKeyManager.disk() } }, []],
  ['agent.initImage', { agent: { initImage: 'docker.io/library/busybox:1.37.0' } }, []],
  ['agent.priorityClassName', { agent: { priorityClassName: 'system-node-critical' } }, []],
  ['agent.nodeSelector', { agent: { nodeSelector: { 'kubernetes.io/os': 'linux' } } }, []],
  ['agent.tolerateAllTaints', { agent: { tolerateAllTaints: false } }, []],
  // pkg/volume/csi: a volume names its driver; the old CSIDriver object is left behind.
  ['csiDriver.driverName', { csiDriver: { driverName: 'csi.example.org' } }, ['error csi-driver-name-changed CSIDriver/csi.example.org', 'warning left-behind CSIDriver/csi.spiffe.io']],
  ['csiDriver.kubeletRootDirectory', { csiDriver: { kubeletRootDirectory: '/var/lib/k0s/kubelet' } }, []],
  ['csiDriver.image 0.2.13', { csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.13' } }, []],
  ['csiDriver.priorityClassName', { csiDriver: { priorityClassName: 'system-node-critical' } }, []],
  ['csiDriver.tolerateAllTaints', { csiDriver: { tolerateAllTaints: false } }, []],
  // The registrations carry the same className, so the controller manager keeps owning them.
  ['controllerManager.className', { controllerManager: { className: 'spire-a' } }, []],
  ['controllerManager.watchClassless', { controllerManager: { watchClassless: false } }, []],
  ['controllerManager.ignoreNamespaces', { controllerManager: { ignoreNamespaces: ['kube-system', 'batch'] } }, []],
  ['controllerManager.logLevel', { controllerManager: { logLevel: L.LogLevel.DEBUG } }, []],
  ['controllerManager.image', { controllerManager: { image: 'ghcr.io/spiffe/spire-controller-manager:0.6.2' } }, []],
  // ValidateServiceUpdate: type ClusterIP -> LoadBalancer is accepted, the cluster IP kept.
  ['bundleEndpoint exposed by a LoadBalancer', { bundleEndpoint: { exposure: L.BundleEndpointExposure.loadBalancer({ publicAddress: 'spire.example.org' }) } }, []],
  ['bundleEndpoint.refreshHint', { bundleEndpoint: { refreshHint: Duration.minutes(10) } }, []],
  ['telemetry ports', { telemetry: { serverPort: 9999, agentPort: 9998 } }, []],
  ['networkPolicies added', { networkPolicies: {} }, []],
];

/** Production rows (PostgreSQL, 3 replicas, OIDC, federation, PodMonitors, NetworkPolicies). */
const PRODUCTION: Row[] = [
  ['server.logLevel', { server: { logLevel: L.LogLevel.DEBUG } }, []],
  ['server.logFormat', { server: { logFormat: L.LogFormat.TEXT } }, []],
  // ValidateStatefulSetUpdate: replicas may change; policy/v1 PDBs may be updated in place.
  ['server.replicas 5', { server: { replicas: 5 } }, []],
  ['server.spread none', { server: { spread: L.ServerSpread.none() } }, []],
  ['server.caTtl', { server: { caTtl: Duration.hours(48) } }, []],
  ['server.jwtIssuer', { server: { jwtIssuer: 'https://oidc2.prod.example.com' } }, [`warning jwt-issuer-changed ${SERVER_CM}`]],
  ['networkPolicies CIDRs', { networkPolicies: { agentCidrs: ['10.0.0.0/8'], datastoreCidrs: ['10.1.0.0/16'], apiServerCidrs: ['172.16.0.0/12'] } }, []],
  // The NetworkPolicies are dropped, and kubectl apply leaves them (apply.go, only --prune).
  ['networkPolicies removed', { networkPolicies: undefined }, leftBehind('spire-server', ['default-deny', 'agents', 'webhook', 'federation', 'metrics', 'dns', 'api-server', 'datastore', 'federation-peers']
    .map((n) => `NetworkPolicy/spire-server/spire-server-${n}`))],
  ['telemetry PodMonitor -> ServiceMonitor', { telemetry: { monitor: L.PrometheusMonitor.serviceMonitor() } },
    ['warning left-behind PodMonitor/spire-server/spire-server', 'warning left-behind PodMonitor/spire-system/spire-agent']],
  ['telemetry.serverPort', { telemetry: { serverPort: 9991, monitor: L.PrometheusMonitor.podMonitor({ labels: { release: 'kube-prometheus-stack' } }) } }, []],
];

function leftBehind(_namespace: string, refs: string[]): string[] {
  return refs.map((r) => `warning left-behind ${r}`);
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

/**
 * Every error and warning names its object (kind, name, and the namespace of a namespaced one)
 * and field, and its kubectl commands are runnable as written.
 */
function expectWellFormed(findings: readonly DiffFinding[]): void {
  for (const f of findings.filter((x) => x.severity !== 'info')) {
    expect(f.object.kind).not.toBe('');
    expect(f.object.name).not.toBe('');
    if (!isClusterScoped(f.object.kind)) expect(`${f.rule} ${f.object.kind}/${f.object.name}: ${f.object.namespace}`).not.toMatch(/: $/);
    expect(f.field).not.toBe('');
    for (const command of f.fix.filter((c) => c.startsWith('kubectl '))) {
      const words = command.split('#')[0].trim().split(/\s+/);
      expect(command).not.toMatch(/--cascade=(false|true)|--cascade orphan|<server (namespace|pod)>/);
      if (['delete', 'patch'].includes(words[1]) && words[2] !== 'pvc' && !words[2].includes(',')) {
        const resource = words[2];
        // The resource kubectl resolves for this finding's object, when the command is about it.
        if (words[3] === f.object.name) {
          expect(resource).toBe(kubectlResource({ apiVersion: resource.includes('.') ? `${resource.slice(resource.indexOf('.') + 1)}/v1` : 'v1', kind: f.object.kind }));
          // The same kind and name: the object itself, or its old copy in another namespace.
          if (f.object.namespace) expect(command).toMatch(/ -n \S+/);
          else expect(command).not.toContain(' -n ');
        }
      }
      if (words[1] === 'exec') expect(words.slice(2, 9).join(' ')).toMatch(/^-n \S+ \S+ -c \S+ -- \/opt\/spire\/bin\/spire-server$/);
    }
  }
}

describe.each([['quickstart', quickstart, QUICKSTART], ['production', production, PRODUCTION]] as const)('%s', (_example, build, rows) => {
  const base = build();
  test.each(rows as Row[])('%s', (_option, overrides, expected) => {
    const data = diff(base, build(overrides));
    expect(sorted(summary(data))).toEqual(sorted(expected));
    expectWellFormed(data.findings);
  });
});

describe('registrations (ClusterSPIFFEID, ClusterFederatedTrustDomain): the manifests edited as a user would', () => {
  const workload = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payments', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'payments' } }, template: { metadata: { labels: { app: 'payments' } }, spec: { serviceAccountName: 'pay', containers: [{ name: 'app', image: 'ghcr.io/example/payments:1.0.0' }] } } },
  };
  const edited = (objects: any[], edit: (copy: any[]) => void) => {
    const copy = JSON.parse(JSON.stringify(objects));
    edit(copy);
    return copy;
  };
  const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const q = [...quickstart(), workload];
  const p = production();

  test.each<[string, any[], any[], string[]]>([
    // spire-controller-manager pkg/spireentry: entries follow the templates; the CRD has no immutable field.
    ['ClusterSPIFFEID spiffeIDTemplate', q, edited(q, (c) => { find(c, 'ClusterSPIFFEID', 'payments').spec.spiffeIDTemplate = 'spiffe://{{ .TrustDomain }}/payments'; }),
      ['warning workload-identity-changed Deployment/shop/payments']],
    // The pod falls back to the default ClusterSPIFFEID with the same ID: nothing lost, but kubectl leaves the old object (it keeps applying).
    ['ClusterSPIFFEID removed, the fallback covers the pod', q, edited(q, (c) => { c.splice(c.indexOf(find(c, 'ClusterSPIFFEID', 'payments')), 1); }),
      ['warning left-behind ClusterSPIFFEID/payments']],
    ['every ClusterSPIFFEID selects nothing', q, edited(q, (c) => { for (const o of c.filter((x: any) => x.kind === 'ClusterSPIFFEID')) o.spec.podSelector = { matchLabels: { none: 'none' } }; }),
      ['warning workload-identity-lost Deployment/shop/payments']],
    ['ClusterSPIFFEID dnsNameTemplates', q, edited(q, (c) => { find(c, 'ClusterSPIFFEID', 'payments').spec.dnsNameTemplates = ['payments.example.org']; }), []],
    // pkg/spirefederationrelationship: the relationship for the old trust domain is deleted.
    ['ClusterFederatedTrustDomain trustDomain', p, edited(p, (c) => { find(c, 'ClusterFederatedTrustDomain', 'partner').spec.trustDomain = 'partner2.example.net'; }),
      ['warning federation-removed ClusterFederatedTrustDomain/partner']],
    ['ClusterFederatedTrustDomain bundleEndpointURL', p, edited(p, (c) => { find(c, 'ClusterFederatedTrustDomain', 'partner').spec.bundleEndpointURL = 'https://bundle.partner.example.net'; }), []],
    ['ClusterSPIFFEID federatesWith removed', p, edited(p, (c) => { delete find(c, 'ClusterSPIFFEID', 'default').spec.federatesWith; }),
      ['warning federates-with-removed ClusterSPIFFEID/default']],
  ])('%s', (_name, before, after, expected) => {
    const data = diff(before, after);
    expect(sorted(summary(data))).toEqual(sorted(expected));
    expectWellFormed(data.findings);
  });
});

describe('IstioIntegration options', () => {
  function mesh(options: Partial<L.IstioIntegrationProps> = {}): any[] {
    const app = new App({ outdir: '/nonexistent' });
    new L.SpireCrds(new Chart(app, 'spire-crds'), 'crds');
    const spire = new L.Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster' });
    const istio = new L.IstioIntegration(new Chart(app, 'spire-identities'), 'istio', { spire, istioVersion: '1.30.3', ...options });
    istio.addIstioOperator(new Chart(app, 'istioctl'));
    const apps = new Chart(app, 'apps');
    new ApiObject(apps, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
    istio.enroll(new kplus.Deployment(apps, 'payments', {
      metadata: { namespace: 'shop', name: 'payments' },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(apps, 'sa', 'payments'),
      containers: [{ image: 'ghcr.io/example/payments:1.4.2', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
    }));
    return objectsOf(app);
  }
  const base = mesh();

  // None of these changes a SPIFFE ID or an immutable field: istiod and the pods roll.
  test.each<[string, Partial<L.IstioIntegrationProps>]>([
    ['istioVersion patch', { istioVersion: '1.30.4' }],
    ['templateName', { templateName: 'spire2' }],
    ['socketReadiness waitForSocket', { socketReadiness: L.SocketReadiness.waitForSocket() }],
    ['holdApplicationUntilProxyStarts', { holdApplicationUntilProxyStarts: false }],
    ['nativeSidecars disabled', { nativeSidecars: L.NativeSidecarMode.DISABLED }],
    ['an ingress gateway added', { ingressGateways: [L.IstioGateway.ingress()] }],
  ])('%s: no error, no warning', (_name, options) => {
    const data = diff(base, mesh(options));
    expect(summary(data)).toEqual([]);
  });
});

describe('OidcDiscoveryProvider options', () => {
  function withOidc(options: Partial<L.OidcDiscoveryProviderProps> = {}): any[] {
    const app = new App({ outdir: '/nonexistent' });
    new L.SpireCrds(new Chart(app, 'spire-crds'), 'crds');
    const spire = new L.Spire(new Chart(app, 'spire'), 'spire', {
      trustDomain: 'prod.example.com', clusterName: 'prod-cluster', server: { jwtIssuer: 'https://oidc.prod.example.com' },
    });
    new L.OidcDiscoveryProvider(new Chart(app, 'spire-identities'), 'oidc', { spire, ...options });
    return objectsOf(app);
  }
  const base = withOidc();
  const oidcObjects = ['Namespace/spire-oidc', 'ConfigMap/spire-oidc/spire-oidc-discovery-provider', 'ServiceAccount/spire-oidc/spire-oidc-discovery-provider',
    'Deployment/spire-oidc/spire-oidc-discovery-provider', 'ClusterSPIFFEID/spire-oidc-spire-oidc-discovery-provider', 'Service/spire-oidc/spire-oidc-discovery-provider'];

  test.each<[string, Partial<L.OidcDiscoveryProviderProps>, string[]]>([
    // ValidateDeploymentUpdate: only the selector is fixed; the template rolls.
    ['replicas', { replicas: 3 }, []],
    ['domains', { domains: ['oidc.prod.example.com', 'oidc2.prod.example.com'] }, []],
    ['serving tlsFromSecret', { serving: L.OidcServing.tlsFromSecret('oidc-tls') }, []],
    ['ingress added', { ingress: { ingressClassName: 'nginx', tlsSecretName: 'oidc-tls' } }, []],
    ['logLevel', { logLevel: L.LogLevel.DEBUG }, []],
    // Its ClusterSPIFFEID's template: the provider's own ID changes (it only reads keys with it).
    ['spiffeIdTemplate', { spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/oidc' }, ['warning workload-identity-changed Deployment/spire-oidc/spire-oidc-discovery-provider']],
    // The provider leaves its namespace: kubectl apply leaves the old objects (apply.go, only --prune).
    ['keySource serverApi', { keySource: L.OidcKeySource.serverApi() }, oidcObjects.map((r) => `warning left-behind ${r}`)],
    ['namespace', { namespace: 'oidc' }, oidcObjects.map((r) => `warning left-behind ${r}`)],
  ])('%s', (_name, options, expected) => {
    const data = diff(base, withOidc(options));
    expect(sorted(summary(data))).toEqual(sorted(expected));
    expectWellFormed(data.findings);
  });
});

describe('an upgrade of this library: the previous release (0fa762d) -> this one', () => {
  // test/fixtures/previous-release: the objects of the production example's output at 0fa762d
  // that differ from this release's (CSI driver 0.2.7 / registrar v2.15.0, the OIDC provider's
  // config before jwks_uri). Put in place of this release's, they make the old output.
  const fixture = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'previous-release', 'production-0fa762d.yaml'), 'utf8');
  const previous: any[] = manifestObjects(fixture, 'production-0fa762d.yaml');
  const key = (o: any) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;

  test('no error and no warning; the image bumps are information', () => {
    const current = production();
    const replaced = new Map(previous.map((o: any) => [key(o), o]));
    const before = current.map((o) => replaced.get(key(o)) ?? o);
    expect(previous.map(key).every((k: string) => current.some((o) => key(o) === k))).toBe(true);
    const data = diff(before, current);
    expect(data.objects.changed).toBe(3);
    expect(summary(data)).toEqual([]);
    expect(summary(data, ['info'])).toEqual([
      'info component-image-changed DaemonSet/spire-system/spiffe-csi-driver',
      'info component-image-changed DaemonSet/spire-system/spiffe-csi-driver',
    ]);
    expect(data.findings.map((f) => f.message).join('\n')).toMatch(/spiffe-csi-driver 0\.2\.7 -> 0\.2\.12[\s\S]*csi-node-driver-registrar 2\.15\.0 -> 2\.18\.0/);
  });
});
