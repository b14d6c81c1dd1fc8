// The Workload API's path from a pod to the agent: the agent's socket directory on the node
// (spiffe/spire doc/spire_agent.md socket_path), the socket file name Istio's proxy looks for
// (istio/istio pkg/security: WORKLOAD_IDENTITY_SOCKET_FILE, default "socket"), and the CSI
// driver that bind-mounts the directory into pods (spiffe/spiffe-csi pkg/driver: a volume of
// driver "csi.spiffe.io" by default). The API server accepts every change to them; pods that
// are already running keep the old mount until they restart.

import type { KubeObject } from '../../plan/model';
import { podSpecOf, WORKLOAD_KINDS } from '../../plan/workloads';
import type { DiffContext } from '../diff-context';
import { describeRef, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { containersOfComponent, SpireFacts } from '../spire-facts';
import { DiffRule, finding } from './rule';


function spireWorkloads(facts: SpireFacts): Set<KubeObject> {
  return new Set(facts.containers.map((c) => c.workload));
}

/** Workloads of `context.after` whose pods mount a CSI volume of `driver` (their own manifests, not SPIRE's). */
function mountingWorkloads(context: DiffContext, drivers: readonly string[]): KubeObject[] {
  const own = spireWorkloads(context.after.spire);
  return context.after.objects.filter((o) => WORKLOAD_KINDS.includes(o.kind ?? '') && !own.has(o)).filter((o) => {
    return (podSpecOf(o)?.volumes ?? []).some((v: any) => drivers.includes(v.csi?.driver));
  });
}

/** Objects of the new side, other than SPIRE's own workloads and configs, whose text names `value`. */
function mentioning(context: DiffContext, value: string): KubeObject[] {
  const own = spireWorkloads(context.after.spire);
  const configs = new Set([...context.after.spire.servers.map((s) => s.configMap), ...context.after.spire.agents.map((a) => a.configMap)]);
  const needle = JSON.stringify(value).slice(1, -1);
  return context.after.objects.filter((o) => !own.has(o) && !configs.has(o) && o.kind !== 'CSIDriver' && JSON.stringify(o).includes(needle));
}

function isIstio(object: KubeObject): boolean {
  return object.kind === 'IstioOperator' || (object.apiVersion ?? '').includes('istio.io')
    || object.metadata?.namespace === 'istio-system' || (object.metadata?.name ?? '').startsWith('istio');
}

function restartSteps(context: DiffContext, drivers: readonly string[]): string[] {
  const own = mountingWorkloads(context, drivers).map((o) => {
    const ref = refOf(o);
    return `kubectl rollout restart ${ref.kind.toLowerCase()}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
  });
  const driverList = drivers.map((d) => `"${d}"`).join(',');
  return [
    ...own,
    `restart every other pod that mounts the Workload API, e.g. those listed by: kubectl get pods -A -o json | jq -r '.items[] | select(any(.spec.volumes[]?; .csi.driver | IN(${driverList}))) | "\\(.metadata.namespace)/\\(.metadata.name)"'`,
  ];
}

function istioNotes(context: DiffContext, newValue: string, oldValue: string): { message: string; fix: string[] } {
  const stale = mentioning(context, oldValue).filter((o) => !WORKLOAD_KINDS.includes(o.kind ?? '') || isIstio(o));
  const updated = mentioning(context, newValue).filter(isIstio);
  const parts: string[] = [];
  const fix: string[] = [];
  if (stale.length > 0) parts.push(`these objects of the new manifests still name "${oldValue}": ${stale.map((o) => describeRef(refOf(o))).join(', ')}`);
  if (updated.length > 0) {
    parts.push(`Istio's settings that carry it change with it: ${updated.map((o) => describeRef(refOf(o))).join(', ')}`);
    for (const o of updated) {
      fix.push(o.kind === 'IstioOperator' ? `istioctl install -f <the file with ${describeRef(refOf(o))}>` : `kubectl apply -f <the file with ${describeRef(refOf(o))}>`);
    }
  } else {
    parts.push(`Istio installed from Helm values or an IstioOperator outside these manifests must get "${newValue}" too (istiodHelmValues / addIstioOperator output)`);
  }
  return { message: parts.join('; '), fix };
}

function changed(before: readonly string[], after: readonly string[]): boolean {
  return before.length > 0 && after.length > 0 && before.join('\n') !== after.join('\n');
}

export const workloadApiRule: DiffRule = (context: DiffContext) => {
  const b = context.before.spire;
  const a = context.after.spire;
  const out: DiffFinding[] = [];
  const agent = containersOfComponent(a, 'spire-agent')[0]?.workload;
  const drivers = [...new Set([...b.csiDriverNames, ...a.csiDriverNames])];
  if (agent && changed(b.agentSocketDirectories, a.agentSocketDirectories)) {
    out.push(finding('error', 'agent-socket-directory-changed', agent, 'spec.template.spec.volumes[].hostPath.path',
      `the agent's socket directory on the node ${b.agentSocketDirectories.join(', ')} -> ${a.agentSocketDirectories.join(', ')}: `
      + 'the API server accepts it, but every running pod that mounts the Workload API (the SPIFFE CSI driver bind-mounted the old directory) '
      + 'loses its socket: no SVID rotation, Istio proxies lose their certificates when they expire, until each pod restarts',
      ['kubectl apply -f <the new manifests>', 'wait for the agent and the CSI driver DaemonSets to finish rolling', ...restartSteps(context, drivers)],
      'spiffe/spiffe-csi:pkg/driver/driver.go (NodePublishVolume bind-mounts the workload API directory)'));
  }
  if (agent && changed(b.agentSocketFileNames, a.agentSocketFileNames)) {
    const istio = istioNotes(context, a.agentSocketFileNames[0], b.agentSocketFileNames[0]);
    out.push(finding('error', 'agent-socket-file-changed', agent, 'agent.socket_path',
      `the agent's socket file ${b.agentSocketFileNames.join(', ')} -> ${a.agentSocketFileNames.join(', ')}: clients that dial the old file name `
      + `(Istio's proxy looks for WORKLOAD_IDENTITY_SOCKET_FILE) find no socket until they are reconfigured and restarted; ${istio.message}`,
      ['kubectl apply -f <the new manifests>', ...istio.fix, ...restartSteps(context, drivers)],
      'istio/istio pkg/security/security.go (WorkloadIdentitySocketFile)'));
  }
  if (changed(b.csiDriverNames, a.csiDriverNames)) {
    const driverObject = context.after.objects.find((o) => o.kind === 'CSIDriver' && a.csiDriverNames.includes(o.metadata?.name ?? ''))
      ?? containersOfComponent(a, 'spiffe-csi-driver')[0]?.workload;
    if (driverObject) {
      const istio = istioNotes(context, a.csiDriverNames[0], b.csiDriverNames[0]);
      out.push(finding('error', 'csi-driver-name-changed', driverObject, 'metadata.name',
        `the SPIFFE CSI driver's name ${b.csiDriverNames.join(', ')} -> ${a.csiDriverNames.join(', ')}: pods whose volumes name the old driver keep `
        + 'their mount until they restart, and new pods that still name it fail to start once the old driver is gone; '
        + `every pod template and injection template must name the new driver; ${istio.message}`,
        ['kubectl apply -f <the new manifests>', ...istio.fix, ...restartSteps(context, drivers),
          `once no pod mounts it: kubectl delete csidriver ${b.csiDriverNames.join(' ')}`],
        'kubernetes/kubernetes pkg/volume/csi/csi_plugin.go (a CSI volume names its driver; kubelet looks it up at mount time)'));
    }
  }
  return out;
};
