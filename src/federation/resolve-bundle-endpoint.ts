import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { BundleEndpointExposure } from './bundle-endpoint-exposure';
import type { BundleEndpointOptions } from './bundle-endpoint-options';
import { BundleEndpointServing } from './bundle-endpoint-serving';
import { checkInteger } from '../components/common/checks';
import { propertyError } from '../errors';
import { durationMillis, durationProblem, goDuration } from '../spiffe/duration';
import { hostNameProblem } from '../spiffe/host-name';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem } from '../spiffe/k8s-names';
import { parseAbsoluteUrl } from '../spiffe/url';

const DEFAULT_PORT = 8443;
/** Where the https_web serving certificate Secret is mounted in the server container. */
export const SERVING_CERT_DIRECTORY = '/run/spire/bundle-endpoint-tls';
const NODE_PORT_RANGE = [30000, 32767];

/** The bundle endpoint with defaults applied and every value checked. */
export interface ResolvedBundleEndpoint {
  readonly port: number;
  /** `https_spiffe` or `https_web`. */
  readonly profile: string;
  /** The https_web serving certificate. */
  readonly servingCertificate?: {
    readonly secretName: string;
    readonly certificateKey: string;
    readonly privateKeyKey: string;
    readonly fileSyncInterval?: string;
    readonly certManager?: { readonly issuerName: string; readonly issuerKind: string; readonly issuerGroup: string };
  };
  /** https_web with ACME: the CA account; the domain is the public host. */
  readonly acme?: { readonly email: string; readonly directoryUrl?: string };
  readonly refreshHint?: string;
  readonly exposure: ResolvedExposure;
  /** The URL partners fetch the bundle from. */
  readonly url: string;
  /** The host name or address in that URL. */
  readonly publicHost: string;
}

export interface ResolvedExposure {
  readonly kind: string;
  readonly publicPort: number;
  readonly annotations?: Record<string, string>;
  readonly loadBalancerClass?: string;
  readonly loadBalancerSourceRanges?: string[];
  readonly nodePort?: number;
  readonly ingressClassName?: string;
  readonly gatewayName?: string;
  readonly gatewayNamespace?: string;
  readonly sectionName?: string;
}

/**
 * Resolves `bundleEndpoint` (or the older `server.federationBundleEndpointPort`
 * shorthand, which means https_spiffe inside the cluster).
 */
export function resolveBundleEndpoint(
  scope: IConstruct, options: BundleEndpointOptions | undefined, legacyPort: number | undefined, serverAddress: string,
  podPorts: Record<string, number>,
): ResolvedBundleEndpoint | undefined {
  if (options && legacyPort !== undefined) {
    throw propertyError(scope, 'server.federationBundleEndpointPort', legacyPort, 'is set together with bundleEndpoint, which also sets the port',
      'drop server.federationBundleEndpointPort and set bundleEndpoint.port');
  }
  if (!options && legacyPort === undefined) return undefined;
  const resolvedOptions: BundleEndpointOptions = options ?? { port: legacyPort };
  const portProperty = options ? 'bundleEndpoint.port' : 'server.federationBundleEndpointPort';
  const port = checkInteger(scope, portProperty, resolvedOptions.port ?? DEFAULT_PORT, 1, 65535);
  // The server pod's containers share one network.
  const taken = Object.entries(podPorts).find(([, used]) => used === port);
  if (taken) {
    const all = Object.entries(podPorts).map(([name, used]) => `${name} ${used}`).join(', ');
    throw propertyError(scope, portProperty, port, `is already used in the server pod by the ${taken[0]} (${all})`, 'use another port, such as 8443');
  }
  const serving = resolvedOptions.serving ?? BundleEndpointServing.httpsSpiffe();
  const servingCertificate = resolveServingCertificate(scope, serving);
  const exposure = resolveExposure(scope, resolvedOptions.exposure, port, serverAddress);
  const refreshHint = resolvedOptions.refreshHint && checkRefreshHint(scope, resolvedOptions.refreshHint);

  if (serving.type === 'https_web') {
    // A web PKI certificate names a DNS host; partners check the URL's host against it.
    const problem = exposure.resolved.kind === 'cluster-internal'
      ? 'is https_web, but the endpoint is only exposed inside the cluster, where no public certificate names it'
      : isIpAddress(exposure.host) ? `is https_web, but partners dial the IP address ${exposure.host}, which a web PKI certificate does not name`
        : undefined;
    if (problem) {
      throw propertyError(scope, 'bundleEndpoint.serving', serving.type, problem,
        'expose the endpoint under a public DNS name (bundleEndpoint.exposure) or use BundleEndpointServing.httpsSpiffe()');
    }
  }
  const acme = serving._acme && resolveAcme(scope, serving._acme, exposure.resolved);
  return {
    port,
    profile: serving.type,
    servingCertificate,
    acme,
    refreshHint,
    exposure: exposure.resolved,
    url: exposure.url,
    publicHost: exposure.host,
  };
}

function resolveServingCertificate(scope: IConstruct, serving: BundleEndpointServing): ResolvedBundleEndpoint['servingCertificate'] {
  const secret = serving._secret;
  if (!secret) return undefined;
  const secretProblem = dns1123SubdomainProblem(secret.secretName);
  if (secretProblem) {
    throw propertyError(scope, 'bundleEndpoint.serving secretName', secret.secretName, secretProblem, 'name the Secret of the server namespace that holds the certificate, such as "spire-bundle-endpoint-tls"');
  }
  const certificateKey = secretKey(scope, 'bundleEndpoint.serving certificateKey', secret.certificateKey ?? 'tls.crt');
  const privateKeyKey = secretKey(scope, 'bundleEndpoint.serving privateKeyKey', secret.privateKeyKey ?? 'tls.key');
  if (certificateKey === privateKeyKey) {
    throw propertyError(scope, 'bundleEndpoint.serving privateKeyKey', privateKeyKey, 'equals certificateKey, so SPIRE would read the key from the certificate file',
      'use the Secret\'s two keys, usually "tls.crt" and "tls.key"');
  }
  const interval = secret.fileSyncInterval;
  if (interval) {
    const problem = durationProblem(interval);
    if (problem) throw propertyError(scope, 'bundleEndpoint.serving fileSyncInterval', interval.toHumanString(), problem, 'pass a positive Duration such as Duration.hours(1)');
  }
  const cm = serving._certManager;
  let certManager;
  if (cm) {
    const issuerProblem = dns1123SubdomainProblem(cm.issuerName);
    if (issuerProblem) throw propertyError(scope, 'bundleEndpoint.serving issuerName', cm.issuerName, issuerProblem, 'name your cert-manager Issuer or ClusterIssuer, such as "letsencrypt"');
    const issuerKind = cm.issuerKind ?? 'ClusterIssuer';
    const issuerGroup = cm.issuerGroup ?? 'cert-manager.io';
    if (issuerGroup === 'cert-manager.io' && !['Issuer', 'ClusterIssuer'].includes(issuerKind)) {
      throw propertyError(scope, 'bundleEndpoint.serving issuerKind', issuerKind, 'is not a cert-manager.io issuer kind (Issuer or ClusterIssuer)',
        'use "ClusterIssuer" or "Issuer", or set issuerGroup for an external issuer');
    }
    certManager = { issuerName: cm.issuerName, issuerKind, issuerGroup };
  }
  return {
    secretName: secret.secretName,
    certificateKey,
    privateKeyKey,
    fileSyncInterval: interval && goDuration(interval),
    certManager,
  };
}

function resolveAcme(scope: IConstruct, acme: NonNullable<BundleEndpointServing['_acme']>, exposure: ResolvedExposure): ResolvedBundleEndpoint['acme'] {
  if (acme.tosAccepted !== true) {
    throw propertyError(scope, 'bundleEndpoint.serving tosAccepted', acme.tosAccepted, 'is not true, and SPIRE refuses ACME without accepting the CA\'s terms of service',
      'read the ACME CA\'s terms and set tosAccepted: true');
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(acme.email)) {
    throw propertyError(scope, 'bundleEndpoint.serving email', acme.email, 'is not an email address', 'give the contact address for the ACME account, such as "spire-admins@example.org"');
  }
  if (acme.directoryUrl !== undefined && parseAbsoluteUrl(acme.directoryUrl)?.protocol !== 'https:') {
    throw propertyError(scope, 'bundleEndpoint.serving directoryUrl', acme.directoryUrl, 'is not an https URL', 'give the ACME directory URL, such as "https://acme-v02.api.letsencrypt.org/directory"');
  }
  // TLS-ALPN-01: the CA connects to the domain on port 443 and must reach SPIRE's own TLS.
  if (exposure.publicPort !== 443 || exposure.kind === 'external') {
    throw propertyError(scope, 'bundleEndpoint.serving', 'https_web (ACME)',
      exposure.kind === 'external'
        ? 'needs the ACME CA to reach SPIRE itself on port 443 (TLS-ALPN-01), which an external exposure cannot promise'
        : `needs the ACME CA to reach SPIRE on port 443 (TLS-ALPN-01), but the exposure's public port is ${exposure.publicPort}`,
      'expose the endpoint on port 443 (a LoadBalancer with port: 443, an Ingress or a TLSRoute on 443), or use httpsWebFromCertManager');
  }
  return { email: acme.email, directoryUrl: acme.directoryUrl };
}

function secretKey(scope: IConstruct, property: string, key: string): string {
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    throw propertyError(scope, property, key, 'must be a Secret key ([-._a-zA-Z0-9]+)', 'use the key the Secret stores it under, such as "tls.crt"');
  }
  return key;
}

function checkRefreshHint(scope: IConstruct, hint: Duration): string {
  const problem = durationProblem(hint);
  if (problem) throw propertyError(scope, 'bundleEndpoint.refreshHint', hint.toHumanString(), problem, 'pass a positive Duration such as Duration.minutes(5)');
  // SPIRE's bundle client never refreshes more often than once a minute.
  if (durationMillis(hint) < 60_000) {
    throw propertyError(scope, 'bundleEndpoint.refreshHint', goDuration(hint), 'is shorter than a minute, the shortest refresh interval SPIRE\'s bundle client uses',
      'use Duration.minutes(1) or more');
  }
  return goDuration(hint);
}

function checkAnnotations(scope: IConstruct, annotations: Record<string, string> | undefined): void {
  for (const key of Object.keys(annotations ?? {})) {
    const problem = labelKeyProblem(key);
    if (problem) throw propertyError(scope, 'bundleEndpoint.exposure annotations key', key, problem, 'use an annotation key such as "service.beta.kubernetes.io/aws-load-balancer-type"');
  }
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

function hostProblem(host: string, allowIp: boolean): string | undefined {
  if (isIpAddress(host)) {
    if (!allowIp) return 'is an IP address, but this exposure routes by host name (SNI)';
    return host.split('.').every(part => Number(part) <= 255) ? undefined : 'is not a valid IPv4 address';
  }
  if (host.startsWith('*')) return 'is a wildcard; partners need one concrete host';
  return hostNameProblem(host);
}

function urlFor(host: string, port: number): string {
  return port === 443 ? `https://${host}` : `https://${host}:${port}`;
}

function resolveExposure(
  scope: IConstruct, exposure: BundleEndpointExposure | undefined, port: number, serverAddress: string,
): { resolved: ResolvedExposure; url: string; host: string } {
  const kind = exposure?.kind ?? 'cluster-internal';
  const options = exposure?._options ?? {};
  const checkHost = (property: string, host: string, allowIp: boolean) => {
    const problem = hostProblem(host, allowIp);
    if (problem) throw propertyError(scope, `bundleEndpoint.exposure ${property}`, host, problem, 'give the DNS name partners dial, such as "spire-bundle.example.org"');
    return host;
  };
  const checkPort = (property: string, value: number) => checkInteger(scope, `bundleEndpoint.exposure ${property}`, value, 1, 65535);
  switch (kind) {
    case 'cluster-internal':
      return { resolved: { kind, publicPort: port }, url: urlFor(serverAddress, port), host: serverAddress };
    case 'load-balancer': {
      const host = checkHost('publicAddress', options.publicAddress, true);
      const publicPort = checkPort('port', options.port ?? port);
      checkAnnotations(scope, options.annotations);
      return {
        resolved: {
          kind,
          publicPort,
          annotations: options.annotations,
          loadBalancerClass: options.loadBalancerClass,
          loadBalancerSourceRanges: options.loadBalancerSourceRanges,
        },
        url: urlFor(host, publicPort),
        host,
      };
    }
    case 'node-port': {
      const host = checkHost('publicAddress', options.publicAddress, true);
      const nodePort = options.nodePort as number;
      if (!Number.isInteger(nodePort) || nodePort < NODE_PORT_RANGE[0] || nodePort > NODE_PORT_RANGE[1]) {
        throw propertyError(scope, 'bundleEndpoint.exposure nodePort', nodePort,
          `is outside the default node port range ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]} (kube-apiserver --service-node-port-range)`,
          'pick a free port in that range, such as 30843');
      }
      return { resolved: { kind, publicPort: nodePort, nodePort }, url: urlFor(host, nodePort), host };
    }
    case 'ingress': {
      const host = checkHost('host', options.host, false);
      checkAnnotations(scope, options.annotations);
      const annotations: Record<string, string> = { ...(options.annotations ?? {}) };
      const passthrough = annotations[SSL_PASSTHROUGH];
      if (passthrough !== undefined && passthrough !== 'true') {
        throw propertyError(scope, `bundleEndpoint.exposure annotations["${SSL_PASSTHROUGH}"]`, passthrough,
          'turns SSL passthrough off, so the Ingress would terminate TLS with its own certificate and partners could no longer authenticate SPIRE',
          'drop that annotation (the Ingress always passes TLS through to SPIRE)');
      }
      annotations[SSL_PASSTHROUGH] = 'true';
      if (options.ingressClassName !== undefined) {
        const problem = dns1123SubdomainProblem(options.ingressClassName);
        if (problem) throw propertyError(scope, 'bundleEndpoint.exposure ingressClassName', options.ingressClassName, problem, 'name your IngressClass, such as "nginx"');
      }
      return { resolved: { kind, publicPort: 443, annotations, ingressClassName: options.ingressClassName }, url: urlFor(host, 443), host };
    }
    case 'tls-route': {
      const host = checkHost('hostname', options.hostname, false);
      const gatewayProblem = dns1123SubdomainProblem(options.gatewayName);
      if (gatewayProblem) throw propertyError(scope, 'bundleEndpoint.exposure gatewayName', options.gatewayName, gatewayProblem, 'name the Gateway with the Passthrough TLS listener');
      if (options.gatewayNamespace !== undefined) {
        const problem = dns1123LabelProblem(options.gatewayNamespace);
        if (problem) throw propertyError(scope, 'bundleEndpoint.exposure gatewayNamespace', options.gatewayNamespace, problem, 'name the Gateway\'s namespace');
      }
      if (options.sectionName !== undefined) {
        const problem = dns1123SubdomainProblem(options.sectionName);
        if (problem) throw propertyError(scope, 'bundleEndpoint.exposure sectionName', options.sectionName, problem, 'name the Gateway listener, such as "spire-federation"');
      }
      const publicPort = checkPort('port', options.port ?? 443);
      return {
        resolved: {
          kind,
          publicPort,
          gatewayName: options.gatewayName,
          gatewayNamespace: options.gatewayNamespace,
          sectionName: options.sectionName,
        },
        url: urlFor(host, publicPort),
        host,
      };
    }
    case 'external': {
      const url = parseAbsoluteUrl(options.url);
      const problem = !url ? 'is not an absolute URL'
        : url.protocol !== 'https:' ? 'is not https (bundle endpoints are served over https only)'
          : url.username || url.password ? 'contains user info, which the controller manager rejects'
            : (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash ? 'has a path, query or fragment, but SPIRE serves the bundle at "/"'
              : undefined;
      if (problem || !url) {
        throw propertyError(scope, 'bundleEndpoint.exposure url', options.url, `${problem} (controller-manager rule: https, a host, no user info)`,
          'write it like "https://spire-bundle.example.org:8443"');
      }
      const host = checkHost('url host', url.hostname, true);
      const publicPort = url.port ? Number(url.port) : 443;
      return { resolved: { kind, publicPort }, url: urlFor(host, publicPort), host };
    }
    default:
      throw new Error(`unknown bundle endpoint exposure ${kind}`);
  }
}

/** ingress-nginx: route TLS by SNI to the backend without terminating it. */
export const SSL_PASSTHROUGH = 'nginx.ingress.kubernetes.io/ssl-passthrough';

/** The SPIFFE ID a SPIRE server's bundle endpoint presents with https_spiffe. */
export function serverSpiffeId(trustDomain: string): string {
  return `spiffe://${trustDomain}/spire/server`;
}
