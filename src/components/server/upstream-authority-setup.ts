import { IConstruct } from 'constructs';
import { UpstreamAuthority } from './upstream-authority';
import { propertyError } from '../../errors';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../../spiffe/k8s-names';
import { parseAbsoluteUrl } from '../../spiffe/url';
import { checkInteger } from '../common/checks';
import type { IContainer, IPolicyRule, IVolume, IVolumeMount } from '../common/kubernetes';

const UPSTREAM_CA_DIRECTORY = '/run/spire/upstream-ca';
const VAULT_CA_DIRECTORY = '/run/spire/vault-ca';
const VAULT_TOKEN_DIRECTORY = '/run/spire/vault-token';
const UPSTREAM_AGENT_DIRECTORY = '/run/spire/upstream-agent';
/** SPIRE's -expandEnv replaces this with the Vault token from the Secret. */
export const VAULT_TOKEN_PLACEHOLDER = '${VAULT_TOKEN}';
const SECRET_FILE_MODE = 0o440;

/** What the server needs for its UpstreamAuthority. */
export interface UpstreamAuthoritySetup {
  readonly pluginName: string;
  readonly pluginData: Record<string, unknown>;
  readonly env: NonNullable<IContainer['env']>;
  readonly volumes: IVolume[];
  readonly mounts: IVolumeMount[];
  readonly expandEnv: boolean;
  /** A Role the server needs in another (or its own) namespace. */
  readonly role?: { readonly namespace: string; readonly rules: IPolicyRule[] };
  /** Where the server connects (for the egress NetworkPolicy); undefined when it only talks to the API server. */
  readonly egressPort?: number;
}

const PROPERTY = 'server.upstreamAuthority';

export function upstreamAuthoritySetup(
  scope: IConstruct, authority: UpstreamAuthority | undefined, serverNamespace: string,
): UpstreamAuthoritySetup | undefined {
  if (!authority) return undefined;
  const set = [authority.diskOptions, authority.certManagerOptions, authority.vaultOptions, authority.spireOptions].filter(o => o !== undefined);
  if (set.length !== 1) {
    throw propertyError(scope, PROPERTY, authority.pluginName, `configures ${set.length} upstream authorities; SPIRE runs at most one`,
      'pick one of UpstreamAuthority.disk, certManager, vault or spire');
  }
  if (authority.diskOptions) return disk(scope, authority);
  if (authority.certManagerOptions) return certManager(scope, authority, serverNamespace);
  if (authority.vaultOptions) return vault(scope, authority);
  return spire(scope, authority);
}

function disk(scope: IConstruct, authority: UpstreamAuthority): UpstreamAuthoritySetup {
  const o = authority.diskOptions!;
  secretName(scope, `${PROPERTY}.secretName`, o.secretName);
  const cert = secretKey(scope, `${PROPERTY}.certificateKey`, o.certificateKey ?? 'tls.crt');
  const key = secretKey(scope, `${PROPERTY}.privateKeyKey`, o.privateKeyKey ?? 'tls.key');
  const bundle = o.bundleKey !== undefined ? secretKey(scope, `${PROPERTY}.bundleKey`, o.bundleKey) : undefined;
  if (cert === key || (bundle !== undefined && (bundle === cert || bundle === key))) {
    throw propertyError(scope, `${PROPERTY}.certificateKey`, cert, 'names the same Secret key as another of the CA files', 'use distinct keys such as tls.crt, tls.key and ca.crt');
  }
  return {
    pluginName: 'disk',
    pluginData: {
      cert_file_path: `${UPSTREAM_CA_DIRECTORY}/${cert}`,
      key_file_path: `${UPSTREAM_CA_DIRECTORY}/${key}`,
      bundle_file_path: bundle !== undefined ? `${UPSTREAM_CA_DIRECTORY}/${bundle}` : undefined,
    },
    env: [],
    volumes: [{ name: 'upstream-ca', secret: { secretName: o.secretName, defaultMode: SECRET_FILE_MODE } }],
    mounts: [{ name: 'upstream-ca', mountPath: UPSTREAM_CA_DIRECTORY, readOnly: true }],
    expandEnv: false,
  };
}

function certManager(scope: IConstruct, authority: UpstreamAuthority, serverNamespace: string): UpstreamAuthoritySetup {
  const o = authority.certManagerOptions!;
  const nameProblem = dns1123SubdomainProblem(o.issuerName);
  if (nameProblem) throw propertyError(scope, `${PROPERTY}.issuerName`, o.issuerName, nameProblem, 'name an existing cert-manager Issuer or ClusterIssuer');
  const kind = o.issuerKind ?? 'Issuer';
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw propertyError(scope, `${PROPERTY}.issuerKind`, kind, 'must be a Kubernetes kind (CamelCase, such as Issuer or ClusterIssuer)', 'use "Issuer" or "ClusterIssuer"');
  }
  const group = o.issuerGroup ?? 'cert-manager.io';
  const groupProblem = dns1123SubdomainProblem(group);
  if (groupProblem) throw propertyError(scope, `${PROPERTY}.issuerGroup`, group, groupProblem, 'use the issuer\'s API group, such as "cert-manager.io"');
  const namespace = o.namespace ?? serverNamespace;
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) throw propertyError(scope, `${PROPERTY}.namespace`, namespace, nsProblem, 'use the namespace of the Issuer, such as "spire-server"');
  return {
    pluginName: 'cert-manager',
    pluginData: { issuer_name: o.issuerName, issuer_kind: kind, issuer_group: group, namespace },
    env: [],
    volumes: [],
    mounts: [],
    expandEnv: false,
    // The plugin creates a CertificateRequest, polls it with get, and lists
    // and deletes its stale ones (spiffe/spire pkg/server/plugin/upstreamauthority/certmanager).
    role: {
      namespace,
      rules: [{ apiGroups: ['cert-manager.io'], resources: ['certificaterequests'], verbs: ['create', 'get', 'list', 'delete'] }],
    },
  };
}

function vault(scope: IConstruct, authority: UpstreamAuthority): UpstreamAuthoritySetup {
  const o = authority.vaultOptions!;
  const url = parseAbsoluteUrl(o.address);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    throw propertyError(scope, `${PROPERTY}.address`, o.address, 'must be an absolute http(s) URL', 'write it like "https://vault.example.org:8200"');
  }
  if (url.protocol === 'http:') {
    throw propertyError(scope, `${PROPERTY}.address`, o.address, 'uses plain http, which would send the Vault login and the signed CA in clear text', 'use the https:// address of Vault');
  }
  const mount = o.pkiMountPoint ?? 'pki';
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(mount)) {
    throw propertyError(scope, `${PROPERTY}.pkiMountPoint`, mount, 'must be a Vault mount path without leading or trailing "/"', 'use the PKI engine\'s mount, such as "pki" or "pki_int"');
  }
  const env: NonNullable<IContainer['env']> = [];
  const volumes: IVolume[] = [];
  const mounts: IVolumeMount[] = [];
  if (o.vaultNamespace !== undefined && !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(o.vaultNamespace)) {
    throw propertyError(scope, `${PROPERTY}.vaultNamespace`, o.vaultNamespace, 'must be a Vault namespace path without leading or trailing "/"',
      'use the namespace as Vault names it, such as "platform/spire", or leave it unset');
  }
  const data: Record<string, unknown> = { vault_addr: o.address, pki_mount_point: mount, namespace: o.vaultNamespace };
  if (o.caCertSecretName !== undefined) {
    secretName(scope, `${PROPERTY}.caCertSecretName`, o.caCertSecretName);
    const key = secretKey(scope, `${PROPERTY}.caCertSecretKey`, o.caCertSecretKey ?? 'ca.crt');
    volumes.push({ name: 'vault-ca', secret: { secretName: o.caCertSecretName, defaultMode: SECRET_FILE_MODE } });
    mounts.push({ name: 'vault-ca', mountPath: VAULT_CA_DIRECTORY, readOnly: true });
    data.ca_cert_path = `${VAULT_CA_DIRECTORY}/${key}`;
  }
  let expandEnv = false;
  const k8s = o.auth.kubernetesOptions;
  const token = o.auth.tokenOptions;
  if (k8s) {
    if (k8s.role.trim() === '' || /\s/.test(k8s.role)) {
      throw propertyError(scope, `${PROPERTY}.auth role`, k8s.role, 'must be a Vault role name without whitespace', 'name the Vault role bound to the spire-server ServiceAccount');
    }
    const audience = k8s.audience ?? 'vault';
    if (audience.trim() === '') throw propertyError(scope, `${PROPERTY}.auth audience`, audience, 'must not be empty', 'use the audience the Vault role expects, such as "vault"');
    volumes.push({
      name: 'vault-token',
      projected: { sources: [{ serviceAccountToken: { path: 'token', audience, expirationSeconds: 3600 } }] },
    });
    mounts.push({ name: 'vault-token', mountPath: VAULT_TOKEN_DIRECTORY, readOnly: true });
    data.k8s_auth = {
      k8s_auth_mount_point: k8s.mountPoint ?? 'kubernetes',
      k8s_auth_role_name: k8s.role,
      token_path: `${VAULT_TOKEN_DIRECTORY}/token`,
    };
  } else if (token) {
    secretName(scope, `${PROPERTY}.auth secretName`, token.secretName);
    const key = secretKey(scope, `${PROPERTY}.auth secretKey`, token.secretKey ?? 'token');
    env.push({ name: 'VAULT_TOKEN', valueFrom: { secretKeyRef: { name: token.secretName, key } } });
    data.token_auth = { token: VAULT_TOKEN_PLACEHOLDER };
    expandEnv = true;
  }
  return {
    pluginName: 'vault',
    pluginData: data,
    env,
    volumes,
    mounts,
    expandEnv,
    egressPort: Number(url.port || 443),
  };
}

function spire(scope: IConstruct, authority: UpstreamAuthority): UpstreamAuthoritySetup {
  const o = authority.spireOptions!;
  const hostProblem = o.serverAddress.length === 0 || /[\s/:]/.test(o.serverAddress) ? 'must be a DNS name or IPv4 address without scheme or port' : undefined;
  if (hostProblem) throw propertyError(scope, `${PROPERTY}.serverAddress`, o.serverAddress, hostProblem, 'write it like "spire-server.spire-root.svc"');
  const port = checkInteger(scope, `${PROPERTY}.serverPort`, o.serverPort ?? 8081, 1, 65535);
  const driver = o.csiDriverName ?? 'upstream.csi.spiffe.io';
  const driverProblem = dns1123SubdomainProblem(driver);
  if (driverProblem) throw propertyError(scope, `${PROPERTY}.csiDriverName`, driver, driverProblem, 'use the upstream SPIFFE CSI driver\'s name, such as "upstream.csi.spiffe.io"');
  const file = o.socketFileName ?? 'spire-agent.sock';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(file) || file === '.' || file === '..') {
    throw propertyError(scope, `${PROPERTY}.socketFileName`, file, 'must be a bare file name', 'use the upstream agent\'s socket name, such as "spire-agent.sock"');
  }
  return {
    pluginName: 'spire',
    pluginData: {
      server_address: o.serverAddress,
      // The plugin reads the port as a string (its documented example quotes it).
      server_port: String(port),
      workload_api_socket: `${UPSTREAM_AGENT_DIRECTORY}/${file}`,
    },
    env: [],
    volumes: [{ name: 'upstream-agent-socket', csi: { driver, readOnly: true } }],
    mounts: [{ name: 'upstream-agent-socket', mountPath: UPSTREAM_AGENT_DIRECTORY, readOnly: true }],
    expandEnv: false,
    egressPort: port,
  };
}

function secretName(scope: IConstruct, property: string, name: string): void {
  const problem = dns1123SubdomainProblem(name);
  if (problem) throw propertyError(scope, property, name, problem, 'use the name of an existing Secret in the server namespace');
}

function secretKey(scope: IConstruct, property: string, key: string): string {
  if (!/^[-._a-zA-Z0-9]+$/.test(key) || key === '.' || key === '..') {
    throw propertyError(scope, property, key, 'must be a Secret key ([-._a-zA-Z0-9]+)', 'use the key the Secret stores the file under, such as "tls.crt"');
  }
  return key;
}
