import { App, Chart, Duration } from 'cdk8s';
import {
  BundleEndpointProfile, ClusterFederatedTrustDomain, ClusterSpiffeId, DataStore, LabelSelectorOperator, LogFormat,
  OidcDiscoveryProvider, PrometheusMonitor, Spire, SpireCrds, SpireProps,
} from 'cdk8s-spire';

/**
 * The Helm chart's production setup (helm-charts-hardened case d) in
 * cdk8s-spire: trust domain prod.example.com on cluster prod-cluster, three
 * server replicas on an external PostgreSQL with the password from the
 * Secret `spire-db`, a PodDisruptionBudget and spread over nodes and zones,
 * the federation bundle endpoint and one federated partner, Prometheus
 * metrics with PodMonitors for kube-prometheus-stack, JSON logs, the OIDC
 * discovery provider, and NetworkPolicies around the server.
 *
 * Before applying: create the Secrets `spire-db` (key `password`) and
 * `spire-db-ca` (key `ca.crt`, the database server's CA) in spire-server;
 * before the identities, load partner.example.net's bundle with
 * `spire-server bundle set -format spiffe -id spiffe://partner.example.net`.
 */
export function buildProduction(outdir = 'dist/production', overrides: Partial<SpireProps> = {}): App {
  const app = new App({ outdir });

  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');

  const chart = new Chart(app, 'spire');
  chart.addDependency(crds);
  const spire = new Spire(chart, 'spire', withOverrides({
    trustDomain: 'prod.example.com',
    clusterName: 'prod-cluster',
    server: {
      replicas: 3,
      caSubject: { country: ['US'], organization: ['ExampleCorp'], commonName: 'prod.example.com' },
      // JWT SVIDs name the OIDC discovery provider below as their issuer.
      jwtIssuer: 'https://oidc-discovery.prod.example.com',
      logFormat: LogFormat.JSON,
      dataStore: DataStore.postgres({
        // The chart's case d uses sslmode=require (encrypted, server not
        // verified); we verify the server against its CA.
        connectionString: "dbname=spire user=spire host=postgresql.database.svc port=5432 password='${DBPW}' sslmode=verify-full",
        passwordSecretName: 'spire-db',
        passwordSecretKey: 'password',
        rootCaSecretName: 'spire-db-ca',
        // The chart's case d values; 3 replicas x 100 connections must fit the database's max_connections.
        maxOpenConns: 100,
        maxIdleConns: 2,
        connMaxLifetime: Duration.minutes(30),
      }),
      federationBundleEndpointPort: 8443,
    },
    agent: { logFormat: LogFormat.JSON },
    telemetry: {
      monitor: PrometheusMonitor.podMonitor({ labels: { release: 'kube-prometheus-stack' } }),
      scraperNamespaces: ['monitoring'],
    },
    networkPolicies: {
      // Narrow these to the cluster's node, control-plane and database ranges.
    },
  }, overrides));

  // Applied once the server is Ready: the controller manager's webhook runs in its pod.
  const identities = new Chart(app, 'spire-identities');
  new ClusterFederatedTrustDomain(identities, 'partner', {
    spire,
    trustDomain: 'partner.example.net',
    bundleEndpointUrl: 'https://spire-server-federation.partner.example.net',
    bundleEndpointProfile: BundleEndpointProfile.httpsSpiffe('spiffe://partner.example.net/spire/server'),
    // SPIRE authenticates an https_spiffe endpoint with the partner's bundle,
    // so the first one comes out of band (`spire-server bundle set`). The
    // chart's case d sets neither, and its first fetch can never succeed.
    bundleLoadedOutOfBand: true,
    metadata: { name: 'partner' },
  });
  new ClusterSpiffeId(identities, 'default', {
    spire,
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    fallback: true,
    hint: 'default',
    federatesWith: ['partner.example.net'],
    namespaceSelector: {
      matchExpressions: [{
        key: 'kubernetes.io/metadata.name',
        operator: LabelSelectorOperator.NOT_IN,
        values: [spire.serverNamespace, spire.systemNamespace],
      }],
    },
    metadata: { name: 'default' },
  });
  // Relying parties verify this trust domain's JWT SVIDs with its keys.
  new OidcDiscoveryProvider(identities, 'oidc', { spire });

  return app;
}

/** `props` with `overrides` on top; server, agent and csiDriver options merge one level deep. */
function withOverrides(props: SpireProps, overrides: Partial<SpireProps>): SpireProps {
  return {
    ...props,
    ...overrides,
    server: { ...props.server, ...overrides.server },
    agent: { ...props.agent, ...overrides.agent },
    csiDriver: { ...props.csiDriver, ...overrides.csiDriver },
  };
}
