import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DataStore } from './data-store';
import { dataStoreSetup, type DataStoreSetup } from './data-store-setup';
import { KeyType } from './key-type';
import { ServerKeyManager } from './server-key-manager';
import type { SpireServerOptions } from './server-options';
import { upstreamAuthoritySetup, type UpstreamAuthoritySetup } from './upstream-authority-setup';
import { propertyError } from '../../errors';
import { SpireImages } from '../../images';
import { durationMillis, durationProblem, goDuration } from '../../spiffe/duration';
import { dns1123SubdomainProblem } from '../../spiffe/k8s-names';
import { parseAbsoluteUrl } from '../../spiffe/url';
import { checkImage, checkInteger, checkNodeSelector, checkPriorityClass, storageQuantity } from '../common/checks';
import type { IResourceRequirements } from '../common/kubernetes';
import type { LogFormat } from '../common/log-format';
import { LogLevel } from '../common/log-level';
import { resourceRequirements } from '../common/resources';
import { ServerSpread } from '../common/topology';

/** Server options with defaults applied and every value checked. */
export interface ResolvedServerOptions {
  readonly replicas: number;
  readonly caTtl: Duration;
  readonly x509SvidTtl: Duration;
  readonly jwtSvidTtl: Duration;
  readonly agentTtl?: Duration;
  readonly caKeyType: KeyType;
  readonly caSubject?: SpireServerOptions['caSubject'];
  readonly jwtIssuer?: string;
  readonly federationBundleEndpointPort?: number;
  readonly logLevel: LogLevel;
  readonly logFormat?: LogFormat;
  readonly dataStore: DataStore;
  /** Config, env and mounts of the datastore, checked. */
  readonly dataStoreSetup: DataStoreSetup;
  readonly upstreamAuthority?: UpstreamAuthoritySetup;
  readonly keyManager: ServerKeyManager;
  readonly spread: ServerSpread;
  readonly storage: string;
  readonly storageClassName?: string;
  readonly image: string;
  readonly resources: IResourceRequirements;
  readonly priorityClassName?: string;
  readonly nodeSelector?: Record<string, string>;
}

/** SPIRE shortens SVIDs whose TTL exceeds this fraction of the CA TTL. */
export const CA_TTL_FACTOR = 6;

/** Where the server keeps the sqlite database (on its persistent volume). */
export const SQLITE_FILE = 'datastore.sqlite3';

export function resolveServerOptions(scope: IConstruct, options: SpireServerOptions = {}, serverNamespace = 'spire-server', dataDirectory = '/run/spire/data'): ResolvedServerOptions {
  const dataStore = options.dataStore ?? DataStore.sqlite3();
  const replicas = checkInteger(scope, 'server.replicas', options.replicas ?? 1, 1, 100);
  if (replicas > 1 && !dataStore.shared) {
    throw propertyError(scope, 'server.replicas', replicas,
      `needs a datastore shared by all replicas, but ${dataStore.databaseType} lives on one replica's volume (each replica would issue from its own state)`,
      'keep replicas: 1, or set server.dataStore to DataStore.postgres(...) or DataStore.mysql(...)');
  }
  const setup = dataStoreSetup(scope, dataStore, `${dataDirectory}/${SQLITE_FILE}`);
  const upstream = upstreamAuthoritySetup(scope, options.upstreamAuthority, serverNamespace);
  const keyManager = options.keyManager ?? ServerKeyManager.disk();

  const caTtl = ttl(scope, 'server.caTtl', options.caTtl ?? Duration.hours(24));
  const x509SvidTtl = ttl(scope, 'server.x509SvidTtl', options.x509SvidTtl ?? Duration.hours(1));
  const jwtSvidTtl = ttl(scope, 'server.jwtSvidTtl', options.jwtSvidTtl ?? Duration.minutes(5));
  const agentTtl = options.agentTtl && ttl(scope, 'server.agentTtl', options.agentTtl);
  const bounded: Array<[string, Duration | undefined]> = [
    ['server.x509SvidTtl', x509SvidTtl],
    ['server.jwtSvidTtl', jwtSvidTtl],
    ['server.agentTtl', agentTtl],
  ];
  for (const [name, value] of bounded) {
    if (value && durationMillis(caTtl) < CA_TTL_FACTOR * durationMillis(value)) {
      throw propertyError(scope, 'server.caTtl', goDuration(caTtl),
        `is less than ${CA_TTL_FACTOR} x ${name} (${goDuration(value)}) (SPIRE rule: ca_ttl >= ${CA_TTL_FACTOR} x every SVID TTL, else SVIDs are cut short to fit the CA's rotation)`,
        `raise caTtl to at least ${goDuration(Duration.millis(CA_TTL_FACTOR * durationMillis(value)))} or lower ${name}`);
    }
  }

  if (options.jwtIssuer !== undefined) checkJwtIssuer(scope, options.jwtIssuer);
  if (options.storageClassName !== undefined) {
    const problem = dns1123SubdomainProblem(options.storageClassName);
    if (problem) throw propertyError(scope, 'server.storageClassName', options.storageClassName, problem, 'name an existing StorageClass');
  }
  return {
    replicas,
    caTtl,
    x509SvidTtl,
    jwtSvidTtl,
    agentTtl,
    caKeyType: options.caKeyType ?? KeyType.EC_P256,
    caSubject: options.caSubject,
    jwtIssuer: options.jwtIssuer,
    federationBundleEndpointPort: checkBundleEndpointPort(scope, options.federationBundleEndpointPort),
    logLevel: options.logLevel ?? LogLevel.INFO,
    logFormat: options.logFormat,
    dataStore,
    dataStoreSetup: setup,
    upstreamAuthority: upstream,
    keyManager,
    spread: options.spread ?? ServerSpread.nodesAndZones(),
    storage: storageQuantity(scope, 'server.storageSize', options.storageSize ?? Size.gibibytes(1)),
    storageClassName: options.storageClassName,
    image: checkImage(scope, 'server.image', options.image ?? SpireImages.SPIRE_SERVER),
    resources: resourceRequirements(scope, 'server.resources', { cpu: '50m', memory: '128Mi' }, options.resources),
    priorityClassName: checkPriorityClass(scope, 'server.priorityClassName', options.priorityClassName ?? 'system-cluster-critical'),
    nodeSelector: checkNodeSelector(scope, 'server.nodeSelector', options.nodeSelector),
  };
}

function ttl(scope: IConstruct, property: string, value: Duration): Duration {
  const problem = durationProblem(value);
  if (problem) throw propertyError(scope, property, value.toHumanString(), problem, 'pass a positive Duration of whole milliseconds, such as Duration.hours(1)');
  return value;
}

function checkJwtIssuer(scope: IConstruct, issuer: string): void {
  const url = parseAbsoluteUrl(issuer);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    throw propertyError(scope, 'server.jwtIssuer', issuer, 'must be an absolute http(s) URL (it becomes the iss claim relying parties match)', 'write it like "https://oidc.example.org"');
  }
}

/** The server's own ports; the bundle endpoint must not take one. */
const SERVER_PORTS = [8080, 8081];

function checkBundleEndpointPort(scope: IConstruct, port: number | undefined): number | undefined {
  if (port === undefined) return undefined;
  checkInteger(scope, 'server.federationBundleEndpointPort', port, 1, 65535);
  if (SERVER_PORTS.includes(port)) {
    throw propertyError(scope, 'server.federationBundleEndpointPort', port, 'is already used by the server (gRPC 8081, health 8080)',
      'use another port, such as 8443');
  }
  return port;
}
