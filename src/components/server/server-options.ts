import { Duration, Size } from 'cdk8s';
import type { CaSubject } from './ca-subject';
import type { DataStore } from './data-store';
import type { KeyType } from './key-type';
import type { ServerKeyManager } from './server-key-manager';
import type { UpstreamAuthority } from './upstream-authority';
import type { ContainerResources } from '../common/container-resources';
import type { LogFormat } from '../common/log-format';
import type { LogLevel } from '../common/log-level';
import type { ServerSpread } from '../common/topology';

/** Options of the SPIRE server (a StatefulSet in the server namespace). */
export interface SpireServerOptions {
  /**
   * Number of server replicas. More than one needs a shared datastore
   * (`DataStore.postgres` or `DataStore.mysql`); a PodDisruptionBudget is then added.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Lifetime of the server's signing CA (`ca_ttl`). Must be at least six times
   * every SVID and agent TTL, or SPIRE shortens the SVIDs it issues.
   * @default Duration.hours(24)
   */
  readonly caTtl?: Duration;
  /**
   * Default lifetime of X.509 SVIDs (`default_x509_svid_ttl`).
   * @default Duration.hours(1)
   */
  readonly x509SvidTtl?: Duration;
  /**
   * Default lifetime of JWT SVIDs (`default_jwt_svid_ttl`).
   * @default Duration.minutes(5)
   */
  readonly jwtSvidTtl?: Duration;
  /**
   * Lifetime of agent SVIDs (`agent_ttl`).
   * @default - the X.509 SVID TTL (SPIRE's default)
   */
  readonly agentTtl?: Duration;
  /**
   * Key type of the signing keys (`ca_key_type`).
   * @default KeyType.EC_P256
   */
  readonly caKeyType?: KeyType;
  /**
   * Subject of the CA certificates (`ca_subject`).
   * @default - SPIRE's default subject
   */
  readonly caSubject?: CaSubject;
  /**
   * Issuer (`iss` claim) of JWT SVIDs (`jwt_issuer`), an absolute URL such as
   * the address of an OIDC discovery provider.
   * @default - JWT SVIDs carry no issuer
   */
  readonly jwtIssuer?: string;
  /**
   * Serve this trust domain's bundle to federation partners on this port
   * (`federation.bundle_endpoint` with the https_spiffe profile), also added to
   * the server Service. Partners point a ClusterFederatedTrustDomain at it with
   * `BundleEndpointProfile.httpsSpiffe('spiffe://<trustDomain>/spire/server')`;
   * expose it outside the cluster with a TLS-passthrough load balancer or ingress.
   * @default - no bundle endpoint
   */
  readonly federationBundleEndpointPort?: number;
  /**
   * Server log level.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Server log format (`log_format`).
   * @default - the Spire's `logFormat` (LogFormat.TEXT)
   */
  readonly logFormat?: LogFormat;
  /**
   * Who signs the server's CA (`UpstreamAuthority`). At most one.
   * @default - each replica signs its own self-signed root
   */
  readonly upstreamAuthority?: UpstreamAuthority;
  /**
   * Where the server keeps its signing keys.
   * @default ServerKeyManager.disk()
   */
  readonly keyManager?: ServerKeyManager;
  /**
   * How replicas are spread over nodes and zones (only with replicas > 1).
   * @default ServerSpread.nodesAndZones()
   */
  readonly spread?: ServerSpread;
  /**
   * Where registrations and attested nodes are stored.
   * @default DataStore.sqlite3()
   */
  readonly dataStore?: DataStore;
  /**
   * Size of each server replica's persistent volume (sqlite database and the
   * disk KeyManager's keys).
   * @default Size.gibibytes(1)
   */
  readonly storageSize?: Size;
  /**
   * StorageClass of the persistent volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Server image.
   * @default SpireImages.SPIRE_SERVER
   */
  readonly image?: string;
  /**
   * CPU and memory of the server container.
   * @default - requests 50m CPU and 128Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * PriorityClass of the server pods. Pass an empty string for none.
   * @default 'system-cluster-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Node labels the server pods must match.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
}
