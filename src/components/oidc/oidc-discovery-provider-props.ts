import type { OidcKeySource } from './oidc-key-source';
import type { OidcServing } from './oidc-serving';
import type { Spire } from '../../spire';
import type { ContainerResources } from '../common/container-resources';
import type { LogFormat } from '../common/log-format';
import type { LogLevel } from '../common/log-level';

/** An Ingress in front of the OIDC discovery provider, for relying parties outside the cluster. */
export interface OidcIngressOptions {
  /**
   * `spec.ingressClassName`.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Secret with the certificate of the issuer's host, used by the Ingress to terminate TLS.
   * @default - the Ingress controller's default certificate
   */
  readonly tlsSecretName?: string;
  /**
   * Extra annotations (e.g. `cert-manager.io/cluster-issuer`).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Properties of an OidcDiscoveryProvider. */
export interface OidcDiscoveryProviderProps {
  /**
   * The SPIRE installation whose JWT signing keys are published. Its
   * `server.jwtIssuer` is the issuer URL: the provider announces exactly the
   * `iss` the server writes into JWT SVIDs.
   */
  readonly spire: Spire;
  /**
   * Host names the provider answers (`domains`); requests for any other Host
   * are refused. The issuer's host is always added.
   * @default - the issuer's host and the provider Service's in-cluster names
   */
  readonly domains?: string[];
  /**
   * Where the keys come from.
   * @default OidcKeySource.workloadApi()
   */
  readonly keySource?: OidcKeySource;
  /**
   * How the provider serves HTTP.
   * @default OidcServing.httpBehindTlsProxy()
   */
  readonly serving?: OidcServing;
  /**
   * Expose the provider at the issuer's host with an Ingress.
   * @default - no Ingress
   */
  readonly ingress?: OidcIngressOptions;
  /**
   * Namespace of the provider (Workload API source). The controller manager
   * must not ignore it, or the provider never gets a registration.
   * @default 'spire-oidc'
   */
  readonly namespace?: string;
  /**
   * Emit the namespace, with the Pod Security `restricted` level.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Replicas of the provider Deployment (Workload API source).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * SPIFFE ID template of the provider's own registration (Workload API source).
   * @default 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}'
   */
  readonly spiffeIdTemplate?: string;
  /**
   * Provider image.
   * @default SpireImages.OIDC_DISCOVERY_PROVIDER
   */
  readonly image?: string;
  /**
   * CPU and memory of the provider container.
   * @default - requests 10m CPU and 32Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * Log level.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Log format (`log_format`).
   *
   * Day two: can change at any time; the new config rolls the provider pods.
   * @default - the Spire's `logFormat` (LogFormat.TEXT)
   */
  readonly logFormat?: LogFormat;
  /**
   * Known defects (ids of the known-defects table) you accept for the
   * provider's image, as on the Spire's `acceptKnownDefects`: an `image`
   * override inside a known defect's range is refused unless its id is
   * listed here.
   *
   * Day two: can change at any time; it changes only an annotation on the
   * provider's Deployment.
   * @default - none accepted
   */
  readonly acceptKnownDefects?: string[];
}
