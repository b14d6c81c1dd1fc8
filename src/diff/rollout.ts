// The rollout a change needs, in order: make room for refused updates; CRDs (established
// before anything uses them); the servers, waited for (servers before agents:
// spiffe/spire doc/upgrading.md; the controller manager's webhook runs in the server pod);
// agents and the CSI driver; the registrations; Istio restarts; leftovers last. Only the steps
// the change needs.

import type { DiffContext } from './diff-context';
import { refOf } from './kube-objects';
import type { DiffFinding, RolloutStep } from './model';
import { containersOfComponent } from './spire-facts';
import type { KubeObject } from '../plan/model';

const REGISTRATION_KINDS = new Set(['ClusterSPIFFEID', 'ClusterStaticEntry', 'ClusterFederatedTrustDomain']);
const ISTIO_RESTART_RULES = new Set(['trust-domain-changed', 'agent-socket-directory-changed', 'agent-socket-file-changed', 'csi-driver-name-changed', 'datastore-changed']);
const REFUSED_RULES = new Set(['statefulset-forbidden-update', 'selector-immutable', 'roleref-immutable', 'csidriver-immutable', 'pvc-immutable',
  'service-clusterip-immutable', 'service-ipfamily-immutable', 'service-loadbalancerclass-immutable', 'immutable-data', 'secret-type-immutable', 'job-immutable', 'crd-immutable',
  'class-immutable', 'pod-immutable']);

function workloadRef(o: KubeObject): string {
  const ref = refOf(o);
  return `${ref.kind.toLowerCase()}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
}

function files(context: DiffContext, objects: readonly KubeObject[]): string {
  const sources = [...new Set(objects.map((o) => context.after.sourceOf(o)).filter((s): s is string => !!s && s !== '-'))];
  return sources.length > 0 ? sources.map((s) => `-f ${s}`).join(' ') : '-f <the new manifests>';
}

/** A label selector that picks the server's objects out of a file: its `app.kubernetes.io/name`. */
function serverSelector(server: KubeObject | undefined): string | undefined {
  const name = server?.metadata?.labels?.['app.kubernetes.io/name'];
  return name ? `app.kubernetes.io/name=${name}` : undefined;
}

/** The ordered steps for this change. */
export function planRollout(context: DiffContext, findings: readonly DiffFinding[]): RolloutStep[] {
  const steps: RolloutStep[] = [];
  const touched = [...context.added, ...context.changed.map((p) => p.after)];
  const touchedSet = new Set(touched);
  const rules = new Set(findings.map((f) => f.rule));

  const refused = findings.filter((f) => f.severity === 'error' && REFUSED_RULES.has(f.rule));
  if (refused.length > 0) {
    steps.push({
      title: 'Make room for the updates the API server refuses',
      reason: 'otherwise `kubectl apply` stops at the first refused object, after changing the ones before it',
      commands: refused.flatMap((f) => f.fix.filter((c) => /^kubectl (delete|auth reconcile)/.test(c))),
    });
  }

  const crds = touched.filter((o) => o.kind === 'CustomResourceDefinition');
  if (crds.length > 0) {
    steps.push({
      title: 'CRDs',
      reason: 'custom resources and the controller manager need their definitions first',
      commands: [`kubectl apply ${files(context, crds)}`,
        `kubectl wait --for condition=established --timeout=60s ${crds.map((c) => `crd/${c.metadata?.name}`).join(' ')}`],
    });
  }

  const servers = [...new Set(containersOfComponent(context.after.spire, 'spire-server').map((c) => c.workload))];
  const agents = [...new Set([...containersOfComponent(context.after.spire, 'spire-agent'), ...containersOfComponent(context.after.spire, 'spiffe-csi-driver')]
    .map((c) => c.workload))];
  const serverConfigs = context.after.spire.servers.map((s) => s.configMap);
  const serverChanged = [...servers, ...serverConfigs].some((o) => touchedSet.has(o));
  const agentsChanged = [...agents, ...context.after.spire.agents.map((a) => a.configMap)].some((o) => touchedSet.has(o))
    || context.after.objects.some((o) => o.kind === 'CSIDriver' && touchedSet.has(o));
  const selector = serverSelector(servers[0]);
  const rest = touched.filter((o) => o.kind !== 'CustomResourceDefinition' && !REGISTRATION_KINDS.has(o.kind ?? ''));
  if (serverChanged) {
    const serverObjects = rest.filter((o) => servers.includes(o) || serverConfigs.includes(o));
    steps.push({
      title: 'SPIRE server, then wait for it',
      reason: 'servers go before agents (spiffe/spire doc/upgrading.md), and the controller manager\'s webhook must answer before registrations change',
      commands: [
        agentsChanged && selector
          ? `kubectl apply ${files(context, rest)} -l ${selector}   # only the server's objects`
          : `kubectl apply ${files(context, agentsChanged ? serverObjects : rest)}`,
        ...servers.map((s) => `kubectl rollout status ${workloadRef(s)} --timeout=10m`),
      ],
    });
  }
  if (agentsChanged || (!serverChanged && rest.length > 0)) {
    steps.push({
      title: agentsChanged ? 'Agents and the SPIFFE CSI driver' : 'The other objects',
      reason: agentsChanged ? 'after every server runs the new version and configuration' : 'nothing of SPIRE\'s server or agents changes',
      commands: [`kubectl apply ${files(context, rest)}`,
        // A moved agent DaemonSet's pods stay Pending while the old agents hold the host ports
        // (agent-moved): the old DaemonSet goes before the wait.
        ...findings.filter((f) => f.rule === 'agent-moved').map((f) => f.fix.find((c) => c.startsWith('kubectl delete '))!).filter((c) => !!c),
        ...(agentsChanged ? agents.map((a) => `kubectl rollout status ${workloadRef(a)} --timeout=10m`) : [])],
    });
  } else if (serverChanged && rest.some((o) => !servers.includes(o) && !serverConfigs.includes(o)) && selector) {
    steps.push({ title: 'The other objects', reason: 'the rest of the change', commands: [`kubectl apply ${files(context, rest)}`] });
  }

  const registrations = touched.filter((o) => REGISTRATION_KINDS.has(o.kind ?? ''));
  if (registrations.length > 0) {
    steps.push({
      title: 'Identities (ClusterSPIFFEID, ClusterStaticEntry, ClusterFederatedTrustDomain)',
      reason: 'the controller manager\'s validating webhook runs in the server pod and must be ready',
      commands: [`kubectl apply ${files(context, registrations)}`],
    });
  }

  if ([...ISTIO_RESTART_RULES].some((r) => rules.has(r))) {
    const injected = context.after.objects.filter((o) => o.kind === 'Namespace'
      && (o.metadata?.labels?.['istio-injection'] === 'enabled' || o.metadata?.labels?.['istio.io/rev'] !== undefined)).map((o) => o.metadata!.name!);
    const operator = context.after.objects.some((o) => o.kind === 'IstioOperator');
    const istio = operator || injected.length > 0 || context.after.objects.some((o) => (o.apiVersion ?? '').includes('istio.io'));
    steps.push({
      title: istio ? 'Istio and the workloads holding SVIDs' : 'The workloads holding SVIDs',
      reason: 'the trust domain, the datastore\'s CA or the Workload API path changed: running workloads keep the old ones until they restart',
      commands: [
        ...(operator ? ['istioctl install -f <the file with the IstioOperator>', 'kubectl rollout restart deployment -n istio-system'] : []),
        ...(istio && !operator ? ['update Istio\'s settings (Helm values or IstioOperator) and upgrade istiod', 'kubectl rollout restart deployment -n istio-system'] : []),
        ...injected.map((ns) => `kubectl rollout restart deployment,statefulset,daemonset -n ${ns}`),
        `restart every other pod that mounts the Workload API${istio ? ' or runs an Istio proxy' : ''}`,
      ],
    });
  }

  // Namespaces last: deleting one deletes what is left inside it. (A Namespace the new objects
  // still live in is not left behind: leftBehindRule reports it as info, with nothing to delete.)
  const leftBehind = findings.filter((f) => f.rule === 'left-behind')
    .sort((a, b) => Number(a.object.kind === 'Namespace') - Number(b.object.kind === 'Namespace'));
  if (leftBehind.length > 0) {
    steps.push({
      title: 'Delete what the new manifests dropped',
      reason: '`kubectl apply` leaves it running; delete it once the new objects work',
      commands: leftBehind.map((f) => f.fix[f.fix.length - 1]),
    });
  }
  return steps;
}
