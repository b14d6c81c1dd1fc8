import { Chart, Duration, Testing } from 'cdk8s';
import {
  AgentKeyManager, BundleEndpointExposure, BundleEndpointServing, DataStore, KubeletVerification, LogFormat, OidcDiscoveryProvider, OidcKeySource,
  OidcServing, ServerKeyManager, Spire, SpireProps, UpstreamAuthority, VaultAuth,
} from '../../src';
import { configIn, synthSpire } from '../util/synth';

// Keys SPIRE 1.15 and spire-controller-manager 0.7 accept (SPIRE-ISTIO-FACTS
// §3.6, §5.1, §5.2; logEncoding: spire-controller-manager docs/spire-controller-manager-config.md). SPIRE refuses unknown keys at start-up, so every key we
// render must be listed here. `*` stands for a user-chosen block label
// (cluster name, plugin-data map key). Sources of the production keys, all
// in spiffe/spire:
//   sql datastore: doc/plugin_server_datastore_sql.md, pkg/server/datastore/sqlcommon/config.go (Configuration)
//   upstream authorities: doc/plugin_server_upstreamauthority_{disk,cert_manager,vault,spire}.md,
//     pkg/server/plugin/upstreamauthority/certmanager/certmanager.go (Configuration)
//   telemetry: doc/telemetry/telemetry_config.md (Prometheus host, port)
//   log_format: doc/spire_server.md, doc/spire_agent.md
//   agent: doc/plugin_agent_keymanager_disk.md (directory), doc/plugin_agent_workloadattestor_unix.md,
//     doc/plugin_agent_workloadattestor_docker.md
const SERVER_KEYS = [
  'server.trust_domain', 'server.bind_address', 'server.bind_port', 'server.socket_path', 'server.data_dir',
  'server.log_level', 'server.log_format', 'server.ca_ttl', 'server.default_x509_svid_ttl', 'server.default_jwt_svid_ttl', 'server.agent_ttl',
  'server.ca_key_type', 'server.jwt_issuer', 'server.ca_subject.country', 'server.ca_subject.organization', 'server.ca_subject.common_name',
  'server.federation.bundle_endpoint.address', 'server.federation.bundle_endpoint.port', 'server.federation.bundle_endpoint.refresh_hint',
  'server.federation.bundle_endpoint.profile.https_spiffe',
  'plugins.DataStore.sql.plugin_data.database_type', 'plugins.DataStore.sql.plugin_data.connection_string',
  'plugins.DataStore.sql.plugin_data.ro_connection_string', 'plugins.DataStore.sql.plugin_data.root_ca_path',
  'plugins.DataStore.sql.plugin_data.client_cert_path', 'plugins.DataStore.sql.plugin_data.client_key_path',
  'plugins.DataStore.sql.plugin_data.max_open_conns', 'plugins.DataStore.sql.plugin_data.max_idle_conns',
  'plugins.DataStore.sql.plugin_data.conn_max_lifetime',
  'plugins.KeyManager.disk.plugin_data.keys_path', 'plugins.KeyManager.memory.plugin_data',
  'plugins.UpstreamAuthority.disk.plugin_data.cert_file_path', 'plugins.UpstreamAuthority.disk.plugin_data.key_file_path',
  'plugins.UpstreamAuthority.disk.plugin_data.bundle_file_path',
  'plugins.UpstreamAuthority.cert-manager.plugin_data.issuer_name', 'plugins.UpstreamAuthority.cert-manager.plugin_data.issuer_kind',
  'plugins.UpstreamAuthority.cert-manager.plugin_data.issuer_group', 'plugins.UpstreamAuthority.cert-manager.plugin_data.namespace',
  'plugins.UpstreamAuthority.vault.plugin_data.vault_addr', 'plugins.UpstreamAuthority.vault.plugin_data.pki_mount_point',
  'plugins.UpstreamAuthority.vault.plugin_data.ca_cert_path', 'plugins.UpstreamAuthority.vault.plugin_data.namespace',
  'plugins.UpstreamAuthority.vault.plugin_data.k8s_auth.k8s_auth_mount_point', 'plugins.UpstreamAuthority.vault.plugin_data.k8s_auth.k8s_auth_role_name',
  'plugins.UpstreamAuthority.vault.plugin_data.k8s_auth.token_path', 'plugins.UpstreamAuthority.vault.plugin_data.token_auth.token',
  'plugins.UpstreamAuthority.spire.plugin_data.server_address', 'plugins.UpstreamAuthority.spire.plugin_data.server_port',
  'plugins.UpstreamAuthority.spire.plugin_data.workload_api_socket',
  'telemetry.Prometheus.host', 'telemetry.Prometheus.port',
  'plugins.NodeAttestor.k8s_psat.plugin_data.clusters.*.service_account_allow_list',
  'plugins.NodeAttestor.k8s_psat.plugin_data.clusters.*.audience',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.namespace',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.configmap_name',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.configmap_key',
  'plugins.BundlePublisher.k8s_configmap.plugin_data.clusters.*.format',
  'health_checks.listener_enabled', 'health_checks.bind_address', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
];
const AGENT_KEYS = [
  'agent.trust_domain', 'agent.server_address', 'agent.server_port', 'agent.socket_path', 'agent.data_dir', 'agent.log_level', 'agent.log_format',
  'agent.trust_bundle_path', 'agent.trust_bundle_format',
  'agent.sds.default_svid_name', 'agent.sds.default_bundle_name', 'agent.sds.default_all_bundles_name', 'agent.sds.disable_spiffe_cert_validation',
  'plugins.KeyManager.memory.plugin_data', 'plugins.KeyManager.disk.plugin_data.directory',
  'plugins.WorkloadAttestor.unix.plugin_data.discover_workload_path', 'plugins.WorkloadAttestor.unix.plugin_data.workload_size_limit',
  'plugins.WorkloadAttestor.docker.plugin_data.docker_socket_path', 'plugins.WorkloadAttestor.docker.plugin_data.container_id_cgroup_matchers',
  'telemetry.Prometheus.host', 'telemetry.Prometheus.port',
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
// to pin the keys here. log_format and jwks_uri are Config fields of SPIRE 1.15
// (`hcl:"log_format"`, `hcl:"jwks_uri"`).
const OIDC_KEYS = [
  'domains', 'log_level', 'log_format', 'jwt_issuer', 'jwks_uri', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
  'workload_api.socket_path', 'workload_api.trust_domain', 'insecure_addr',
];
const OIDC_SERVER_API_TLS_KEYS = [
  'domains', 'log_level', 'jwt_issuer', 'jwks_uri', 'health_checks.bind_port', 'health_checks.live_path', 'health_checks.ready_path',
  'server_api.address', 'serving_cert_file.cert_file_path', 'serving_cert_file.key_file_path', 'serving_cert_file.addr',
];
const CONTROLLER_MANAGER_KEYS = [
  'apiVersion', 'kind', 'trustDomain', 'clusterName', 'className', 'watchClassless', 'ignoreNamespaces', 'spireServerSocketPath',
  'validatingWebhookConfigurationName', 'entryIDPrefix', 'logLevel', 'logEncoding',
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

// Every option that adds keys is switched on, over several variants where
// options exclude each other (one upstream authority, one key manager).
const ALL_ON: Partial<SpireProps> = {
  logFormat: LogFormat.JSON, // the controller manager's logEncoding
  server: {
    agentTtl: Duration.hours(1),
    jwtIssuer: 'https://oidc.example.org',
    caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' },
    replicas: 2,
    logFormat: LogFormat.JSON,
    dataStore: DataStore.mysql({
      connectionString: 'spire:${DBPW}@tcp(db:3306)/spire?parseTime=true',
      readOnlyConnectionString: 'spire:${DBPW}@tcp(db-ro:3306)/spire?parseTime=true',
      passwordSecretName: 'db',
      rootCaSecretName: 'db-ca',
      clientCertSecretName: 'db-client',
      maxOpenConns: 20,
      maxIdleConns: 5,
      connMaxLifetime: Duration.minutes(30),
    }),
    upstreamAuthority: UpstreamAuthority.disk({ secretName: 'upstream-ca', bundleKey: 'ca.crt' }),
  },
  agent: {
    sds: { defaultSvidName: 'default', defaultBundleName: 'null', defaultAllBundlesName: 'ROOTCA', disableSpiffeCertValidation: false },
    kubeletVerification: KubeletVerification.hostCaFile('/etc/kubernetes/ca.crt'),
    disableContainerSelectors: true,
    logFormat: LogFormat.JSON,
    keyManager: AgentKeyManager.disk(),
    unixAttestor: { discoverWorkloadPath: true, workloadSizeLimit: 1_000_000 },
    dockerAttestor: { containerIdCgroupMatchers: ['/docker/<id>'] },
  },
  controllerManager: { watchClassless: true, ignoreNamespacePatterns: ['^x-.*$'] },
  telemetry: {},
  bundleEndpoint: { refreshHint: Duration.minutes(5) },
};
const withServer = (server: NonNullable<SpireProps['server']>): Partial<SpireProps> => ({ ...ALL_ON, server: { ...ALL_ON.server, ...server } });
const VARIANTS: Array<Partial<SpireProps>> = [
  ALL_ON,
  {},
  withServer({ upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'spire-ca' }), keyManager: ServerKeyManager.memory() }),
  withServer({ upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', caCertSecretName: 'vault-ca', vaultNamespace: 'team', auth: VaultAuth.kubernetes({ role: 'spire' }) }) }),
  withServer({ upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', auth: VaultAuth.tokenFromSecret({ secretName: 'vault-token' }) }) }),
  withServer({ upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'spire-server.root.svc' }) }),
];
/** Every variant, with `extra` on top (a bundle endpoint profile). */
const renderAll = (extra: Partial<SpireProps> = {}) => VARIANTS.map(props => synthSpire({ ...props, ...extra }).objects);
const RENDERED = renderAll();
const { objects } = { objects: RENDERED[0] };

const pathsOf = (rendered: any[][], configMap: string, key: string) =>
  [...new Set(rendered.flatMap(objs => keyPaths(configIn(objs, configMap, key))))].sort();

const httpsWeb = renderAll({
  bundleEndpoint: {
    refreshHint: Duration.minutes(5),
    serving: BundleEndpointServing.httpsWebFromSecret('tls', { fileSyncInterval: Duration.minutes(1) }),
    exposure: BundleEndpointExposure.ingress({ host: 'spire.example.org' }),
  },
});

const acme = renderAll({
  bundleEndpoint: {
    refreshHint: Duration.minutes(5),
    serving: BundleEndpointServing.httpsWebAcme({ email: 'spire@example.org', tosAccepted: true, directoryUrl: 'https://acme.example.org/directory' }),
    exposure: BundleEndpointExposure.loadBalancer({ publicAddress: 'spire.example.org', port: 443 }),
  },
});

function oidcConfig(serverApiWithTls: boolean): any {
  const app = Testing.app();
  // The Workload API variant logs JSON through the Spire's logFormat (log_format), the other keeps the default (no key).
  const spire = new Spire(new Chart(app, 'spire'), 'spire', {
    trustDomain: 'example.org', clusterName: 'c', server: { jwtIssuer: 'https://oidc.example.org' }, logFormat: serverApiWithTls ? undefined : LogFormat.JSON,
  });
  const oidc = new OidcDiscoveryProvider(new Chart(app, 'identities'), 'oidc', serverApiWithTls
    ? { spire, keySource: OidcKeySource.serverApi(), serving: OidcServing.tlsFromSecret('oidc-tls') }
    : { spire });
  return JSON.parse(Object.values(oidc.configMap.toJson().data as Record<string, string>)[0]);
}

test.each([
  ['server.conf', pathsOf(RENDERED, 'spire-server', 'server.conf'), SERVER_KEYS],
  ['server.conf with an https_web bundle endpoint', pathsOf(httpsWeb, 'spire-server', 'server.conf'), HTTPS_WEB_SERVER_KEYS],
  ['server.conf with an ACME bundle endpoint', pathsOf(acme, 'spire-server', 'server.conf'), ACME_SERVER_KEYS],
  ['agent.conf', pathsOf(RENDERED, 'spire-agent', 'agent.conf'), AGENT_KEYS],
  ['oidc-discovery-provider.conf (Workload API, plain HTTP)', [...new Set(keyPaths(oidcConfig(false)))].sort(), OIDC_KEYS],
  ['oidc-discovery-provider.conf (server API, TLS)', [...new Set(keyPaths(oidcConfig(true)))].sort(), OIDC_SERVER_API_TLS_KEYS],
  ['controller manager config', pathsOf(RENDERED, 'spire-controller-manager', 'controller-manager-config.json'), CONTROLLER_MANAGER_KEYS],
])('%s uses only keys the component accepts, and all of them', (_name, paths, known) => {
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
