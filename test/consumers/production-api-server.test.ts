// The production example and every production variant, applied to what a
// kube-apiserver checks without a cluster (test/util/api-server.ts: strict
// fields, namespaces first, Pod Security of each namespace, pod warnings).
// prometheus-operator monitors need that operator's CRDs, which a cluster
// has beforehand; they are left out here and validated against the schema
// from those CRDs (test/util/monitor-validator.ts) instead.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { buildProduction } from '../../examples/production/app';
import {
  AgentKeyManager, DataStore, PrometheusMonitor, ServerKeyManager, ServerSpread, Spire, SpireCrds, SpireProps, UpstreamAuthority, VaultAuth,
} from '../../src';
import { applyToApiServer } from '../util/api-server';
import { readManifests, tempDir } from '../util/files';
import { validateMonitor } from '../util/monitor-validator';

const isMonitor = (o: any) => o.apiVersion === 'monitoring.coreos.com/v1';

function applied(objects: any[]) {
  for (const monitor of objects.filter(isMonitor)) expect(validateMonitor(monitor)).toEqual([]);
  return applyToApiServer(objects.filter(o => !isMonitor(o)));
}

test('the production example applies with no error and no warning', () => {
  const dir = tempDir();
  try {
    buildProduction(dir).synth();
    const objects = [...readManifests(dir).values()].flat();
    expect(objects.filter(isMonitor)).toHaveLength(2);
    expect(applied(objects)).toEqual({ errors: [], warnings: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const PG = "dbname=spire user=spire host=db password='${DBPW}' sslmode=verify-full";
const VARIANTS: Array<[string, Partial<SpireProps>]> = [
  ['postgres with TLS Secrets, 3 replicas one per node', {
    server: {
      replicas: 3,
      spread: ServerSpread.oneReplicaPerNode(),
      dataStore: DataStore.postgres({ connectionString: PG, readOnlyConnectionString: PG, passwordSecretName: 'db', rootCaSecretName: 'db-ca', clientCertSecretName: 'db-client' }),
    },
  }],
  ['mysql', { server: { replicas: 2, dataStore: DataStore.mysql({ connectionString: 'spire:${DBPW}@tcp(db:3306)/spire?parseTime=true', passwordSecretName: 'db' }) } }],
  ['disk upstream authority, memory key manager', { server: { upstreamAuthority: UpstreamAuthority.disk({ secretName: 'ca' }), keyManager: ServerKeyManager.memory() } }],
  ['cert-manager upstream authority', { server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'spire-ca' }) } }],
  ['vault with Kubernetes auth', { server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', caCertSecretName: 'vault-ca', auth: VaultAuth.kubernetes({ role: 'spire' }) }) } }],
  ['vault with a token Secret', { server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', auth: VaultAuth.tokenFromSecret({ secretName: 'vault' }) }) } }],
  ['nested spire', { server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'spire-server.root.svc' }) } }],
  ['telemetry with ServiceMonitors and NetworkPolicies', { telemetry: { monitor: PrometheusMonitor.serviceMonitor() }, networkPolicies: {}, server: { federationBundleEndpointPort: 8443 } }],
  ['unix attestor with path discovery, docker attestor, disk agent keys', {
    agent: { unixAttestor: { discoverWorkloadPath: true }, dockerAttestor: {}, keyManager: AgentKeyManager.disk() },
  }],
  ['disk agent keys as non-root', { agent: { keyManager: AgentKeyManager.disk('/var/lib/spire-agent-prod') } }],
];

test.each(VARIANTS)('%s: applies with no error and no warning (server namespace stays restricted)', (_name, props) => {
  const app = Testing.app();
  const crds = new Chart(app, 'crds');
  new SpireCrds(crds, 'crds');
  const chart = new Chart(app, 'spire');
  new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'prod', ...props });
  expect(applied([...Testing.synth(crds), ...Testing.synth(chart)])).toEqual({ errors: [], warnings: [] });
});

test('the check sees a hostPath in the restricted server namespace (so the passes above mean something)', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'spire');
  new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'prod', server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'root' }) } });
  const objects = Testing.synth(chart);
  const sts = objects.find(o => o.kind === 'StatefulSet');
  // The upstream agent socket as a hostPath instead of the CSI volume.
  sts.spec.template.spec.volumes = sts.spec.template.spec.volumes.map((v: any) => (v.csi ? { name: v.name, hostPath: { path: '/run/spire/sockets' } } : v));
  // Pods of a controller are refused after the template is admitted: the API server warns.
  expect(applyToApiServer(objects).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^StatefulSet\/spire-server\/spire-server: pods will be rejected: violates PodSecurity "restricted:latest": .*hostPath/)]));
});

/** Absolute file paths SPIRE opens, from server.conf: each must lie on a volume the server container mounts. */
function unmountedPaths(objects: any[]): string[] {
  const conf = JSON.parse(objects.find(o => o.kind === 'ConfigMap' && o.data?.['server.conf']).data['server.conf']);
  const sts = objects.find(o => o.kind === 'StatefulSet' && o.metadata.name === 'spire-server');
  const server = sts.spec.template.spec.containers.find((c: any) => c.name === 'spire-server');
  const files: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      // Paths inside a postgres connection string (sslrootcert=/..., sslkey=/...).
      for (const m of value.matchAll(/(?:^|[\s=])(\/run\/[^\s']+)/g)) files.push(m[1]);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(conf.plugins);
  return files.filter(file => {
    const mount = server.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
    if (!mount) return true;
    const source = sts.spec.template.spec.volumes?.find((v: any) => v.name === mount.name);
    // A Secret volume without items projects every key as a file named after it.
    return source?.secret !== undefined && path.posix.dirname(file) !== mount.mountPath;
  });
}

test.each(VARIANTS)('%s: every file server.conf names lies on a mounted volume', (_name, props) => {
  const app = Testing.app();
  const chart = new Chart(app, 'spire');
  new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'prod', ...props });
  expect(unmountedPaths(Testing.synth(chart))).toEqual([]);
});
