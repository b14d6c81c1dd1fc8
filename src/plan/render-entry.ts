// One ClusterSPIFFEID rendered for one workload's pods, following spire-controller-manager
// pkg/spireentry/entries.go `renderPodEntry`: selector k8s:pod-uid plus the rendered
// workloadSelectorTemplates, the parent ID of the pod's node, the SPIFFE ID (which must parse and
// be in the controller's trust domain), DNS names from dnsNameTemplates then, with
// autoPopulateDNSNames, from the Services whose endpoints hold the pod (svc, svc.ns, svc.ns.svc,
// svc.ns.svc.<clusterDomain>, sorted, duplicates dropped). What the SPIRE server then refuses
// (spire pkg/server/api/entry.go: IDs under /spire, bad DNS names) is reported too.

import { executeTemplate, TemplateOutcome } from './go-template';
import { fillPlaceholders, GoStruct, GoValue, showPlaceholders } from './go-value';
import type { ControllerSettings, PlannedEntry } from './model';
import { NODE_META, NODE_SPEC, WorkloadPod } from './workloads';
import { dnsNameProblem } from '../spiffe/dns-name';
import { spiffeIdProblem } from '../spiffe/spiffe-id';

/** The ClusterSPIFFEID spec fields that shape an entry. */
export interface ClusterSpiffeIdSpec {
  readonly spiffeIDTemplate?: string;
  readonly workloadSelectorTemplates?: string[];
  readonly dnsNameTemplates?: string[];
  readonly federatesWith?: string[];
  readonly ttl?: string;
  readonly jwtTtl?: string;
  readonly admin?: boolean;
  readonly downstream?: boolean;
  readonly autoPopulateDNSNames?: boolean;
  readonly hint?: string;
  readonly fallback?: boolean;
}

/** A Service that may select pods (for autoPopulateDNSNames). */
export interface ServiceSelecting {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
}

const STAND_IN = 'x';

function templateData(settings: ControllerSettings, pod?: WorkloadPod): GoStruct {
  const fields: Record<string, GoValue> = {
    TrustDomain: settings.trustDomain,
    ClusterName: settings.clusterName,
    ClusterDomain: settings.clusterDomain,
    NodeMeta: NODE_META,
    NodeSpec: NODE_SPEC,
    // The parent ID renders before the pod is known: .PodMeta and .PodSpec are nil there.
    PodMeta: pod ? pod.podMeta : null,
    PodSpec: pod ? pod.podSpec : null,
  };
  return new GoStruct('*spireentry.templateData', {}, fields);
}

/** The parent ID every pod entry of this controller gets (a placeholder for the node UID). */
export function renderParentId(settings: ControllerSettings): TemplateOutcome {
  return executeTemplate(settings.parentIdTemplate, templateData(settings));
}

/** Renders `spec` for `pod`; `registration` names it in the result. */
export function renderPodEntry(registration: string, spec: ClusterSpiffeIdSpec, pod: WorkloadPod, settings: ControllerSettings,
  services: readonly ServiceSelecting[], parent: TemplateOutcome): PlannedEntry {
  const data = templateData(settings, pod);
  const problems: string[] = [];
  let status: PlannedEntry['status'] = 'rendered';
  const worsen = (to: 'unknown' | 'error', problem: string) => {
    if (to === 'error' || status === 'rendered') status = to;
    problems.push(problem);
  };

  let parentId: string | undefined;
  if (parent.status === 'rendered') {
    const problem = spiffeIdProblem(fillPlaceholders(parent.text!, STAND_IN));
    if (problem) worsen('error', `parent ID "${showPlaceholders(parent.text!)}" ${problem}`);
    else parentId = showPlaceholders(parent.text!);
  } else {
    worsen(parent.status, `parentIDTemplate ${parent.reason}`);
  }

  let spiffeId: string | undefined;
  const id = executeTemplate(spec.spiffeIDTemplate ?? '', data);
  if (id.status === 'rendered') {
    const filled = fillPlaceholders(id.text!, STAND_IN);
    const parseProblem = spiffeIdProblem(filled, { trustDomain: settings.trustDomain });
    const serverProblem = parseProblem ? undefined : spiffeIdProblem(filled, { workload: true });
    spiffeId = showPlaceholders(id.text!);
    if (parseProblem) worsen('error', `SPIFFE ID "${spiffeId}" ${parseProblem} (the controller fails to render the entry)`);
    else if (serverProblem) worsen('error', `SPIFFE ID "${spiffeId}" ${serverProblem} (the SPIRE server refuses the entry)`);
  } else {
    worsen(id.status, `spiffeIDTemplate ${id.reason}`);
  }

  const selectors = ['k8s:pod-uid:<pod-uid>'];
  (spec.workloadSelectorTemplates ?? []).forEach((template, i) => {
    const out = executeTemplate(template, data);
    if (out.status !== 'rendered') return worsen(out.status, `workloadSelectorTemplates[${i}] ${out.reason}`);
    const text = out.text!;
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1) {
      return worsen('error', `workload selector "${showPlaceholders(text)}" is not <type>:<value> with both parts non-empty (the controller fails to render the entry)`);
    }
    selectors.push(showPlaceholders(text));
  });

  const dnsNames: string[] = [];
  const seen = new Set<string>();
  const addDns = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      dnsNames.push(name);
    }
  };
  (spec.dnsNameTemplates ?? []).forEach((template, i) => {
    const out = executeTemplate(template, data);
    if (out.status !== 'rendered') return worsen(out.status, `dnsNameTemplates[${i}] ${out.reason}`);
    const problem = dnsNameProblem(fillPlaceholders(out.text!, STAND_IN));
    if (problem) worsen('error', `DNS name "${showPlaceholders(out.text!)}" ${problem} (the SPIRE server refuses the entry)`);
    addDns(showPlaceholders(out.text!));
  });
  if (spec.autoPopulateDNSNames) {
    const names: string[] = [];
    for (const service of services) {
      if (service.namespace !== pod.namespace || !selectsPod(service.selector, pod.labels)) continue;
      names.push(service.name, `${service.name}.${service.namespace}`, `${service.name}.${service.namespace}.svc`);
      if (settings.clusterDomain) names.push(`${service.name}.${service.namespace}.svc.${settings.clusterDomain}`);
    }
    names.sort().forEach(addDns);
  }

  return {
    registration,
    status,
    spiffeId,
    problem: problems.length > 0 ? problems.join('; ') : undefined,
    parentId,
    selectors,
    dnsNames,
    federatesWith: [...(spec.federatesWith ?? [])],
    x509SvidTtl: spec.ttl || undefined,
    jwtSvidTtl: spec.jwtTtl || undefined,
    admin: spec.admin === true,
    downstream: spec.downstream === true,
    hint: spec.hint || undefined,
    fallback: spec.fallback === true,
  };
}

/** A Service's selector selects the pod when every pair matches (an empty selector selects nothing: no endpoints). */
function selectsPod(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}
