// What one side's manifests say about SPIRE: the server and agent configs (server.conf and
// agent.conf as JSON, which this library and the hardened Helm chart both render), the
// workloads running SPIRE's images, the CSI driver, and the federation registrations.
// Read from the manifests themselves, so the diff works on any tool's output.

import { refOf } from './kube-objects';
import type { KubeObject } from '../plan/model';
import { podSpecOf } from '../plan/workloads';
import { ComponentImage, componentImage, ImageComponent } from '../versions/spire-components';

/** A server.conf found in a ConfigMap. */
export interface ServerConfigFacts {
  readonly configMap: KubeObject;
  readonly key: string;
  readonly trustDomain?: string;
  readonly dataStore?: DataStoreFacts;
  /** `server.ca_key_type`, SPIRE's default `ec-p256` when unset (pkg/server/config.go). */
  readonly caKeyType: string;
  /** The UpstreamAuthority plugin's name, if any. */
  readonly upstreamAuthority?: string;
  readonly upstreamAuthorityData?: unknown;
  readonly keyManager?: string;
  readonly keyManagerData?: unknown;
  /** Trust domains of `federation.federates_with`. */
  readonly federatesWith: string[];
  /** `server.jwt_issuer`, when set: the `iss` claim of JWT-SVIDs. */
  readonly jwtIssuer?: string;
  /** `server.socket_path`, when set. */
  readonly socketPath?: string;
}

/** Where a SQL datastore keeps its data. */
export interface DataStoreFacts {
  readonly databaseType: string;
  /** Host, port and database (or the sqlite3 file): what names the data, without credentials. */
  readonly location: string;
}

/** An agent.conf found in a ConfigMap. */
export interface AgentConfigFacts {
  readonly configMap: KubeObject;
  readonly key: string;
  readonly trustDomain?: string;
  /** `agent.socket_path` inside the agent container. */
  readonly socketPath?: string;
  readonly serverAddress?: string;
  /** The k8s_psat NodeAttestor's `cluster`: part of every agent's SPIFFE ID. */
  readonly psatCluster?: string;
}

/** A spire-controller-manager config (ControllerManagerConfig) found in a ConfigMap. */
export interface ControllerManagerFacts {
  readonly configMap: KubeObject;
  readonly key: string;
  readonly clusterName?: string;
  /** `entryIDPrefix`: the controller manager only manages entries whose ID starts with it. */
  readonly entryIdPrefix?: string;
}

/** A container running one of SPIRE's images. */
export interface SpireContainer {
  readonly workload: KubeObject;
  readonly container: string;
  readonly image: ComponentImage;
}

/** Everything the SPIRE rules read from one side. */
export interface SpireFacts {
  readonly servers: ServerConfigFacts[];
  readonly agents: AgentConfigFacts[];
  readonly controllerManagers: ControllerManagerFacts[];
  readonly containers: SpireContainer[];
  /** The agent socket's directory on the node (hostPath), per agent workload. */
  readonly agentSocketDirectories: string[];
  /** The socket file names agents create. */
  readonly agentSocketFileNames: string[];
  /** CSI plugin names the SPIFFE CSI driver registers (`-plugin-name`), and CSIDriver objects of SPIFFE drivers. */
  readonly csiDriverNames: string[];
  /** ClusterFederatedTrustDomain trust domains, with their object. */
  readonly federations: Map<string, KubeObject>;
  /** `federatesWith` of each ClusterSPIFFEID / ClusterStaticEntry, by `Kind/name`. */
  readonly federatesWith: Map<string, string[]>;
}

function parseJsonConfig(text: unknown): Record<string, any> | undefined {
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The one plugin of `type` in a SPIRE config (`plugins.<type>` is a list of single-key objects in JSON, or an object). */
function plugin(config: Record<string, any>, type: string): { name: string; data: any } | undefined {
  const section = config.plugins?.[type];
  const entries: any[] = Array.isArray(section) ? section : section && typeof section === 'object' ? [section] : [];
  for (const entry of entries) {
    const [name] = Object.keys(entry ?? {});
    if (name) return { name, data: entry[name]?.plugin_data ?? {} };
  }
  return undefined;
}

/**
 * Where a SQL connection string points, without user or password: sqlite3's file; PostgreSQL's
 * host, port and dbname (key=value or URL form); MySQL's address and database
 * (`user:pass@tcp(host:port)/db?params`).
 */
export function dataStoreLocation(databaseType: string, connection: string): string {
  const text = connection.trim();
  if (databaseType.startsWith('sqlite')) return text;
  if (/^[a-z]+:\/\//.test(text)) {
    const url = /^[a-z]+:\/\/(?:[^@/]*@)?([^/?]*)(?:\/([^?]*))?/.exec(text);
    return url ? `${url[1]}/${url[2] ?? ''}` : text;
  }
  if (databaseType === 'mysql' || text.includes('@tcp(') || text.includes('@unix(')) {
    const at = text.lastIndexOf('@');
    return (at >= 0 ? text.slice(at + 1) : text).split('?')[0];
  }
  const pairs = new Map<string, string>();
  for (const match of text.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g)) pairs.set(match[1], match[2].replace(/^'|'$/g, ''));
  if (pairs.size === 0) return text;
  return `${pairs.get('host') ?? 'localhost'}:${pairs.get('port') ?? '5432'}/${pairs.get('dbname') ?? ''}`;
}

function serverFacts(configMap: KubeObject, key: string, config: Record<string, any>): ServerConfigFacts {
  const server = config.server ?? {};
  const sql = plugin(config, 'DataStore');
  const databaseType = String(sql?.data?.database_type ?? '');
  const upstream = plugin(config, 'UpstreamAuthority');
  const keyManager = plugin(config, 'KeyManager');
  return {
    configMap,
    key,
    trustDomain: server.trust_domain,
    dataStore: sql ? { databaseType, location: dataStoreLocation(databaseType, String(sql.data?.connection_string ?? '')) } : undefined,
    caKeyType: server.ca_key_type ?? 'ec-p256',
    upstreamAuthority: upstream?.name,
    upstreamAuthorityData: upstream?.data,
    keyManager: keyManager?.name,
    keyManagerData: keyManager?.data,
    federatesWith: Object.keys(server.federation?.federates_with ?? {}).sort(),
    socketPath: server.socket_path,
    jwtIssuer: server.jwt_issuer,
  };
}

function containersOf(object: KubeObject): any[] {
  const spec = podSpecOf(object);
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The value after `flag` in a container's args (`-flag value` or `-flag=value`). */
export function argValue(container: any, flag: string): string | undefined {
  const args: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const f of [`-${flag}`, `--${flag}`]) {
      if (a === f) return args[i + 1];
      if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

/** The hostPath directory mounted at `mountPath` (or a parent of it) in `container` of `workload`. */
function hostDirectoryAt(workload: KubeObject, container: any, path: string): string | undefined {
  const volumes: any[] = podSpecOf(workload)?.volumes ?? [];
  for (const mount of container.volumeMounts ?? []) {
    const mountPath = String(mount.mountPath ?? '').replace(/\/+$/, '');
    if (path !== mountPath && !path.startsWith(`${mountPath}/`)) continue;
    const volume = volumes.find((v) => v.name === mount.name);
    if (volume?.hostPath?.path) return `${String(volume.hostPath.path).replace(/\/+$/, '')}${path.slice(mountPath.length)}`;
  }
  return undefined;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function unique(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => !!v))].sort();
}

/** Reads SPIRE's facts from one side's objects. */
export function spireFacts(objects: readonly KubeObject[]): SpireFacts {
  const servers: ServerConfigFacts[] = [];
  const agents: AgentConfigFacts[] = [];
  const controllerManagers: ControllerManagerFacts[] = [];
  const containers: SpireContainer[] = [];
  const federations = new Map<string, KubeObject>();
  const federatesWith = new Map<string, string[]>();
  const csiDriverObjects: string[] = [];
  for (const object of objects) {
    const kind = object.kind;
    if (kind === 'ConfigMap') {
      for (const [key, text] of Object.entries(object.data ?? {})) {
        const config = parseJsonConfig(text);
        if (!config) continue;
        if (config.server && typeof config.server === 'object' && config.plugins) {
          servers.push(serverFacts(object, key, config));
        } else if (config.agent && typeof config.agent === 'object' && config.plugins) {
          agents.push({
            configMap: object,
            key,
            trustDomain: config.agent.trust_domain,
            socketPath: config.agent.socket_path ?? '/tmp/spire-agent/public/api.sock',
            serverAddress: config.agent.server_address,
            psatCluster: plugin(config, 'NodeAttestor')?.name === 'k8s_psat' ? plugin(config, 'NodeAttestor')?.data?.cluster : undefined,
          });
        } else if (config.kind === 'ControllerManagerConfig') {
          controllerManagers.push({ configMap: object, key, clusterName: config.clusterName, entryIdPrefix: config.entryIDPrefix });
        }
      }
    } else if (kind === 'ClusterFederatedTrustDomain' && object.spec?.trustDomain) {
      federations.set(String(object.spec.trustDomain), object);
    } else if (kind === 'ClusterSPIFFEID' || kind === 'ClusterStaticEntry') {
      federatesWith.set(`${kind}/${object.metadata?.name ?? ''}`, [...(object.spec?.federatesWith ?? [])].map(String).sort());
    } else if (kind === 'CSIDriver') {
      csiDriverObjects.push(object.metadata?.name ?? '');
    }
    for (const container of containersOf(object)) {
      const image = componentImage(String(container.image ?? ''));
      if (image.component) containers.push({ workload: object, container: container.name, image });
    }
  }
  const of = (component: ImageComponent) => containers.filter((c) => c.image.component === component);
  const agentSocketPaths = agents.map((a) => a.socketPath).filter((p): p is string => !!p);
  const socketDirectories: Array<string | undefined> = [];
  for (const c of of('spire-agent')) {
    const container = containersOf(c.workload).find((x) => x.name === c.container);
    for (const socketPath of agentSocketPaths) socketDirectories.push(hostDirectoryAt(c.workload, container, dirname(socketPath)));
  }
  const pluginNames = of('spiffe-csi-driver').map((c) => argValue(containersOf(c.workload).find((x) => x.name === c.container), 'plugin-name') ?? 'csi.spiffe.io');
  // A CSIDriver object is the SPIFFE driver's when a SPIFFE CSI container registers its name
  // (or, with no such container on this side, when its name says so).
  const csiDriverNames = unique([...pluginNames, ...csiDriverObjects.filter((n) => pluginNames.includes(n) || (pluginNames.length === 0 && n.includes('spiffe')))]);
  return {
    servers,
    agents,
    controllerManagers,
    containers,
    agentSocketDirectories: unique(socketDirectories),
    agentSocketFileNames: unique(agentSocketPaths.map(basename)),
    csiDriverNames,
    federations,
    federatesWith,
  };
}

/** Containers of `component`. */
export function containersOfComponent(facts: SpireFacts, component: ImageComponent): SpireContainer[] {
  return facts.containers.filter((c) => c.image.component === component);
}

/** `Kind/namespace/name` of the workload a SPIRE container runs in. */
export function workloadName(container: SpireContainer): string {
  const ref = refOf(container.workload);
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** SPIRE's default server API socket (spiffe/spire pkg/common/cli/defaults.go DefaultSocketPath). */
const DEFAULT_SERVER_SOCKET = '/tmp/spire-server/private/api.sock';

/**
 * `kubectl exec ... -- spire-server` against the side's server, runnable as written: the first
 * pod of its StatefulSet (`<name>-0`) or its Deployment, the server container, the image's
 * binary path (/opt/spire/bin/spire-server in ghcr.io/spiffe/spire-server), and `-socketPath`
 * appended by the caller through `socketFlag` when server.conf moves the API socket.
 */
export function serverCli(facts: SpireFacts): { exec: string; socketFlag: string } {
  const server = containersOfComponent(facts, 'spire-server')[0];
  const socket = facts.servers[0]?.socketPath;
  const socketFlag = socket && socket !== DEFAULT_SERVER_SOCKET ? ` -socketPath ${socket}` : '';
  if (!server) return { exec: 'spire-server', socketFlag };
  const ref = refOf(server.workload);
  const target = ref.kind === 'StatefulSet' ? `${ref.name}-${server.workload.spec?.ordinals?.start ?? 0}`
    : `${ref.kind.toLowerCase()}/${ref.name}`;
  return { exec: `kubectl exec${ref.namespace ? ` -n ${ref.namespace}` : ''} ${target} -c ${server.container} -- /opt/spire/bin/spire-server`, socketFlag };
}

/** `<exec> <subcommand><socket flag> <args>`. */
export function serverCommand(facts: SpireFacts, subcommand: string, args = ''): string {
  const cli = serverCli(facts);
  return `${cli.exec} ${subcommand}${cli.socketFlag}${args ? ` ${args}` : ''}`;
}
