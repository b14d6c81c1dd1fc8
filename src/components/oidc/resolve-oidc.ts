import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { OidcDiscoveryProviderProps } from './oidc-discovery-provider-props';
import { OidcKeySource } from './oidc-key-source';
import { OidcServing } from './oidc-serving';
import { propertyError } from '../../errors';
import { SpireImages } from '../../images';
import { hostNameProblem } from '../../spiffe/host-name';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem } from '../../spiffe/k8s-names';
import { parseAbsoluteUrl } from '../../spiffe/url';
import { checkImage, checkInteger } from '../common/checks';
import type { IResourceRequirements } from '../common/kubernetes';
import { LogLevel } from '../common/log-level';
import { resourceRequirements } from '../common/resources';

export const OIDC_NAME = 'spire-oidc-discovery-provider';

/** Provider props with defaults applied and every value checked. */
export interface ResolvedOidc {
  readonly source: string;
  readonly issuer: string;
  readonly issuerHost: string;
  readonly domains: string[];
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly replicas: number;
  readonly scheme: string;
  readonly tls?: { readonly secretName: string; readonly certificateKey: string; readonly privateKeyKey: string };
  readonly ingress?: { readonly ingressClassName?: string; readonly tlsSecretName?: string; readonly annotations: Record<string, string> };
  readonly image: string;
  readonly resources: IResourceRequirements;
  readonly logLevel: string;
  /** `log_format`; undefined leaves the provider's default (text). */
  readonly logFormat?: string;
  /** `jwks_uri`: where relying parties fetch the keys. */
  readonly jwksUri: string;
}

export function resolveOidc(scope: IConstruct, props: OidcDiscoveryProviderProps): ResolvedOidc {
  const spire = props.spire;
  const source = (props.keySource ?? OidcKeySource.workloadApi()).type;
  const serving = props.serving ?? OidcServing.httpBehindTlsProxy();
  const { issuer, host } = checkIssuer(scope, spire.jwtIssuer, spire.node.path);

  if (source === 'server_api') {
    if (props.namespace !== undefined) {
      throw propertyError(scope, 'namespace', props.namespace, `is set, but with OidcKeySource.serverApi() the provider runs in the server pod (namespace "${spire.serverNamespace}")`,
        'drop namespace, or use OidcKeySource.workloadApi()');
    }
    if (props.replicas !== undefined) {
      throw propertyError(scope, 'replicas', props.replicas, 'is set, but with OidcKeySource.serverApi() the provider runs once in every server replica',
        'drop replicas (set server.replicas on the Spire), or use OidcKeySource.workloadApi()');
    }
  }
  const namespace = source === 'server_api' ? spire.serverNamespace : props.namespace ?? 'spire-oidc';
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) throw propertyError(scope, 'namespace', namespace, nsProblem, 'use a namespace name such as "spire-oidc"');
  if (source === 'workload_api') {
    // Its ClusterSPIFFEID meets the controller manager's webhook, which serves only once the server runs.
    if (Chart.of(scope) === Chart.of(spire)) {
      throw propertyError(scope, 'scope', Chart.of(scope).node.path,
        `is the chart of ${spire.node.path}, whose controller-manager webhook does not serve yet when that chart is applied (the provider's ClusterSPIFFEID would be refused)`,
        'create the provider in the chart of registrations that is applied once the server is Ready');
    }
    // The provider gets its keys only once the controller manager registers it.
    const ignoredBy = spire.ignoredNamespacePatterns.find(pattern => new RegExp(pattern).test(namespace));
    if (ignoredBy) {
      throw propertyError(scope, 'namespace', namespace,
        `is ignored by the controller manager of ${spire.node.path} (pattern ${ignoredBy}), so the provider would never be registered and the Workload API would give it no keys`,
        'run it in another namespace, such as "spire-oidc", or use OidcKeySource.serverApi()');
    }
  }

  const serviceNames = [OIDC_NAME, `${OIDC_NAME}.${namespace}`, `${OIDC_NAME}.${namespace}.svc`];
  const domains = props.domains ? [...props.domains] : [host, ...serviceNames];
  domains.forEach((domain, index) => {
    const problem = hostNameProblem(domain);
    if (problem) throw propertyError(scope, `domains[${index}]`, domain, problem, 'list the host names relying parties use, such as "oidc.example.org"');
  });
  if (!domains.some(domain => domain === host || (domain.startsWith('*.') && host.endsWith(domain.slice(1))))) {
    throw propertyError(scope, 'domains', domains,
      `does not contain the issuer's host "${host}" (from ${spire.node.path} server.jwtIssuer ${issuer}), so the provider would refuse every discovery request at the issuer URL`,
      `add "${host}" to domains, or drop domains to derive them`);
  }

  let tls: ResolvedOidc['tls'];
  if (serving.scheme === 'https') {
    const secretName = serving.secretName!;
    const problem = dns1123SubdomainProblem(secretName);
    if (problem) throw propertyError(scope, 'serving secretName', secretName, problem, 'name the Secret with the certificate of the issuer\'s host');
    const certificateKey = serving._options.certificateKey ?? 'tls.crt';
    const privateKeyKey = serving._options.privateKeyKey ?? 'tls.key';
    for (const [property, key] of [['serving certificateKey', certificateKey], ['serving privateKeyKey', privateKeyKey]]) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) throw propertyError(scope, property, key, 'must be a Secret key ([-._a-zA-Z0-9]+)', 'use the key the Secret stores it under, such as "tls.crt"');
    }
    if (certificateKey === privateKeyKey) {
      throw propertyError(scope, 'serving privateKeyKey', privateKeyKey, 'equals certificateKey', 'use the Secret\'s two keys, usually "tls.crt" and "tls.key"');
    }
    tls = { secretName, certificateKey, privateKeyKey };
  }

  let ingress: ResolvedOidc['ingress'];
  if (props.ingress) {
    const annotations = { ...(props.ingress.annotations ?? {}) };
    for (const key of Object.keys(annotations)) {
      const problem = labelKeyProblem(key);
      if (problem) throw propertyError(scope, 'ingress.annotations key', key, problem, 'use an annotation key such as "cert-manager.io/cluster-issuer"');
    }
    const names: Array<[string, string | undefined]> = [['ingress.ingressClassName', props.ingress.ingressClassName], ['ingress.tlsSecretName', props.ingress.tlsSecretName]];
    for (const [property, value] of names) {
      const problem = value === undefined ? undefined : dns1123SubdomainProblem(value);
      if (problem) throw propertyError(scope, property, value, problem, 'use a Kubernetes name such as "nginx"');
    }
    if (tls) {
      if (props.ingress.tlsSecretName !== undefined) {
        throw propertyError(scope, 'ingress.tlsSecretName', props.ingress.tlsSecretName,
          'is set, but the provider serves its own TLS (OidcServing.tlsFromSecret), so the Ingress passes TLS through and never uses it',
          'drop ingress.tlsSecretName, or serve OidcServing.httpBehindTlsProxy() behind the Ingress');
      }
      // ingress-nginx: route by SNI to the provider's own TLS.
      annotations['nginx.ingress.kubernetes.io/ssl-passthrough'] = 'true';
    }
    ingress = { ingressClassName: props.ingress.ingressClassName, tlsSecretName: props.ingress.tlsSecretName, annotations };
  }

  return {
    source,
    issuer,
    issuerHost: host,
    domains: [...new Set(domains)],
    namespace,
    createNamespace: source === 'workload_api' && (props.createNamespace ?? true),
    replicas: checkInteger(scope, 'replicas', props.replicas ?? 1, 1, 100),
    scheme: serving.scheme,
    tls,
    ingress,
    image: checkImage(scope, 'image', props.image ?? SpireImages.OIDC_DISCOVERY_PROVIDER),
    resources: resourceRequirements(scope, 'resources', { cpu: '10m', memory: '32Mi' }, props.resources),
    logLevel: (props.logLevel ?? LogLevel.INFO).toLowerCase(),
    logFormat: props.logFormat ?? spire.logFormat,
    jwksUri: jwksUriOf(issuer),
  };
}

/**
 * The issuer is the server's jwt_issuer: relying parties fetch
 * `<issuer>/.well-known/openid-configuration` and require the document's
 * `issuer` to equal the tokens' `iss`.
 */
function checkIssuer(scope: IConstruct, issuer: string | undefined, spirePath: string): { issuer: string; host: string } {
  if (issuer === undefined) {
    throw propertyError(scope, 'spire', spirePath,
      'has no server.jwtIssuer, so its JWT SVIDs carry no iss claim and no relying party can discover their keys',
      'set server.jwtIssuer on the Spire to the provider\'s public URL, such as "https://oidc.example.org"');
  }
  const url = parseAbsoluteUrl(issuer);
  const problem = !url || !url.hostname ? 'is not an absolute URL with a host'
    : url.protocol !== 'https:' ? 'is not https: relying parties only discover keys over https (the provider writes https URLs)'
      : (url.pathname !== '/' && url.pathname !== '') ? `has the path "${url.pathname}", but the provider serves /.well-known/openid-configuration and /keys at the root`
        : url.search || url.hash ? 'has a query or fragment, which an OIDC issuer must not have'
          : url.username || url.password ? 'contains user info'
            : undefined;
  if (problem) {
    throw propertyError(scope, 'spire server.jwtIssuer', issuer, problem, 'set server.jwtIssuer on the Spire to an https URL of a host only, such as "https://oidc.example.org"');
  }
  return { issuer, host: url!.hostname };
}

/**
 * `jwks_uri`, written out. Unset, SPIRE 1.15's provider derives it from `jwt_issuer` (scheme and
 * host of the issuer, then the `/keys` path its handler serves: support/oidc-discovery-provider
 * handler.go) and warns at start that this derivation will change (config.go ParseConfig:
 * "The jwt_issuer configuration will also affect the jwks_uri behavior when jwks_url is not
 * set"; spiffe/spire#5690, #5696). Setting it keeps today's value whatever a later release does.
 * The issuer is a host-only https URL (checkIssuer), so this is `<issuer origin>/keys`.
 */
export function jwksUriOf(issuer: string): string {
  return `${new URL(issuer).origin}/keys`;
}
