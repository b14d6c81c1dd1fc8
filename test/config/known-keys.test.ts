import { Chart, Duration, Testing } from 'cdk8s';
import {
  BundleEndpointExposure, BundleEndpointServing, DataStore, KubeletVerification, OidcDiscoveryProvider, OidcKeySource, OidcServing, Spire,
} from '../../src';
import { configIn, synthSpire } from '../util/synth';

// Keys SPIRE 1.15 and spire-controller-manager 0.7 accept (SPIRE-ISTIO-FACTS
// §3.6, §5.1, §5.2). SPIRE refuses unknown keys at start-up, so every key we
// render must be listed here. `*` stands for a user-chosen block label
// (cluster name, plugin-data map key).
const SERVER_KEYS = [
  'server.trust_domain', 'server.bind_address', 'server.bind_port', 'server.socket_path', 'server.data_dir',
  'server.log_level', 'server.ca_ttl', 'server.default_x509_svid_ttl', 'server.default_jwt_svid_ttl', 'server.agent_ttl',
  'server.ca_key_type', 'server.jwt_issuer', 'server.ca_subject.country', 'server.ca_subject.organization', 'server.ca_subject.common_name',
  'server.federation.bundle_endpoint.address', 'server.federation.bundle_endpoint.port', 'server.federation.bundle_endpoint.refresh_hint',
  'server.federation.bundle_endpoint.profile.https_spiffe',
  'plugins.DataStore.sql.plugin_data.database_type', 'plugins.DataStore.sql.plugin_data.connection_string',
  'plugins.KeyManager.disk.plugin_data.keys_path',
  'plugins.NodeAttestor.k8s_psat.plugin_data.clusters.*.service_account_allow_list',
  'plugins.NodeAttestor.k8s_psat.plugin_data.clusters.*.audience',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.namespace',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.configmap_name',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.configmap_key',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.format',
  'health_checks.listener_enabled', 'health_checks.bind_address', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
];
const AGENT_KEYS = [
  'agent.trust_domain', 'agent.server_address', 'agent.server_port', 'agent.socket_path', 'agent.data_dir', 'agent.log_level',
  'agent.trust_bundle_path', 'agent.trust_bundle_format',
  'agent.sds.default_svid_name', 'agent.sds.default_bundle_name', 'agent.sds.default_all_bundles_name', 'agent.sds.disable_spiffe_cert_validation',
  'plugins.KeyManager.memory.plugin_data',
  'plugins.NodeAttestor.k8s_psat.plugin_data.cluster', 'plugins.NodeAttestor.k8s_psat.plugin_data.token_path',
  'plugins.WorkloadAttestor.k8s.plugin_data.skip_kubelet_verification', 'plugins.WorkloadAttestor.k8s.plugin_data.kubelet_ca_path',
  'plugins.WorkloadAttestor.k8s.plugin_data.disable_container_selectors',
  'health_checks.listener_enabled', 'health_checks.bind_address', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
];
// The https_web profile replaces https_spiffe (spire cmd/spire-server/cli/run/run.go bundleEndpointServingCertFile).
const HTTPS_WEB_SERVER_KEYS = [
  ...SERVER_KEYS.filter(key => key !== 'server.federation.bundle_endpoint.profile.https_spiffe'),
  'server.federation.bundle_endpoint.profile.https_web.serving_cert_file.cert_file_path',
  'server.federation.bundle_endpoint.profile.https_web.serving_cert_file.key_file_path',
  'server.federation.bundle_endpoint.profile.https_web.serving_cert_file.file_sync_interval',
];
const ACME_SERVER_KEYS = [
  ...SERVER_KEYS.filter(key => key !== 'server.federation.bundle_endpoint.profile.https_spiffe'),
  'server.federation.bundle_endpoint.profile.https_web.acme.domain_name',
  'server.federation.bundle_endpoint.profile.https_web.acme.email',
  'server.federation.bundle_endpoint.profile.https_web.acme.directory_url',
  'server.federation.bundle_endpoint.profile.https_web.acme.tos_accepted',
];
// spiffe/spire support/oidc-discovery-provider/config.go (Config, ServingCertFileConfig,
// WorkloadAPIConfig, ServerAPIConfig, HealthChecksConfig). Its decoder is not
// strict, so a misspelled key would be silently ignored: all the more reason
// to pin the keys here.
const OIDC_KEYS = [
  'domains', 'log_level', 'jwt_issuer', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
  'workload_api.socket_path', 'workload_api.trust_domain', 'insecure_addr',
];
const OIDC_SERVER_API_TLS_KEYS = [
  'domains', 'log_level', 'jwt_issuer', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
  'server_api.address', 'serving_cert_file.cert_file_path', 'serving_cert_file.key_file_path', 'serving_cert_file.addr',
];
const CONTROLLER_MANAGER_KEYS = [
  'apiVersion', 'kind', 'trustDomain', 'clusterName', 'className', 'watchClassless', 'ignoreNamespaces', 'spireServerSocketPath',
  'validatingWebhookConfigurationName', 'entryIDPrefix', 'logLevel',
  'leaderElection.leaderElect', 'leaderElection.resourceName', 'leaderElection.resourceNamespace',
  'health.healthProbeBindAddress', 'metrics.bindAddress', 'webhook.port',
];

/** Key paths of a SPIRE JSON config; blocks written as lists of objects are walked through. */
function keyPaths(value: unknown, prefix = '', labelled = false): string[] {
  if (Array.isArray(value)) {
    const blocks = value.every(item => item && typeof item === 'object' && !Array.isArray(item));
    return blocks ? value.flatMap(item => keyPaths(item, prefix, labelled)) : [prefix];
  }
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([key, item]) => {
    const name = labelled ? '*' : key;
    const path = prefix ? `${prefix}.${name}` : name;
    return keyPaths(item, path, key === 'clusters');
  });
}

// Every option that adds keys is switched on.
const { objects } = synthSpire({
  server: {
    agentTtl: Duration.hours(1),
    jwtIssuer: 'https://oidc.example.org',
    caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' },
    replicas: 2,
    dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}', passwordSecretName: 'db' }),
  },
  agent: {
    sds: { defaultSvidName: 'default', defaultBundleName: 'null', defaultAllBundlesName: 'ROOTCA', disableSpiffeCertValidation: false },
    kubeletVerification: KubeletVerification.hostCaFile('/etc/kubernetes/ca.crt'),
    disableContainerSelectors: true,
  },
  controllerManager: { watchClassless: true, ignoreNamespacePatterns: ['^x-.*$'] },
  bundleEndpoint: { refreshHint: Duration.minutes(5) },
});

const httpsWeb = synthSpire({
  server: {
    agentTtl: Duration.hours(1),
    jwtIssuer: 'https://oidc.example.org',
    caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' },
    replicas: 2,
    dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}', passwordSecretName: 'db' }),
  },
  bundleEndpoint: {
    refreshHint: Duration.minutes(5),
    serving: BundleEndpointServing.httpsWebFromSecret('tls', { fileSyncInterval: Duration.minutes(1) }),
    exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org' }),
  },
}).objects;

const acme = synthSpire({
  server: {
    agentTtl: Duration.hours(1),
    jwtIssuer: 'https://oidc.example.org',
    caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' },
    replicas: 2,
    dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}', passwordSecretName: 'db' }),
  },
  bundleEndpoint: {
    refreshHint: Duration.minutes(5),
    serving: BundleEndpointServing.httpsWebAcme({ email: 'spire@example.org', tosAccepted: true, directoryUrl: 'https://acme.example.org/directory' }),
    exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire.example.org', port: 443 }),
  },
}).objects;

function oidcConfig(serverApiWithTls: boolean): any {
  const app = Testing.app();
  const spire = new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'c', server: { jwtIssuer: 'https://oidc.example.org' } });
  const oidc = new OidcDiscoveryProvider(new Chart(app, 'identities'), 'oidc', serverApiWithTls
    ? { spire, keySource: OidcKeySource.serverApi(), serving: OidcServing.tlsFromSecret('oidc-tls') }
    : { spire });
  return JSON.parse(Object.values(oidc.configMap.toJson().data as Record<string, string>)[0]);
}

test.each([
  ['server.conf', configIn(objects, 'spire-server', 'server.conf'), SERVER_KEYS],
  ['server.conf with an https_web bundle endpoint', configIn(httpsWeb, 'spire-server', 'server.conf'), HTTPS_WEB_SERVER_KEYS],
  ['server.conf with an ACME bundle endpoint', configIn(acme, 'spire-server', 'server.conf'), ACME_SERVER_KEYS],
  ['agent.conf', configIn(objects, 'spire-agent', 'agent.conf'), AGENT_KEYS],
  ['oidc-discovery-provider.conf (Workload API, plain HTTP)', oidcConfig(false), OIDC_KEYS],
  ['oidc-discovery-provider.conf (server API, TLS)', oidcConfig(true), OIDC_SERVER_API_TLS_KEYS],
  ['controller manager config', configIn(objects, 'spire-controller-manager', 'controller-manager-config.json'), CONTROLLER_MANAGER_KEYS],
])('%s uses only keys the component accepts, and all of them', (_name, config, known) => {
  const paths = [...new Set(keyPaths(config))].sort();
  expect(paths.filter(p => !known.includes(p))).toEqual([]);
  expect(known.filter(p => !paths.includes(p))).toEqual([]);
});

test('the removed default_svid_ttl key is never rendered', () => {
  for (const cm of objects.filter(o => o.kind === 'ConfigMap' && o.data)) {
    expect(JSON.stringify(cm.data)).not.toContain('default_svid_ttl');
  }
});

test('configs render with a stable key order', () => {
  const again = synthSpire({}).objects;
  const first = synthSpire({}).objects;
  const text = (objs: any[]) => objs.filter(o => o.kind === 'ConfigMap' && o.data).map(o => Object.values(o.data).join(''));
  expect(text(again)).toEqual(text(first));
  const server = configIn(first, 'spire-server', 'server.conf');
  expect(Object.keys(server)).toEqual([...Object.keys(server)].sort());
  expect(Object.keys(server.server)).toEqual([...Object.keys(server.server)].sort());
});
