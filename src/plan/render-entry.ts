// One ClusterSPIFFEID rendered for one workload's pods, following spire-controller-manager
// pkg/spireentry/entries.go `renderPodEntry`: selector k8s:pod-uid plus the rendered
// workloadSelectorTemplates, the parent ID of the pod's node, the SPIFFE ID (which must parse and
// be in the controller's trust domain), DNS names from dnsNameTemplates then, with
// autoPopulateDNSNames, from the Services whose endpoints hold the pod (svc, svc.ns, svc.ns.svc,
// svc.ns.svc.<clusterDomain>, sorted, duplicates dropped). What the SPIRE server then refuses
// (spire-server-checks.ts: IDs under /spire, DNS names, federation without a bundle, negative
// TTLs, long hints) makes the entry an error with failedAt "server": it never exists, although
// the controller declared it (and so it still suppresses fallback registrations).

import { goDurationSecondsOf } from './go-duration';
import { executeTemplate, TemplateOutcome } from './go-template';
import { fillPlaceholders, GoStruct, GoValue, knownPieces, showPlaceholders } from './go-value';
import { Selection, valueEquals } from './label-selector';
import type { ControllerSettings, PlannedEntry } from './model';
import { HINT_MAXIMUM_LENGTH } from './spire-server-checks';
import { NODE_META, NODE_SPEC, WorkloadPod } from './workloads';
import { dnsNameShapeProblem } from '../spiffe/dns-name';
import { parseSpiffeId, spiffeIdProblem } from '../spiffe/spiffe-id';

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

/** What the SPIRE server knows of a foreign trust domain: undefined when it holds its bundle, else why not. */
export type FederationCheck = (trustDomain: string) => string | undefined;

/** Renders `spec` for `pod`; `registration` names it in the result. */
export function renderPodEntry(registration: string, spec: ClusterSpiffeIdSpec, pod: WorkloadPod, settings: ControllerSettings,
  services: readonly ServiceSelecting[], parent: TemplateOutcome, federation: FederationCheck = () => undefined): PlannedEntry {
  const data = templateData(settings, pod);
  // The controller's own outcome (pkg/spireentry/entries.go renderPodEntry), then the server's.
  const problems: string[] = [];
  let controller = 'rendered' as 'rendered' | 'unknown' | 'error';
  const worsen = (to: 'unknown' | 'error', problem: string) => {
    if (to === 'error' || controller === 'rendered') controller = to;
    problems.push(problem);
  };
  const refusals: string[] = [];

  let parentId: string | undefined;
  if (parent.status === 'rendered') {
    const filled = fillPlaceholders(parent.text!, STAND_IN);
    // renderSPIFFEID: the parent ID must parse and be in the controller's trust domain.
    const problem = spiffeIdProblem(filled, { trustDomain: settings.trustDomain });
    if (problem) {
      worsen('error', `parent ID "${showPlaceholders(parent.text!)}" ${problem} (the controller fails to render the entry: entries.go renderSPIFFEID)`);
    } else {
      parentId = showPlaceholders(parent.text!);
      // TrustDomainMemberIDFromProto: a member of the trust domain has a path.
      if (parseSpiffeId(filled)?.path === '') refusals.push(`parent ID "${parentId}" has no path (SPIRE server: pkg/server/api/id.go TrustDomainMemberIDFromProto)`);
    }
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
    if (parseProblem) worsen('error', `SPIFFE ID "${spiffeId}" ${parseProblem} (the controller fails to render the entry: entries.go renderSPIFFEID)`);
    else if (serverProblem) refusals.push(`SPIFFE ID "${spiffeId}" ${serverProblem} (SPIRE server: pkg/server/api/id.go TrustDomainWorkloadIDFromProto)`);
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
      return worsen('error', `workload selector "${showPlaceholders(text)}" is not <type>:<value> with both parts non-empty (the controller fails to render the entry: entries.go parseSelector)`);
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
    // The controller takes the rendered text as it is; the server validates it (the same check
    // the constructs make at synth), told which parts exist only at run time.
    const problem = dnsNameShapeProblem(knownPieces(out.text!));
    if (problem) refusals.push(`DNS name "${showPlaceholders(out.text!)}" ${problem}`);
    addDns(showPlaceholders(out.text!));
  });
  if (spec.autoPopulateDNSNames) {
    const names: string[] = [];
    for (const service of services) {
      if (service.namespace !== pod.namespace) continue;
      const selection = selectsPod(service.selector, pod.labels);
      if (selection === 'no') continue;
      if (selection === 'maybe') {
        worsen('unknown', `whether Service ${service.name} selects the pod depends on a label value only known at run time`);
        continue;
      }
      // entries.go dnsNamesFromEndpoints: the Endpoints (named after the Service) that hold the pod.
      names.push(service.name, `${service.name}.${service.namespace}`, `${service.name}.${service.namespace}.svc`);
      if (settings.clusterDomain) names.push(`${service.name}.${service.namespace}.svc.${settings.clusterDomain}`);
    }
    names.sort().forEach(addDns);
  }

  const federatesWith = [...(spec.federatesWith ?? [])];
  for (const td of federatesWith) {
    const problem = federation(td);
    if (problem) refusals.push(`federatesWith "${td}": ${problem}`);
  }
  const ttl = checkTtl('ttl', spec.ttl, refusals);
  const jwtTtl = checkTtl('jwtTtl', spec.jwtTtl, refusals);
  if (spec.hint && spec.hint.length > HINT_MAXIMUM_LENGTH) {
    refusals.push(`hint is ${spec.hint.length} characters long, more than ${HINT_MAXIMUM_LENGTH} (SPIRE server: pkg/server/api/entry.go hintMaximumLength)`);
  }

  let status: PlannedEntry['status'] = controller;
  let failedAt: PlannedEntry['failedAt'];
  if (controller === 'error') {
    failedAt = 'controller';
  } else if (refusals.length > 0 && controller === 'unknown') {
    // Whether the controller declares it is only known at run time; if it does, the server refuses it.
    problems.push(...refusals.map((r) => `${r}; if the controller renders it, the SPIRE server refuses the entry`));
  } else if (refusals.length > 0) {
    // The controller declares the entry, the server refuses it: it never exists.
    status = 'error';
    failedAt = 'server';
    problems.push(...refusals.map((r) => `${r}; the SPIRE server refuses the entry`));
  }

  return {
    registration,
    status,
    spiffeId,
    problem: problems.length > 0 ? problems.join('; ') : undefined,
    parentId,
    selectors,
    dnsNames,
    federatesWith,
    x509SvidTtl: ttl,
    jwtSvidTtl: jwtTtl,
    admin: spec.admin === true,
    downstream: spec.downstream === true,
    // Pod entries carry the ClusterSPIFFEID's hint since controller manager 0.6.0 (CHANGELOG:
    // "Hint field to the ClusterSPIFFEID CRD that controls the hint on resulting entries", #416):
    // api/v1alpha1/clusterspiffeid_webhook.go ParseClusterSPIFFEIDSpec copies spec.Hint and
    // pkg/spireentry/entries.go renderPodEntry sets it on the spireapi.Entry. Copies of entries.go
    // from before 0.6.0 set no hint on pod entries (only renderStaticEntry did).
    hint: spec.hint || undefined,
    fallback: spec.fallback === true,
    ...(failedAt ? { failedAt } : {}),
  };
}

/** A TTL as given; a negative one is refused (sqlstore validateRegistrationEntry: "X509SvidTtl is not set"). */
function checkTtl(field: string, value: string | undefined, refusals: string[]): string | undefined {
  if (!value) return undefined;
  const seconds = goDurationSecondsOf(value);
  if (seconds !== undefined && seconds < 0) {
    refusals.push(`${field} "${value}" is negative (SPIRE server: pkg/server/datastore/sqlstore validateRegistrationEntry)`);
  }
  return value;
}

/** Whether a Service's selector selects the pod (an empty selector selects nothing: no endpoints). */
function selectsPod(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): Selection {
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return 'no';
  let out: Selection = 'yes';
  for (const [k, v] of pairs) {
    const r = valueEquals(labels[k], v);
    if (r === 'no') return 'no';
    if (r === 'maybe') out = 'maybe';
  }
  return out;
}
