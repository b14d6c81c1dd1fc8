import * as fs from 'fs';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ClusterSpiffeId, DataStore, KubeletVerification, Spire, SpireProps,
} from '../../src';
import { tempDir } from '../util/files';

function spire(props: Partial<SpireProps>): Spire {
  const chart = new Chart(Testing.app(), 'spire');
  return new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster', ...props });
}

/** Every message names the construct path and type, the property and the value. */
function expectError(props: Partial<SpireProps>, property: string, value: string, rule: RegExp): void {
  let message = '';
  try {
    spire(props);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('spire/spire (Spire): ');
  expect(message).toContain(`${property} ${value}`);
  expect(message).toMatch(rule);
}

describe('Spire rejects bad input at synth time', () => {
  test('trust domain with uppercase letters', () => {
    expectError({ trustDomain: 'Example.org' }, 'trustDomain', '"Example.org"', /must be lowercase.*SPIFFE/);
  });

  test('trust domain written as a SPIFFE ID', () => {
    expectError({ trustDomain: 'spiffe://example.org' }, 'trustDomain', '"spiffe://example.org"', /scheme/);
  });

  test('cluster name that is not a SPIFFE path segment', () => {
    expectError({ clusterName: 'demo/cluster' }, 'clusterName', '"demo/cluster"', /\[A-Za-z0-9._-\]|segment/);
  });

  test('cluster name too long for SPIRE entry IDs', () => {
    expectError({ clusterName: 'c'.repeat(219) }, 'clusterName', `"${'c'.repeat(150)}`, /\.\.\. is longer than 218 characters.*entry IDs/);
  });

  test('namespace that is not a DNS label', () => {
    expectError({ serverNamespace: 'Spire_Server' }, 'serverNamespace', '"Spire_Server"', /Fix: use a valid namespace name/);
  });

  test('one namespace for server and agents while creating namespaces', () => {
    expectError({ serverNamespace: 'spire', systemNamespace: 'spire' }, 'systemNamespace', '"spire"', /privileged namespace.*restricted.*createNamespaces: false/);
  });

  test('more than one server replica on sqlite', () => {
    expectError({ server: { replicas: 3 } }, 'server.replicas', '3', /shared by all replicas.*sqlite3.*DataStore\.postgres/);
  });

  test('a fractional replica count', () => {
    expectError({ server: { replicas: 1.5 } }, 'server.replicas', '1.5', /whole number from 1 to 100\. Fix: use a whole number in that range, such as 1\./);
  });

  test('caTtl below six times an SVID TTL', () => {
    expectError({ server: { caTtl: Duration.hours(4), x509SvidTtl: Duration.hours(1) } }, 'server.caTtl', '"4h"', /less than 6 x server\.x509SvidTtl \(1h\).*raise caTtl to at least 6h/);
  });

  test('caTtl below six times the agent TTL', () => {
    expectError({ server: { agentTtl: Duration.hours(5) } }, 'server.caTtl', '"24h"', /server\.agentTtl \(5h\)/);
  });

  test('a zero TTL', () => {
    expectError({ server: { jwtSvidTtl: Duration.seconds(0) } }, 'server.jwtSvidTtl', '', /zero|greater than/);
    expectError({ server: { jwtSvidTtl: Duration.seconds(0) } }, 'server.jwtSvidTtl', '', /Fix: pass a positive Duration of whole milliseconds/);
  });

  test('a bundle endpoint port outside 1-65535', () => {
    expectError({ server: { federationBundleEndpointPort: 70000 } }, 'server.federationBundleEndpointPort', '70000', /whole number from 1 to 65535/);
  });

  test('a bundle endpoint port the server already uses', () => {
    expectError({ server: { federationBundleEndpointPort: 8081 } }, 'server.federationBundleEndpointPort', '8081', /already used by the server.*Fix: use another port/);
  });

  test('a JWT issuer that is not an absolute URL', () => {
    expectError({ server: { jwtIssuer: 'oidc.example.org' } }, 'server.jwtIssuer', '"oidc.example.org"', /absolute http\(s\) URL/);
  });

  test('an empty volume', () => {
    expectError({ server: { storageSize: Size.kibibytes(10) } }, 'server.storageSize', '', /at least 1Mi/);
  });

  test('a StorageClass name that is not a DNS subdomain', () => {
    expectError({ server: { storageClassName: 'Fast SSD' } }, 'server.storageClassName', '"Fast SSD"', /lowercase|DNS/);
  });

  test('a connection string with a password placeholder but no Secret', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}' }) } },
      'server.dataStore.connectionString', '"host=db password=${DBPW}"', /passwordSecretName/);
  });

  test('an empty connection string', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: ' ' }) } },
      'server.dataStore.connectionString', '" "', /must not be empty\. Fix: pass the database connection string\./);
  });

  test('a password Secret name that is not a DNS subdomain', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}', passwordSecretName: 'Spire_DB' }) } },
      'server.dataStore.passwordSecretName', '"Spire_DB"', /lowercase.*Fix: use the name of the Secret that holds the password/);
  });

  test('a password Secret key Kubernetes would reject', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db password=${DBPW}', passwordSecretName: 'spire-db', passwordSecretKey: 'db password' }) } },
      'server.dataStore.passwordSecretKey', '"db password"', /must be a Secret key.*Fix: use the key the Secret stores the password under/);
  });

  test('a password Secret the connection string never uses', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', passwordSecretName: 'db' }) } },
      'server.dataStore.connectionString', '"host=db"', /never used/);
  });

  test('an image reference with whitespace', () => {
    expectError({ agent: { image: 'spire agent' } }, 'agent.image', '"spire agent"', /without whitespace/);
  });

  test('a resource quantity Kubernetes cannot parse', () => {
    expectError({ server: { resources: { memoryRequest: '128MB' } } }, 'server.resources.memoryRequest', '"128MB"', /quantity/);
  });

  test('a priority class that is not a DNS subdomain', () => {
    expectError({ agent: { priorityClassName: 'Critical!' } }, 'agent.priorityClassName', '"Critical!"', /PriorityClass/);
  });

  test('a node selector with an invalid label key', () => {
    expectError({ server: { nodeSelector: { 'bad key': 'x' } } }, 'server.nodeSelector key', '"bad key"', /label key.*Fix: use a label key such as "kubernetes\.io\/os"/);
  });

  test('a node selector with an invalid label value', () => {
    expectError({ agent: { nodeSelector: { 'kubernetes.io/os': 'linux!' } } }, 'agent.nodeSelector["kubernetes.io/os"]', '"linux!"', /label value.*Fix: use a label value such as "linux"/);
  });

  test('a socket file name that is a path', () => {
    expectError({ agent: { socketFileName: 'sockets/agent.sock' } }, 'agent.socketFileName', '"sockets/agent.sock"', /bare file name/);
  });

  test('a relative socket directory', () => {
    expectError({ agent: { socketDirectory: 'run/spire' } }, 'agent.socketDirectory', '"run/spire"', /absolute path/);
  });

  test('a socket directory with a ".." segment', () => {
    expectError({ agent: { socketDirectory: '/run/../spire' } }, 'agent.socketDirectory', '"/run/../spire"', /"\.\." segments \(a normalized absolute path\)\. Fix: /);
  });

  test('a socket directory inside the kubelet directory', () => {
    expectError({ agent: { socketDirectory: '/var/lib/kubelet/spire' } }, 'agent.socketDirectory', '"/var/lib/kubelet/spire"', /kubelet directory/);
  });

  test('a relative kubelet CA path', () => {
    expectError({ agent: { kubeletVerification: KubeletVerification.hostCaFile('ca.crt') } }, 'agent.kubeletVerification hostCaFile', '"ca.crt"', /absolute path/);
  });

  test('an SDS resource name with whitespace', () => {
    expectError({ agent: { sds: { defaultSvidName: 'my svid' } } }, 'agent.sds.defaultSvidName', '"my svid"',
      /without whitespace\. Fix: drop agent\.sds\.defaultSvidName to keep SPIRE's default "default"\./);
  });

  test('SDS bundle names that collide', () => {
    expectError({ agent: { sds: { defaultBundleName: 'ROOTCA', defaultAllBundlesName: 'ROOTCA' } } },
      'agent.sds.defaultAllBundlesName', '"ROOTCA"', /must differ.*"null".*ROOTCA/);
  });

  test('a CSI driver name that is not a DNS subdomain', () => {
    expectError({ csiDriver: { driverName: 'CSI_SPIFFE' } }, 'csiDriver.driverName', '"CSI_SPIFFE"', /csi\.spiffe\.io/);
  });

  test('a CSI driver name longer than 63 characters', () => {
    expectError({ csiDriver: { driverName: `${'c'.repeat(61)}.io` } }, 'csiDriver.driverName', '"ccc', /longer than 63.*Fix: use a domain-style name/);
  });

  test('a relative kubelet root directory', () => {
    expectError({ csiDriver: { kubeletRootDirectory: 'var/lib/kubelet' } }, 'csiDriver.kubeletRootDirectory', '"var/lib/kubelet"', /absolute path/);
  });

  test('an empty className', () => {
    expectError({ controllerManager: { className: '' } }, 'controllerManager.className', '""', /classless/);
  });

  test('a regular expression among the exact ignored namespaces', () => {
    expectError({ controllerManager: { ignoreNamespaces: ['openshift-.*'] } }, 'controllerManager.ignoreNamespaces[0]', '"openshift-.*"', /exact namespace names.*ignoreNamespacePatterns/);
  });

  test('an unanchored ignored-namespace pattern', () => {
    expectError({ controllerManager: { ignoreNamespacePatterns: ['openshift-.*'] } }, 'controllerManager.ignoreNamespacePatterns[0]', '"openshift-.*"', /\^openshift-\.\*\$/);
  });

  test('an ignored-namespace pattern Go cannot compile', () => {
    expectError({ controllerManager: { ignoreNamespacePatterns: ['^(?!kube-).*$'] } }, 'controllerManager.ignoreNamespacePatterns[0]', '"^(?!kube-).*$"',
      /lookaround.*Fix: write an anchored Go \(RE2\) regular expression/);
  });
});

describe('nothing is written when validation fails', () => {
  test('a construct error stops the app before synth', () => {
    const outdir = tempDir();
    const build = () => {
      const app = new App({ outdir });
      new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'Example.org', clusterName: 'demo' });
      app.synth();
    };
    expect(build).toThrow(/trustDomain "Example.org"/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('an app-level check fails synth before any file is written', () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const crds = new Chart(app, 'a-valid-chart');
    new Spire(crds, 'spire', { trustDomain: 'example.org', clusterName: 'demo' });
    // No spire link and no className: the only controller in the app would ignore it.
    new ClusterSpiffeId(new Chart(app, 'identities'), 'orphan', {
      spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'x' } },
    });
    expect(() => app.synth()).toThrow(/className \(unset\) is unset, and no controller manager in this app reconciles classless resources/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
