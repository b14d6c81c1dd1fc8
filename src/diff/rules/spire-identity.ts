// Changes the API server accepts that take identities away, read from server.conf (spiffe/spire
// doc/spire_server.md; pkg/server/config.go): the trust domain (every SPIFFE ID and the CA
// change), the datastore (an empty one holds no bundle, no attested nodes, no entries: a new
// CA), the server's namespace or name (a second server beside the old one), the CA key type,
// the upstream authority and the KeyManager (the CA's keys); the agents' namespace or name
// (host-network agents of two DaemonSets cannot run on one node); the cluster name (part of
// every agent's SPIFFE ID, and this library's entry ID prefix).

import type { KubeObject } from '../../plan/model';
import type { DiffContext } from '../diff-context';
import { describeRef, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { containersOfComponent, serverCommand, ServerConfigFacts } from '../spire-facts';
import { DiffRule, finding, K8S } from './rule';

const SPIRE = 'spiffe/spire';
const CONFIG_DOC = `${SPIRE}:doc/spire_server.md`;

function configField(server: ServerConfigFacts, path: string): string {
  return `data["${server.key}"].${path}`;
}

const ROLLABLE = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/** `kubectl rollout restart` for the workloads that have a rollout (not bare Pods or Jobs). */
function rolloutRestart(objects: readonly KubeObject[]): string[] {
  return objects.filter((o) => ROLLABLE.has(o.kind ?? '')).map((o) => {
    const ref = refOf(o);
    return `kubectl rollout restart ${ref.kind.toLowerCase()}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
  });
}

function agentWorkloads(context: DiffContext): KubeObject[] {
  return [...new Set(containersOfComponent(context.after.spire, 'spire-agent').map((c) => c.workload))];
}

function trustDomainFindings(context: DiffContext, before: ServerConfigFacts, after: ServerConfigFacts): DiffFinding[] {
  if (!before.trustDomain || !after.trustDomain || before.trustDomain === after.trustDomain) return [];
  return [finding('error', 'trust-domain-changed', after.configMap, configField(after, 'server.trust_domain'),
    `trust domain ${before.trustDomain} -> ${after.trustDomain}: the API server accepts it, and every identity changes. `
    + 'The server starts a new CA and bundle for the new trust domain; agents attested in the old one must attest again; '
    + 'every workload\'s SPIFFE ID changes (peers that authorize by ID reject it); Istio\'s trustDomain, its proxies and every '
    + 'federation partner must follow; the old datastore\'s entries and nodes are for the old trust domain',
    ['treat it as a new SPIRE installation: install it beside the old one (another namespace and trust domain) and move workloads over, '
      + 'or accept an outage while everything restarts',
    'kubectl apply -f <the new manifests>', ...rolloutRestart(agentWorkloads(context)),
    'restart every workload that holds SVIDs (Istio: every injected pod and gateway), then tell federation partners the new trust domain and bundle'],
    CONFIG_DOC)];
}

function dataStoreFindings(context: DiffContext, before: ServerConfigFacts, after: ServerConfigFacts): DiffFinding[] {
  const a = before.dataStore;
  const b = after.dataStore;
  if (!a || !b || (a.databaseType === b.databaseType && a.location === b.location)) return [];
  return [finding('error', 'datastore-changed', after.configMap, configField(after, 'plugins.DataStore'),
    `datastore ${a.databaseType} (${a.location}) -> ${b.databaseType} (${b.location}): the new datastore is empty. `
    + 'SPIRE has no migration between datastores: the server starts with no bundle, no attested agents and no entries, '
    + 'so it mints a new CA (a new root in the bundle), every agent has to attest again and the controller manager recreates the entries. '
    + 'Workloads and federation partners that pinned the old bundle reject the new SVIDs until they receive the new one',
    ['kubectl apply -f <the new manifests>', `wait for the server: kubectl rollout status ${describeWorkloads(context)}`,
      ...rolloutRestart(agentWorkloads(context)),
      'restart the workloads that hold SVIDs (they fetch the new bundle and SVIDs), and hand federation partners the new bundle'],
    `${SPIRE}:doc/plugin_server_datastore_sql.md`)];
}

function describeWorkloads(context: DiffContext): string {
  const servers = [...new Set(containersOfComponent(context.after.spire, 'spire-server').map((c) => c.workload))];
  return servers.map((o) => {
    const ref = refOf(o);
    return `${ref.kind.toLowerCase()}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
  }).join(', ') || 'the server';
}

/** The workloads running `component` on one side. */
function workloadsOf(facts: DiffContext['before']['spire'], component: 'spire-server' | 'spire-agent'): KubeObject[] {
  return [...new Set(containersOfComponent(facts, component).map((c) => c.workload))];
}

/** Workloads of `component` the new side no longer has, each with the one that replaces it. */
function moves(context: DiffContext, component: 'spire-server' | 'spire-agent'): Array<{ old: KubeObject; added: KubeObject[] }> {
  const before = workloadsOf(context.before.spire, component);
  const after = workloadsOf(context.after.spire, component);
  if (before.length === 0 || after.length === 0) return [];
  const key = (o: KubeObject) => describeRef(refOf(o));
  const afterKeys = new Set(after.map(key));
  const beforeKeys = new Set(before.map(key));
  const added = after.filter((o) => !beforeKeys.has(key(o)));
  return before.filter((o) => !afterKeys.has(key(o))).map((old) => ({ old, added }));
}

function deleteOld(old: KubeObject): string {
  const ref = refOf(old);
  return `kubectl delete ${ref.kind.toLowerCase()} ${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
}

function serverMoveFindings(context: DiffContext): DiffFinding[] {
  const sqlite = context.after.spire.servers.some((s) => s.dataStore?.databaseType.startsWith('sqlite'));
  const key = (o: KubeObject) => describeRef(refOf(o));
  return moves(context, 'spire-server').map(({ old, added }) => finding('error', 'server-moved', added[0] ?? old, 'metadata',
    `the SPIRE server ${key(old)} becomes ${added.map(key).join(', ') || 'another workload'}: \`kubectl apply\` starts a second server and leaves the old one running. `
    + (sqlite
      ? 'With sqlite3 the new server\'s datastore is a new, empty volume: a new CA, every agent attests again, entries are recreated. '
      : 'Both servers share the SQL datastore while the old one runs. ')
    + 'Agents follow the new server address only after they restart',
    ['kubectl apply -f <the new manifests>', `kubectl rollout status ${describeWorkloads(context)}`, ...rolloutRestart(agentWorkloads(context)),
      `then delete the old server and the rest of its objects (see the left-behind findings), e.g. ${deleteOld(old)}`],
    CONFIG_DOC));
}

/**
 * The agent DaemonSet under another namespace or name: `kubectl apply` creates the new one and
 * leaves the old one on every node. The agent runs with hostNetwork, and the API server gives
 * a host-network pod's container ports hostPorts of the same number (kubernetes/kubernetes
 * pkg/apis/core/v1/defaults.go SetDefaults_Pod), so the scheduler's NodePorts filter keeps the
 * new agent's pods Pending wherever the old one runs; both would serve the same socket
 * directory and attest as the same node (k8s_psat: the agent ID is the node's UID).
 */
function agentMoveFindings(context: DiffContext): DiffFinding[] {
  const key = (o: KubeObject) => describeRef(refOf(o));
  return moves(context, 'spire-agent').map(({ old, added }) => {
    const hostNetwork = (o: KubeObject) => o.spec?.template?.spec?.hostNetwork === true;
    const pending = added.some(hostNetwork) && hostNetwork(old);
    return finding('error', 'agent-moved', added[0] ?? old, 'metadata',
      `the SPIRE agent ${key(old)} becomes ${added.map(key).join(', ') || 'another workload'}: \`kubectl apply\` creates the new DaemonSet and leaves the old agents running on every node`
      + (pending ? '; both use the host network with the same ports, so the new agent\'s pods stay Pending (hostPort conflict) until the old DaemonSet is deleted' : '')
      + '. The old agents keep serving the Workload API socket on the node, and the server may refuse them once its node attestor only allows the new service account',
      ['kubectl apply -f <the new manifests>',
        `${deleteOld(old)}   # the new agents start on each node once the old ones are gone; workloads keep their SVIDs meanwhile`,
        `kubectl rollout status ${refOf(added[0] ?? old).kind.toLowerCase()}/${refOf(added[0] ?? old).name}${refOf(added[0] ?? old).namespace ? ` -n ${refOf(added[0] ?? old).namespace}` : ''} --timeout=10m`,
        'then delete the rest of the old objects (see the left-behind findings)'],
      `${K8S}:pkg/apis/core/v1/defaults.go SetDefaults_Pod (hostNetwork: hostPort = containerPort); ${SPIRE}:doc/plugin_server_nodeattestor_k8s_psat.md`);
  });
}

/**
 * The cluster name: the k8s_psat agent ID is spiffe://<trust domain>/spire/agent/k8s_psat/<cluster>/<node UID>
 * (spiffe/spire doc/plugin_agent_nodeattestor_k8s_psat.md), the server's attestor only admits the
 * clusters it names, and the controller manager parents every entry to the agent IDs of its
 * clusterName. This library also makes it the controller manager's entryIDPrefix: entries under
 * the old prefix are no longer the controller manager's, so they stay in SPIRE.
 */
function clusterNameFindings(context: DiffContext): DiffFinding[] {
  const before = unique(context.before.spire.agents.map((a) => a.psatCluster));
  const after = unique(context.after.spire.agents.map((a) => a.psatCluster));
  if (before.length === 0 || after.length === 0 || before.join() === after.join()) return [];
  const agentConfig = context.after.spire.agents.find((a) => a.psatCluster)!;
  const oldPrefix = context.before.spire.controllerManagers[0]?.entryIdPrefix;
  const newPrefix = context.after.spire.controllerManagers[0]?.entryIdPrefix;
  const prefixChanged = !!oldPrefix && oldPrefix !== newPrefix;
  return [finding('warning', 'cluster-name-changed', agentConfig.configMap, `data["${agentConfig.key}"].plugins.NodeAttestor.k8s_psat.cluster`,
    `cluster name ${before.join(', ')} -> ${after.join(', ')}: every agent's SPIFFE ID changes (k8s_psat IDs name the cluster). `
    + 'Agents attest again as their DaemonSet rolls node by node, and the controller manager parents the entries to the new agent IDs: '
    + 'a node gets its workloads\' new entries once its agent has restarted. '
    + 'Workload SPIFFE IDs stay the same unless their templates use the cluster name'
    + (prefixChanged ? `. The controller manager's entryIDPrefix ${oldPrefix} -> ${newPrefix}: the entries it made under ${oldPrefix} are no longer its own: agents not yet restarted keep serving them, and they stay in SPIRE until deleted` : ''),
    ['kubectl apply -f <the new manifests>', ...agentWorkloads(context).map((o) => `kubectl rollout status daemonset/${refOf(o).name}${refOf(o).namespace ? ` -n ${refOf(o).namespace}` : ''} --timeout=10m`),
      ...(prefixChanged ? [`${serverCommand(context.after.spire, 'entry show', '-output json')}   # then delete each entry whose id starts with "${oldPrefix}." `
        + '(or let the controller manager do it once: entryIDPrefixCleanup in its config):',
      serverCommand(context.after.spire, 'entry delete', '-entryID <id>')] : [])],
    `${SPIRE}:doc/plugin_server_nodeattestor_k8s_psat.md; spiffe/spire-controller-manager:api/v1alpha1/controllermanagerconfig_types.go `
    + '(EntryIDPrefix: entries without it are not the controller manager\'s; EntryIDPrefixCleanup)')];
}

function unique(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

function caFindings(context: DiffContext, before: ServerConfigFacts, after: ServerConfigFacts): DiffFinding[] {
  const bundleShow = serverCommand(context.after.spire, 'bundle show');
  const out: DiffFinding[] = [];
  const partners = 'federation partners and anything that pinned the bundle (OIDC relying parties cache the JWT keys) must take the new bundle before the old keys expire';
  if (before.caKeyType !== after.caKeyType) {
    out.push(finding('warning', 'ca-key-type-changed', after.configMap, configField(after, 'server.ca_key_type'),
      `CA key type ${before.caKeyType} -> ${after.caKeyType}: the server prepares its next CA with the new key type, so a new root (or intermediate) enters the bundle; ${partners}`,
      [`${bundleShow}   # after the next CA rotation, check the new key is in the bundle`, 'hand federation partners the new bundle'],
      CONFIG_DOC));
  }
  if (before.upstreamAuthority !== after.upstreamAuthority) {
    const what = !before.upstreamAuthority ? `added (${after.upstreamAuthority})` : !after.upstreamAuthority ? `removed (was ${before.upstreamAuthority})` : `${before.upstreamAuthority} -> ${after.upstreamAuthority}`;
    out.push(finding('warning', 'upstream-authority-changed', after.configMap, configField(after, 'plugins.UpstreamAuthority'),
      `upstream authority ${what}: the server's next CA is ${after.upstreamAuthority ? 'signed by the upstream authority' : 'self-signed'}, so the roots in the trust bundle change; ${partners}`,
      ['kubectl apply -f <the new manifests>', `${bundleShow}   # the new roots are in the bundle`,
        'hand federation partners the new bundle; keep the old roots trusted until every SVID signed under them has expired'],
      `${SPIRE}:doc/plugin_server_upstreamauthority_disk.md`));
  }
  // server.jwt_issuer is the `iss` claim of every JWT-SVID (spiffe/spire doc/spire_server.md);
  // relying parties that pin the issuer (OIDC federation with a cloud provider) reject the new one.
  if (before.jwtIssuer !== after.jwtIssuer) {
    out.push(finding('warning', 'jwt-issuer-changed', after.configMap, configField(after, 'server.jwt_issuer'),
      `JWT-SVID issuer ${before.jwtIssuer ?? '(none)'} -> ${after.jwtIssuer ?? '(none)'}: JWT-SVIDs minted from now on carry the new \`iss\` claim; `
      + 'relying parties that pin the issuer (cloud OIDC federation, audiences validating the discovery URL) reject them until they trust the new issuer',
      ['register the new issuer with every relying party (and serve its discovery document) before the apply'],
      CONFIG_DOC));
  }
  if (before.keyManager && after.keyManager && before.keyManager !== after.keyManager) {
    out.push(finding('warning', 'key-manager-changed', after.configMap, configField(after, 'plugins.KeyManager'),
      `KeyManager ${before.keyManager} -> ${after.keyManager}: the server no longer finds its CA keys and makes new ones at start-up; ${partners}`,
      ['kubectl apply -f <the new manifests>', `${bundleShow}   # the new keys are in the bundle`],
      `${SPIRE}:doc/plugin_server_keymanager_disk.md`));
  }
  return out;
}

export const spireIdentityRule: DiffRule = (context: DiffContext) => {
  const [before] = context.before.spire.servers;
  const [after] = context.after.spire.servers;
  const out: DiffFinding[] = [];
  if (before && after) {
    out.push(...trustDomainFindings(context, before, after), ...dataStoreFindings(context, before, after), ...caFindings(context, before, after));
  }
  out.push(...serverMoveFindings(context), ...agentMoveFindings(context), ...clusterNameFindings(context));
  return out;
};
