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
   *
   * Day two: can change (the API server allows `spec.replicas`). With sqlite3 it must stay 1: move
   * to a shared datastore first (see dataStore). Going above 1 adds the PodDisruptionBudget and the
   * spread rules, so the server pods roll; going back to 1 leaves the PodDisruptionBudget behind
   * with `kubectl apply`.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Lifetime of the server's signing CA (`ca_ttl`). Must be at least six times
   * every SVID and agent TTL, or SPIRE shortens the SVIDs it issues.
   *
   * Day two: can change; the server pods roll, and the new lifetime applies to CAs prepared after
   * that. The current CA and issued SVIDs keep theirs.
   * @default Duration.hours(24)
   */
  readonly caTtl?: Duration;
  /**
   * Default lifetime of X.509 SVIDs (`default_x509_svid_ttl`).
   *
   * Day two: can change; the server pods roll, and X.509 SVIDs issued after that get the new
   * lifetime.
   * @default Duration.hours(1)
   */
  readonly x509SvidTtl?: Duration;
  /**
   * Default lifetime of JWT SVIDs (`default_jwt_svid_ttl`).
   *
   * Day two: can change; the server pods roll, and JWT SVIDs issued after that get the new
   * lifetime.
   * @default Duration.minutes(5)
   */
  readonly jwtSvidTtl?: Duration;
  /**
   * Lifetime of agent SVIDs (`agent_ttl`).
   *
   * Day two: can change; the server pods roll, and agent SVIDs issued after that get the new
   * lifetime.
   * @default - the X.509 SVID TTL (SPIRE's default)
   */
  readonly agentTtl?: Duration;
  /**
   * Key type of the signing keys (`ca_key_type`).
   *
   * Day two: changing it changes the keys of the server's signing CA: plan it as a CA rotation (a
   * new root when there is no upstream authority). Federation partners must fetch the new bundle
   * before SVIDs signed by the new CA reach them.
   * @default KeyType.EC_P256
   */
  readonly caKeyType?: KeyType;
  /**
   * Subject of the CA certificates (`ca_subject`).
   *
   * Day two: can change; the server pods roll, and CAs prepared after that carry the new subject.
   * Nothing is attested again.
   * @default - SPIRE's default subject
   */
  readonly caSubject?: CaSubject;
  /**
   * Issuer (`iss` claim) of JWT SVIDs (`jwt_issuer`), an absolute URL such as
   * the address of an OIDC discovery provider.
   *
   * Day two: can change; the server pods roll, and JWT SVIDs issued after that carry the new `iss`:
   * relying parties that check it (cloud OIDC federation, the OIDC discovery provider's domains)
   * must accept the new issuer first.
   * @default - JWT SVIDs carry no issuer
   */
  readonly jwtIssuer?: string;
  /**
   * Serve this trust domain's bundle to federation partners on this port
   * (`federation.bundle_endpoint` with the https_spiffe profile), also added to
   * the server Service. Partners point a ClusterFederatedTrustDomain at it with
   * `BundleEndpointProfile.httpsSpiffe('spiffe://<trustDomain>/spire/server')`;
   * expose it outside the cluster with a TLS-passthrough load balancer or ingress.
   *
   * Day two: can change; the server pods roll and the Service port follows, but partners'
   * ClusterFederatedTrustDomains name the old port in their bundleEndpointURL and stop refreshing
   * this bundle until they change too.
   * @default - no bundle endpoint
   */
  readonly federationBundleEndpointPort?: number;
  /**
   * Server log level.
   *
   * Day two: can change at any time; the server pods roll.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Server log format (`log_format`).
   *
   * Day two: can change at any time; the server pods roll.
   * @default - the Spire's `logFormat` (LogFormat.TEXT)
   */
  readonly logFormat?: LogFormat;
  /**
   * Who signs the server's CA (`UpstreamAuthority`). At most one.
   *
   * Day two: adding, removing or replacing it changes the root every SVID chains to: plan it as a
   * CA rotation. The server's next CA is signed by the new authority (or by itself), the trust
   * bundle changes, and workloads and federation partners must hold the new bundle before SVIDs
   * chained to it reach them.
   * @default - each replica signs its own self-signed root
   */
  readonly upstreamAuthority?: UpstreamAuthority;
  /**
   * Where the server keeps its signing keys.
   *
   * Day two: switching it loses the current signing keys (the new key manager does not hold them):
   * the server prepares a new CA on its next start, a CA rotation (a new root without an upstream
   * authority).
   * @default ServerKeyManager.disk()
   */
  readonly keyManager?: ServerKeyManager;
  /**
   * How replicas are spread over nodes and zones (only with replicas > 1).
   *
   * Day two: can change; only the pod template changes, so the server pods roll.
   * @default ServerSpread.nodesAndZones()
   */
  readonly spread?: ServerSpread;
  /**
   * Where registrations and attested nodes are stored.
   *
   * Day two: switching to another database (sqlite3 to PostgreSQL, or a connection string that
   * reaches another database) starts the server on an empty datastore unless the data is migrated
   * first: a new CA and trust bundle, every agent attested again, every workload a new SVID, and
   * entries no custom resource declares (made with `spire-server entry create`) are gone.
   * Credentials, TLS and pool settings of the same database can change; the server pods roll.
   * @default DataStore.sqlite3()
   */
  readonly dataStore?: DataStore;
  /**
   * Size of each server replica's persistent volume (sqlite database and the
   * disk KeyManager's keys).
   *
   * Day two: cannot change after the first apply. It is part of the StatefulSet's
   * volumeClaimTemplates, which the API server refuses to update (kubernetes
   * pkg/apis/apps/validation, ValidateStatefulSetUpdate); under Pulumi it plans a replacement,
   * which protectData refuses. To grow the volume, expand each PVC (`spire-data-spire-server-<n>`,
   * where its StorageClass allows expansion), then `kubectl delete statefulset spire-server
   * --cascade=orphan` and apply the new size.
   * @default Size.gibibytes(1)
   */
  readonly storageSize?: Size;
  /**
   * StorageClass of the persistent volume.
   *
   * Day two: cannot change after the first apply, for the same reason as storageSize
   * (volumeClaimTemplates). Existing volumes keep their class: moving the data to another class is
   * a migration (copy the volume; a new, empty one means a new CA).
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Server image.
   *
   * Day two: can change; the server pods roll. Upgrade SPIRE one minor version at a time, servers
   * before agents (spiffe/spire doc/upgrading.md).
   * @default SpireImages.SPIRE_SERVER
   */
  readonly image?: string;
  /**
   * CPU and memory of the server container.
   *
   * Day two: can change at any time; the server pods roll.
   * @default - requests 50m CPU and 128Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * PriorityClass of the server pods. Pass an empty string for none.
   *
   * Day two: can change at any time; the server pods roll.
   * @default 'system-cluster-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Node labels the server pods must match.
   *
   * Day two: can change; the server pods roll onto matching nodes. A selector that excludes the
   * zone of an existing zonal volume leaves its pod Pending.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
}
