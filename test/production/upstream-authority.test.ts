import {
  ServerKeyManager, SpireProps, UpstreamAuthority, VaultAuth,
} from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, synthSpire, volume } from '../util/synth';

function render(props: Partial<SpireProps>) {
  const { objects } = synthSpire(props);
  const sts = find(objects, 'StatefulSet', 'spire-server');
  const conf = configIn(objects, 'spire-server', 'server.conf');
  return { objects, sts, server: container(sts, 'spire-server'), conf };
}

function expectError(props: Partial<SpireProps>, property: string, rule: RegExp): void {
  const message = errorOf(() => synthSpire(props));
  expect(message).toContain(`spire/spire (Spire): ${property} `);
  expect(message).toMatch(rule);
  expect(message).toMatch(/Fix: .+\.$/);
}

describe('UpstreamAuthority', () => {
  test('disk: CA certificate, key and root bundle from a Secret, mounted read-only', () => {
    const { objects, sts, server, conf } = render({ server: { upstreamAuthority: UpstreamAuthority.disk({ secretName: 'upstream-ca', bundleKey: 'ca.crt' }) } });
    expect(conf.plugins.UpstreamAuthority).toEqual([{
      disk: { plugin_data: { cert_file_path: '/run/spire/upstream-ca/tls.crt', key_file_path: '/run/spire/upstream-ca/tls.key', bundle_file_path: '/run/spire/upstream-ca/ca.crt' } },
    }]);
    expect(volume(sts, 'upstream-ca')).toEqual({ name: 'upstream-ca', secret: { secretName: 'upstream-ca', defaultMode: 0o440 } });
    expect(server.volumeMounts).toContainEqual({ name: 'upstream-ca', mountPath: '/run/spire/upstream-ca', readOnly: true });
    expect(server.args).not.toContain('-expandEnv');
    expect(validateAll(objects)).toEqual([]);
  });

  test('cert-manager: the issuer reference and a Role for CertificateRequests in its namespace', () => {
    const { objects, conf } = render({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'spire-ca', issuerKind: 'ClusterIssuer', namespace: 'cert-manager' }) } });
    expect(conf.plugins.UpstreamAuthority).toEqual([{
      'cert-manager': { plugin_data: { issuer_name: 'spire-ca', issuer_kind: 'ClusterIssuer', issuer_group: 'cert-manager.io', namespace: 'cert-manager' } },
    }]);
    const role = find(objects, 'Role', 'spire-server-upstream-authority');
    expect(role.metadata.namespace).toBe('cert-manager');
    expect(role.rules).toEqual([{ apiGroups: ['cert-manager.io'], resources: ['certificaterequests'], verbs: ['create', 'get', 'list', 'delete'] }]);
    const binding = find(objects, 'RoleBinding', 'spire-server-upstream-authority');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'spire-server', namespace: 'spire-server' }]);
    expect(validateAll(objects)).toEqual([]);
  });

  test('cert-manager defaults to the server namespace and the Issuer kind', () => {
    const { objects, conf } = render({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'spire-ca' }) } });
    expect(conf.plugins.UpstreamAuthority[0]['cert-manager'].plugin_data).toMatchObject({ issuer_kind: 'Issuer', namespace: 'spire-server' });
    expect(find(objects, 'Role', 'spire-server-upstream-authority').metadata.namespace).toBe('spire-server');
  });

  test('vault with Kubernetes auth: a projected token with the role\'s audience', () => {
    const { objects, sts, server, conf } = render({
      server: {
        upstreamAuthority: UpstreamAuthority.vault({
          address: 'https://vault.example.org:8200',
          pkiMountPoint: 'pki_int',
          caCertSecretName: 'vault-ca',
          auth: VaultAuth.kubernetes({ role: 'spire-server', audience: 'vault.example.org' }),
        }),
      },
    });
    expect(conf.plugins.UpstreamAuthority).toEqual([{
      vault: {
        plugin_data: {
          vault_addr: 'https://vault.example.org:8200',
          pki_mount_point: 'pki_int',
          ca_cert_path: '/run/spire/vault-ca/ca.crt',
          k8s_auth: { k8s_auth_mount_point: 'kubernetes', k8s_auth_role_name: 'spire-server', token_path: '/run/spire/vault-token/token' },
        },
      },
    }]);
    expect(volume(sts, 'vault-token').projected.sources).toEqual([{ serviceAccountToken: { path: 'token', audience: 'vault.example.org', expirationSeconds: 3600 } }]);
    expect(server.volumeMounts).toContainEqual({ name: 'vault-token', mountPath: '/run/spire/vault-token', readOnly: true });
    expect(server.env).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });

  test('vault with a token from a Secret: env plus -expandEnv, never the token in the ConfigMap', () => {
    const { objects, server, conf } = render({
      server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', auth: VaultAuth.tokenFromSecret({ secretName: 'vault-token' }) }) },
    });
    expect(conf.plugins.UpstreamAuthority[0].vault.plugin_data.token_auth).toEqual({ token: '${VAULT_TOKEN}' });
    expect(server.env).toEqual([{ name: 'VAULT_TOKEN', valueFrom: { secretKeyRef: { name: 'vault-token', key: 'token' } } }]);
    expect(server.args).toContain('-expandEnv');
    expect(validateAll(objects)).toEqual([]);
  });

  test('spire (nested): upstream server address and the upstream agent socket through a CSI volume', () => {
    const { objects, sts, server, conf } = render({ server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'spire-server.spire-root.svc' }) } });
    expect(conf.plugins.UpstreamAuthority).toEqual([{
      spire: { plugin_data: { server_address: 'spire-server.spire-root.svc', server_port: '8081', workload_api_socket: '/run/spire/upstream-agent/spire-agent.sock' } },
    }]);
    expect(volume(sts, 'upstream-agent-socket')).toEqual({ name: 'upstream-agent-socket', csi: { driver: 'upstream.csi.spiffe.io', readOnly: true } });
    expect(server.volumeMounts).toContainEqual({ name: 'upstream-agent-socket', mountPath: '/run/spire/upstream-agent', readOnly: true });
    // Restricted namespace: no hostPath anywhere in the server pod.
    expect(sts.spec.template.spec.volumes.filter((v: any) => v.hostPath)).toEqual([]);
    expect(validateAll(objects)).toEqual([]);
  });

  test('no upstream authority: no plugin, each replica its own root', () => {
    expect(render({}).conf.plugins.UpstreamAuthority).toBeUndefined();
  });

  test('checks', () => {
    expectError({ server: { upstreamAuthority: UpstreamAuthority.disk({ secretName: 'Upstream CA' }) } }, 'server.upstreamAuthority.secretName', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.disk({ secretName: 'ca', certificateKey: 'k', privateKeyKey: 'k' }) } }, 'server.upstreamAuthority.certificateKey', /same Secret key/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'ca', issuerKind: 'clusterissuer' }) } }, 'server.upstreamAuthority.issuerKind', /CamelCase/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'CA!' }) } }, 'server.upstreamAuthority.issuerName', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'ca', namespace: 'Cert_Manager' }) } }, 'server.upstreamAuthority.namespace', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'vault:8200', auth: VaultAuth.kubernetes({ role: 'r' }) }) } },
      'server.upstreamAuthority.address', /absolute http\(s\) URL/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'http://vault:8200', auth: VaultAuth.kubernetes({ role: 'r' }) }) } },
      'server.upstreamAuthority.address', /plain http/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', pkiMountPoint: '/pki/', auth: VaultAuth.kubernetes({ role: 'r' }) }) } },
      'server.upstreamAuthority.pkiMountPoint', /mount path/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', auth: VaultAuth.kubernetes({ role: '' }) }) } },
      'server.upstreamAuthority.auth role', /Vault role name/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', auth: VaultAuth.kubernetes({ role: 'r', audience: ' ' }) }) } },
      'server.upstreamAuthority.auth audience', /must not be empty/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', auth: VaultAuth.tokenFromSecret({ secretName: 'v', secretKey: 'a b' }) }) } },
      'server.upstreamAuthority.auth secretKey', /Secret key/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.certManager({ issuerName: 'ca', issuerGroup: 'Cert Manager' }) } }, 'server.upstreamAuthority.issuerGroup', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', caCertSecretName: 'Vault CA', auth: VaultAuth.kubernetes({ role: 'r' }) }) } },
      'server.upstreamAuthority.caCertSecretName', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault', vaultNamespace: '/team/', auth: VaultAuth.kubernetes({ role: 'r' }) }) } },
      'server.upstreamAuthority.vaultNamespace', /namespace path/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'root', csiDriverName: 'Upstream CSI' }) } }, 'server.upstreamAuthority.csiDriverName', /lowercase|DNS/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'https://root:8081' }) } }, 'server.upstreamAuthority.serverAddress', /without scheme or port/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'root', serverPort: 0 }) } }, 'server.upstreamAuthority.serverPort', /whole number/);
    expectError({ server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'root', socketFileName: '../x' }) } }, 'server.upstreamAuthority.socketFileName', /bare file name/);
  });
});

describe('ServerKeyManager', () => {
  test('disk keeps keys on the volume (default); memory renders the memory plugin', () => {
    expect(render({}).conf.plugins.KeyManager).toEqual([{ disk: { plugin_data: { keys_path: '/run/spire/data/keys.json' } } }]);
    expect(render({ server: { keyManager: ServerKeyManager.memory() } }).conf.plugins.KeyManager).toEqual([{ memory: { plugin_data: {} } }]);
  });
});
