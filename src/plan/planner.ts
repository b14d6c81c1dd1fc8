// The identity planner: which SPIRE entries spire-controller-manager would declare for the
// workloads of a set of manifests, following pkg/spireentry/reconciler.go
// `addClusterSPIFFEIDEntriesState`: for each ClusterSPIFFEID whose className this controller
// reconciles (`reconcileClass`), list the namespaces its namespaceSelector selects, skip the
// ignored ones (pkg/namespace/namespace.go: unanchored regexp.MatchString), list the pods its
// podSelector selects, and render one entry per pod. Entries with the same SPIFFE ID, parent
// ID and selectors collapse into one, the oldest registration winning (`makeEntryKey`,
// `sortDeclaredEntriesByPreference`). `fallback` registrations apply only to pods no
// non-fallback registration matched (api/v1alpha1/clusterspiffeid_types.go `Fallback`).

import { clusterSpiffeIdAdmission, federatedTrustDomainAdmission } from './admission';
import { findingsOf } from './findings';
import type { TemplateOutcome } from './go-template';
import { hasPlaceholder, showPlaceholders } from './go-value';
import { injectedLabels, injectorSettings, isInjected } from './istio-injection';
import { flattenObjects } from './kube-list';
import { CompiledSelector, compileSelector, Selection } from './label-selector';
import type {
  ControllerSettings, Finding, IdentityPlanData, KubeObject, PlannedEntry, PlannedFederation, PlannedNamespace,
  PlannedRegistration, PlannedWorkload,
} from './model';
import { ClusterSpiffeIdSpec, FederationCheck, renderParentId, renderPodEntry, ServiceSelecting } from './render-entry';
import { HINT_MAXIMUM_LENGTH } from './spire-server-checks';
import { noPodsReason, ORDINAL_LABELS, statefulSetOrdinals, workloadPod, WorkloadPod } from './workloads';
import { BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION } from '../registration/bundle-bootstrap-annotation';
import { dnsNameProblem } from '../spiffe/dns-name';
import { spiffeIdProblem } from '../spiffe/spiffe-id';
import { templateSyntaxProblem } from '../spiffe/template';
import { trustDomainProblem } from '../spiffe/trust-domain';
import { imageFindings } from '../versions/image-findings';


const NAME_LABEL = 'kubernetes.io/metadata.name';
const SPIFFE_CSI_DRIVER = 'csi.spiffe.io';

interface Registration {
  readonly object: KubeObject;
  readonly ref: string;
  readonly name: string;
  readonly spec: ClusterSpiffeIdSpec & { className?: string; namespaceSelector?: any; podSelector?: any };
  readonly reconciled: boolean;
  /** Why the webhook refuses it (it then does not exist). */
  readonly refused?: string;
  readonly namespaceSelector: CompiledSelector | string;
  readonly podSelector: CompiledSelector | string;
  /** Sort key for masking: creation timestamp, then UID (reconciler.go objectCmp). */
  readonly order: string;
}

/** A workload object and the pods the planner stands for it (one, or one per StatefulSet ordinal). */
interface WorkloadGroup {
  readonly object: KubeObject;
  readonly base: WorkloadPod;
  readonly pods: WorkloadPod[];
  readonly injected: boolean;
  /** Why it runs no pod now. */
  readonly idle?: string;
}

/** A registration that selects a pod: for sure, or depending on a run-time label value. */
interface Match {
  readonly reg: Registration;
  readonly selection: Selection;
}

/** What a caller needs of the plan. */
export interface PlanScope {
  /**
   * Compute the findings. The upgrade diff compares only the entries of both sides, and at
   * 10,000 registrations the findings are a third of the planning time.
   * @default true
   */
  readonly findings?: boolean;
}

/** Plans the identities of `objects` under `settings`. */
export function planIdentities(input: readonly KubeObject[], settings: ControllerSettings, scope: PlanScope = {}): IdentityPlanData {
  const objects = flattenObjects(input);
  const early: Finding[] = [];
  const ignore = compileIgnores(settings, early);
  const reconcileClass = (className: string | undefined) =>
    (!className && settings.watchClassless) || (className ?? '') === settings.className;

  // Workloads and namespaces.
  const templates: Array<{ object: KubeObject; pod: WorkloadPod }> = [];
  const services: ServiceSelecting[] = [];
  const declared = new Map<string, Record<string, string>>();
  for (const object of objects) {
    const pod = workloadPod(object);
    if (pod) {
      templates.push({ object, pod });
    } else if (object.kind === 'Namespace' && object.metadata?.name) {
      // The API server always sets kubernetes.io/metadata.name to the name.
      declared.set(object.metadata.name, { ...(object.metadata.labels ?? {}), [NAME_LABEL]: object.metadata.name });
    } else if (object.kind === 'Service' && object.spec?.selector && object.spec?.type !== 'ExternalName') {
      // An ExternalName Service has no Endpoints, so it adds no DNS names.
      services.push({ name: object.metadata?.name ?? '', namespace: object.metadata?.namespace ?? 'default', selector: object.spec.selector });
    }
  }
  const namespaces = new Map<string, PlannedNamespace>();
  for (const [name, labels] of declared) namespaces.set(name, { name, labels, implicit: false, ignored: ignore(name) });
  for (const { pod } of templates) {
    if (!namespaces.has(pod.namespace)) {
      namespaces.set(pod.namespace, { name: pod.namespace, labels: { [NAME_LABEL]: pod.namespace }, implicit: true, ignored: ignore(pod.namespace) });
    }
  }

  // Registrations, as the API server stores them (or refuses them).
  const registrations: Registration[] = [];
  const staticObjects: KubeObject[] = [];
  const federationObjects: KubeObject[] = [];
  for (const object of objects) {
    if (object.kind === 'ClusterSPIFFEID') {
      const spec = object.spec ?? {};
      const name = object.metadata?.name ?? '(unnamed)';
      const refusal = clusterSpiffeIdAdmission(spec);
      registrations.push({
        object,
        ref: `ClusterSPIFFEID/${name}`,
        name,
        spec,
        reconciled: settings.reconcileClusterSpiffeIds && reconcileClass(spec.className),
        refused: refusal.length > 0 ? refusal.map((r) => `spec.${r.field} ${r.problem}`).join('; ') : undefined,
        namespaceSelector: compileSelector(spec.namespaceSelector),
        podSelector: compileSelector(spec.podSelector),
        order: `${object.metadata?.creationTimestamp ?? ''}\u0001${object.metadata?.uid ?? ''}\u0001${name}`,
      });
    } else if (object.kind === 'ClusterStaticEntry') {
      staticObjects.push(object);
    } else if (object.kind === 'ClusterFederatedTrustDomain') {
      federationObjects.push(object);
    }
  }
  const active = registrations.filter((r) => r.reconciled && !r.refused
    && typeof r.namespaceSelector !== 'string' && typeof r.podSelector !== 'string');

  // StatefulSet pods differ by name and ordinal labels: when a registration selects on those,
  // each ordinal is planned as its own pod.
  const ordinalKeys = active.some((r) => ORDINAL_LABELS.some((k) => (r.podSelector as CompiledSelector).keys.has(k)));

  // Pods as the controller sees them: after Istio's injector added its templates' labels.
  const injector = injectorSettings(objects);
  const groups: WorkloadGroup[] = templates.map(({ object, pod }) => {
    const injected = isInjected(namespaces.get(pod.namespace)!.labels, pod.labels);
    const extra = injected ? injectedLabels(injector, pod.annotations, pod.labels, pod.name) : {};
    const adds = Object.entries(extra).some(([k, v]) => pod.labels[k] !== v);
    const base = adds ? workloadPod(object, extra)! : pod;
    const idle = noPodsReason(object);
    const pods = idle ? [] : ordinalKeys && object.kind === 'StatefulSet'
      ? statefulSetOrdinals(object).map((o) => workloadPod(object, extra, o)!)
      : [base];
    return { object, base, pods, injected, idle };
  });
  const pods = groups.flatMap((g) => g.pods);
  const podsByNamespace = new Map<string, WorkloadPod[]>();
  for (const pod of pods) {
    const list = podsByNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    podsByNamespace.set(pod.namespace, list);
  }
  // Candidate index: matchLabels pairs narrow 1,000 registrations x 1,000 workloads to the few
  // that can match. A label whose value is partly run-time is indexed by its key only.
  const byLabel = new Map<string, WorkloadPod[]>();
  const partialByKey = new Map<string, WorkloadPod[]>();
  for (const pod of pods) {
    for (const [k, v] of Object.entries(pod.labels)) {
      const partial = hasPlaceholder(v);
      const key = partial ? k : `${k}\u0001${v}`;
      const index = partial ? partialByKey : byLabel;
      const list = index.get(key) ?? [];
      list.push(pod);
      index.set(key, list);
    }
  }

  // Federation as the SPIRE server will hold it.
  const federations = federationObjects.map((o) =>
    federationOf(o, reconcileClass(o.spec?.className) && settings.reconcileClusterFederatedTrustDomains));
  const federationCheck = federationChecker(federations, staticFederations(objects));

  const parent = renderParentId(settings);
  const matched = new Map<WorkloadPod, Match[]>();
  for (const reg of active) {
    if (!reg.spec.spiffeIDTemplate) continue;
    const podSelector = reg.podSelector as CompiledSelector;
    const namespaceSelector = reg.namespaceSelector as CompiledSelector;
    const inNamespace = (pod: WorkloadPod) => {
      const ns = namespaces.get(pod.namespace)!;
      return !ns.ignored && namespaceSelector.matches(ns.labels);
    };
    let candidates: Iterable<WorkloadPod>;
    if (podSelector.pairs.length > 0) {
      const [k, v] = podSelector.pairs[0];
      candidates = [...(byLabel.get(`${k}\u0001${v}`) ?? []), ...(partialByKey.get(k) ?? [])];
    } else if (namespaceSelector.pairs.some(([k]) => k === NAME_LABEL)) {
      candidates = podsByNamespace.get(namespaceSelector.pairs.find(([k]) => k === NAME_LABEL)![1]) ?? [];
    } else {
      candidates = pods;
    }
    for (const pod of candidates) {
      if (!inNamespace(pod)) continue;
      const selection = podSelector.decide(pod.labels);
      if (selection === 'no') continue;
      const list = matched.get(pod) ?? [];
      list.push({ reg, selection });
      matched.set(pod, list);
    }
  }

  const regWorkloads = new Map<Registration, Set<string>>(registrations.map((r) => [r, new Set<string>()]));
  const render = (match: Match, pod: WorkloadPod): { reg: Registration; entry: PlannedEntry } => {
    regWorkloads.get(match.reg)!.add(pod.ref);
    let entry = renderPodEntry(match.reg.ref, match.reg.spec, pod, settings, services, parent, federationCheck);
    if (match.selection === 'maybe' && entry.status !== 'error') {
      entry = {
        ...entry,
        status: 'unknown',
        problem: [`its podSelector turns on a label whose value is only known at run time (${runtimeLabels(match.reg, pod)})`, entry.problem].filter(Boolean).join('; '),
      };
    }
    return { reg: match.reg, entry };
  };

  const workloads: PlannedWorkload[] = [];
  for (const group of groups) {
    const perPod = group.pods.map((pod) => planPod(pod, matched.get(pod) ?? [], render));
    const base = group.base;
    const expanded = !group.idle && (group.pods.length !== 1 || group.pods[0] !== base);
    const entries = expanded ? mergePodEntries(group.pods, perPod.map((p) => p.entries)) : perPod[0]?.entries ?? [];
    workloads.push({
      ref: base.ref,
      kind: base.kind,
      name: base.name,
      namespace: base.namespace,
      serviceAccount: base.serviceAccount,
      podName: showPlaceholders(base.podName),
      mesh: isMesh(base),
      injected: group.injected,
      gateway: isGateway(base),
      workloadApi: mountsSpiffeCsi(base),
      ignoredNamespace: namespaces.get(base.namespace)!.ignored,
      entries,
      fallbackSkipped: [...new Set(perPod.flatMap((p) => p.skipped))],
      ...(expanded ? { pods: group.pods.map((p) => p.podName) } : {}),
      ...(group.idle ? { noPods: group.idle } : {}),
    });
  }

  const staticEntries = staticObjects
    .filter((o) => reconcileClass(o.spec?.className) && settings.reconcileClusterStaticEntries)
    .map((o) => renderStaticEntry(o, settings, federationCheck));

  const plannedRegistrations: PlannedRegistration[] = registrations.map((reg) => ({
    ref: reg.ref,
    kind: 'ClusterSPIFFEID',
    name: reg.name,
    reconciled: reg.reconciled,
    fallback: reg.spec.fallback === true,
    spiffeIdTemplate: reg.spec.spiffeIDTemplate,
    federatesWith: [...(reg.spec.federatesWith ?? [])],
    workloads: [...regWorkloads.get(reg)!],
    ...(reg.refused ? { refused: reg.refused } : {}),
  }));

  const data = {
    controller: settings,
    namespaces: [...namespaces.values()].sort((a, b) => a.name.localeCompare(b.name)),
    workloads,
    registrations: plannedRegistrations,
    staticEntries,
    federations,
    findings: [] as Finding[],
  };
  if (scope.findings === false) return data;
  const findings = [
    ...early,
    ...registrationFindings(registrations, settings, parent),
    ...federations.filter((f) => f.refused).map((f): Finding => ({
      severity: 'error',
      rule: 'federation-refused',
      subject: f.ref,
      message: `the API server refuses it (the controller manager's webhook): ${f.refused}; it does not exist, so the SPIRE server gets no bundle for ${f.trustDomain || 'its trust domain'}`,
      fix: 'correct the fields named',
      source: 'spiffe/spire-controller-manager:api/v1alpha1/clusterfederatedtrustdomain_webhook.go (ParseClusterFederatedTrustDomainSpec)',
    })),
    ...findingsOf(data, staticFederations(objects)),
    ...imageFindings(objects),
  ];
  return { ...data, findings: sortFindings(findings) };
}

/**
 * One pod's entries, as reconciler.go addClusterSPIFFEIDEntriesState declares them: the
 * non-fallback registrations first; a fallback one only for a pod no non-fallback registration
 * declared an entry for. A render failure declares nothing; an entry the server later refuses was
 * declared (issue 16, class 4).
 */
function planPod(pod: WorkloadPod, matches: readonly Match[], render: (m: Match, pod: WorkloadPod) => { reg: Registration; entry: PlannedEntry }):
{ entries: PlannedEntry[]; skipped: string[] } {
  const primary = matches.filter((m) => m.reg.spec.fallback !== true).map((m) => render(m, pod));
  const fallbacks = matches.filter((m) => m.reg.spec.fallback === true);
  const isDeclared = (e: PlannedEntry) => e.status === 'rendered' || (e.status === 'error' && e.failedAt === 'server');
  const declaredBy = primary.filter(({ entry }) => isDeclared(entry));
  if (declaredBy.length > 0) return { entries: mask(primary), skipped: fallbacks.map((m) => m.reg.ref) };
  const undecided = primary.filter(({ entry }) => entry.status === 'unknown').map(({ reg }) => reg.ref);
  const fallbackEntries = fallbacks.map((m) => render(m, pod)).map(({ reg, entry }) => {
    if (undecided.length === 0 || entry.status === 'error') return { reg, entry };
    const why = `applies only if ${undecided.join(', ')} declares no entry for the pod, which is only known at run time`;
    return { reg, entry: { ...entry, status: 'unknown' as const, problem: [why, entry.problem].filter(Boolean).join('; ') } };
  });
  return { entries: mask([...primary, ...fallbackEntries]), skipped: [] };
}

/** Entries of a StatefulSet's pods planned one by one: identical ones merge, each names its pods. */
function mergePodEntries(pods: readonly WorkloadPod[], perPod: readonly PlannedEntry[][]): PlannedEntry[] {
  const merged = new Map<string, { entry: PlannedEntry; pods: string[] }>();
  perPod.forEach((entries, i) => {
    for (const entry of entries) {
      const key = JSON.stringify(entry);
      const existing = merged.get(key);
      if (existing) existing.pods.push(pods[i].podName);
      else merged.set(key, { entry, pods: [pods[i].podName] });
    }
  });
  return [...merged.values()].map(({ entry, pods: names }) => (names.length === pods.length ? entry : { ...entry, pods: names }));
}

/** The run-time labels a registration's selector reads, for messages. */
function runtimeLabels(reg: Registration, pod: WorkloadPod): string {
  const keys = [...(reg.podSelector as CompiledSelector).keys].filter((k) => hasPlaceholder(pod.labels[k] ?? ''));
  return keys.map((k) => `${k}: ${showPlaceholders(pod.labels[k])}`).join(', ');
}

/** Whether the SPIRE server holds a foreign trust domain's bundle (sqlstore: "unable to find federated bundle"). */
function federationChecker(federations: readonly PlannedFederation[], fromServerConf: ReadonlySet<string>): FederationCheck {
  return (td) => {
    if (fromServerConf.has(td)) return undefined;
    const own = federations.filter((f) => f.trustDomain === td);
    const usable = own.find((f) => f.reconciled && !f.refused);
    if (usable) {
      if (usable.bootstrap !== 'none') return undefined;
      return `${usable.ref} uses https_spiffe without spec.trustDomainBundle, so the server never authenticates the first bundle fetch and holds no bundle for it ("unable to find federated bundle": spiffe/spire pkg/server/datastore/sqlstore)`;
    }
    const why = own.length === 0 ? 'no ClusterFederatedTrustDomain names it'
      : own.some((f) => f.refused) ? `${own[0].ref} is refused by the webhook` : `${own[0].ref} is not reconciled by this controller (className)`;
    return `${why}, so the server holds no bundle for it ("unable to find federated bundle": spiffe/spire pkg/server/datastore/sqlstore)`;
  };
}

function compileIgnores(settings: ControllerSettings, findings: Finding[]): (namespace: string) => boolean {
  const regexes: RegExp[] = [];
  for (const pattern of settings.ignoreNamespaces) {
    try {
      regexes.push(new RegExp(pattern));
    } catch (e) {
      findings.push({
        severity: 'error',
        rule: 'invalid-ignore-namespace',
        subject: 'ControllerManagerConfig',
        message: `ignoreNamespaces entry "${pattern}" is not a valid regular expression (${(e as Error).message}); the controller manager will not start`,
        fix: 'write a valid RE2 regular expression, anchored like "^kube-system$"',
        source: 'spiffe/spire-controller-manager:cmd/main.go (regexp.Compile of ignoreNamespaces)',
      });
    }
  }
  const cache = new Map<string, boolean>();
  return (namespace) => {
    let ignored = cache.get(namespace);
    if (ignored === undefined) {
      // Unanchored, like Go's regexp.MatchString: "spire" also ignores "spire-apps".
      ignored = regexes.some((r) => r.test(namespace));
      cache.set(namespace, ignored);
    }
    return ignored;
  };
}

/**
 * Pod entries of one pod keyed like reconciler.go `makeEntryKey` (SPIFFE ID, parent ID, sorted
 * selectors): the first of a key (oldest registration) is set, the others are masked.
 */
function mask(rendered: Array<{ reg: Registration; entry: PlannedEntry }>): PlannedEntry[] {
  const sorted = [...rendered].sort((a, b) => (a.reg.order < b.reg.order ? -1 : a.reg.order > b.reg.order ? 1 : 0));
  const winners = new Map<string, string>();
  const out: PlannedEntry[] = [];
  for (const { reg, entry } of sorted) {
    if (entry.status !== 'rendered') {
      out.push(entry);
      continue;
    }
    const key = `${entry.spiffeId}\u0001${entry.parentId}\u0001${[...entry.selectors].sort().join('\u0001')}`;
    const winner = winners.get(key);
    if (winner) {out.push({ ...entry, maskedBy: winner });} else {
      winners.set(key, reg.ref);
      out.push(entry);
    }
  }
  return out;
}

function isMesh(pod: WorkloadPod): boolean {
  const templates = (pod.annotations['inject.istio.io/templates'] ?? '').split(',').map((t) => t.trim());
  if (templates.some((t) => t.includes('spire'))) return true;
  if (pod.labels['spiffe.io/spire-managed-identity'] === 'true') return true;
  // Gateways patched by an overlay mount the CSI volume into istio-proxy directly.
  const csiVolumes = spiffeCsiVolumes(pod);
  const proxy = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find((c: any) => c?.name === 'istio-proxy');
  return proxy !== undefined && (proxy.volumeMounts ?? []).some((m: any) => csiVolumes.has(m?.name));
}

function isGateway(pod: WorkloadPod): boolean {
  const templates = pod.annotations['inject.istio.io/templates'] ?? '';
  return /gateway$/.test(pod.labels.istio ?? '') || templates.split(',').some((t) => t.trim() === 'gateway');
}

function spiffeCsiVolumes(pod: WorkloadPod): Set<string> {
  return new Set((pod.spec.volumes ?? []).filter((v: any) => v?.csi?.driver === SPIFFE_CSI_DRIVER).map((v: any) => v.name));
}

function mountsSpiffeCsi(pod: WorkloadPod): boolean {
  return spiffeCsiVolumes(pod).size > 0;
}

function federationOf(object: KubeObject, reconciled: boolean): PlannedFederation {
  const spec = object.spec ?? {};
  const profile: string | undefined = spec.bundleEndpointProfile?.type;
  let bootstrap: PlannedFederation['bootstrap'];
  if (profile !== 'https_spiffe') bootstrap = 'not-needed';
  else if (spec.trustDomainBundle) bootstrap = 'spec';
  else if (object.metadata?.annotations?.[BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION] === 'true') bootstrap = 'out-of-band';
  else bootstrap = 'none';
  const refusal = federatedTrustDomainAdmission(object);
  return {
    ref: `ClusterFederatedTrustDomain/${object.metadata?.name ?? ''}`,
    trustDomain: spec.trustDomain ?? '',
    bundleEndpointUrl: spec.bundleEndpointURL,
    profile,
    reconciled,
    bootstrap,
    ...(refusal.length > 0 ? { refused: refusal.map((r) => `spec.${r.field} ${r.problem}`).join('; ') } : {}),
  };
}

/**
 * ClusterStaticEntry as pkg/spireentry/entries.go `renderStaticEntry` takes it (parsed, not
 * templated: any trust domain parses), then what the SPIRE server refuses
 * (spire-server-checks.ts): IDs outside its trust domain or under /spire, DNS names, federation
 * without a bundle, negative TTLs, long hints.
 */
function renderStaticEntry(object: KubeObject, settings: ControllerSettings, federation: FederationCheck): PlannedEntry {
  const spec = object.spec ?? {};
  const problems: string[] = [];
  const idProblem = spiffeIdProblem(spec.spiffeID ?? '');
  if (idProblem) problems.push(`spiffeID ${idProblem}`);
  const parentProblem = spiffeIdProblem(spec.parentID ?? '');
  if (parentProblem) problems.push(`parentID ${parentProblem}`);
  for (const selector of spec.selectors ?? []) {
    const colon = String(selector).indexOf(':');
    if (colon <= 0 || colon === String(selector).length - 1) problems.push(`selector "${selector}" is not <type>:<value>`);
  }
  for (const td of spec.federatesWith ?? []) {
    const problem = trustDomainProblem(td);
    if (problem) problems.push(`federatesWith "${td}" ${problem}`);
  }
  const refusals: string[] = [];
  if (problems.length === 0) {
    const serverId = spiffeIdProblem(spec.spiffeID, { trustDomain: settings.trustDomain, workload: true });
    if (serverId) refusals.push(`spiffeID ${serverId} (SPIRE server: pkg/server/api/id.go TrustDomainWorkloadIDFromProto)`);
    const serverParent = spiffeIdProblem(spec.parentID, { trustDomain: settings.trustDomain });
    if (serverParent) refusals.push(`parentID ${serverParent} (SPIRE server: pkg/server/api/id.go TrustDomainMemberIDFromProto)`);
    if ((spec.selectors ?? []).length === 0) refusals.push('selectors is empty ("selector list is empty": SPIRE server pkg/server/api/entry.go)');
    for (const name of spec.dnsNames ?? []) {
      const problem = dnsNameProblem(String(name));
      if (problem) refusals.push(`DNS name "${name}" ${problem}`);
    }
    for (const td of spec.federatesWith ?? []) {
      const problem = federation(td);
      if (problem) refusals.push(`federatesWith "${td}": ${problem}`);
    }
    if (spec.hint && String(spec.hint).length > HINT_MAXIMUM_LENGTH) refusals.push(`hint is longer than ${HINT_MAXIMUM_LENGTH} characters (SPIRE server: pkg/server/api/entry.go)`);
  }
  const failedAt = problems.length > 0 ? 'controller' : refusals.length > 0 ? 'server' : undefined;
  const problem = problems.length > 0
    ? `${problems.join('; ')} (the controller fails to render it: status.rendered false)`
    : refusals.length > 0 ? `${refusals.join('; ')}; the SPIRE server refuses the entry` : undefined;
  return {
    registration: `ClusterStaticEntry/${object.metadata?.name ?? ''}`,
    status: failedAt ? 'error' : 'rendered',
    spiffeId: spec.spiffeID,
    problem,
    parentId: spec.parentID,
    selectors: [...(spec.selectors ?? [])],
    dnsNames: [...(spec.dnsNames ?? [])],
    federatesWith: [...(spec.federatesWith ?? [])],
    x509SvidTtl: spec.x509SVIDTTL || undefined,
    jwtSvidTtl: spec.jwtSVIDTTL || undefined,
    admin: spec.admin === true,
    downstream: spec.downstream === true,
    hint: spec.hint || undefined,
    fallback: false,
    ...(failedAt ? { failedAt } : {}),
  };
}

/** Trust domains the SPIRE server federates with from its own config (server.conf federates_with). */
function staticFederations(objects: readonly KubeObject[]): Set<string> {
  const found = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'ConfigMap' || !object.data) continue;
    for (const [key, text] of Object.entries(object.data)) {
      if (!key.startsWith('server.conf') || typeof text !== 'string') continue;
      try {
        const conf = JSON.parse(text);
        for (const td of Object.keys(conf?.server?.federation?.federates_with ?? conf?.federation?.federates_with ?? {})) found.add(td);
      } catch {
        for (const match of text.matchAll(/federates_with\s+"([^"]+)"/g)) found.add(match[1]);
      }
    }
  }
  return found;
}

function registrationFindings(registrations: readonly Registration[], settings: ControllerSettings, parent: TemplateOutcome): Finding[] {
  const findings: Finding[] = [];
  if (parent.status !== 'rendered') {
    findings.push({
      severity: 'error',
      rule: 'parent-id-template',
      subject: 'ControllerManagerConfig',
      message: `parentIDTemplate "${settings.parentIdTemplate}" ${parent.reason}`,
      fix: `use the default "${'spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .NodeMeta.UID }}'}"`,
      source: 'spiffe/spire-controller-manager:pkg/spireentry/entries.go',
    });
  }
  for (const reg of registrations) {
    if (reg.refused && /spec\.(ttl|jwtTtl) /.test(reg.refused)) {
      findings.push({
        severity: 'error',
        rule: 'registration-refused',
        subject: reg.ref,
        message: `the API server refuses it: ${reg.refused}; it does not exist, declares no entry and suppresses no fallback`,
        fix: 'write TTLs as Go durations, such as "1h" or "90m"',
        source: 'k8s.io/apimachinery:pkg/apis/meta/v1/duration.go (Duration.UnmarshalJSON: time.ParseDuration)',
      });
    }
    if (!reg.reconciled) {
      const why = !settings.reconcileClusterSpiffeIds
        ? 'the controller has reconcile.clusterSPIFFEIDs: false'
        : `its className is ${reg.spec.className ? `"${reg.spec.className}"` : 'empty'}, the controller's is "${settings.className}" and watchClassless is ${settings.watchClassless}`;
      findings.push({
        severity: 'warning',
        rule: 'class-not-reconciled',
        subject: reg.ref,
        message: `the controller manager ignores this registration: ${why}`,
        fix: settings.className ? `set spec.className: "${settings.className}" (or link the ClusterSpiffeId to its Spire)` : 'clear spec.className, or run the controller with that className',
        source: 'spiffe/spire-controller-manager:pkg/spireentry/reconciler.go (reconcileClass)',
      });
      continue;
    }
    for (const [field, compiled] of [['namespaceSelector', reg.namespaceSelector], ['podSelector', reg.podSelector]] as const) {
      if (typeof compiled === 'string') {
        findings.push({
          severity: 'error',
          rule: 'invalid-label-selector',
          subject: reg.ref,
          message: `spec.${field} is invalid: ${compiled}; the webhook rejects the ClusterSPIFFEID`,
          fix: 'use operators In/NotIn with values, Exists/DoesNotExist without',
          source: 'spiffe/spire-controller-manager:api/v1alpha1/clusterspiffeid_webhook.go (metav1.LabelSelectorAsSelector)',
        });
      }
    }
    for (const td of reg.spec.federatesWith ?? []) {
      const problem = trustDomainProblem(td);
      if (problem) {
        findings.push({
          severity: 'error',
          rule: 'invalid-federates-with',
          subject: reg.ref,
          message: `spec.federatesWith "${td}" ${problem}; the webhook rejects the ClusterSPIFFEID`,
          fix: 'name the foreign trust domain by its bare lowercase name, such as "partner.example.com"',
          source: 'spiffe/spire-controller-manager:api/v1alpha1/clusterspiffeid_webhook.go (spiffeid.TrustDomainFromString)',
        });
      }
    }
    const templates: Array<[string, string | undefined]> = [
      ['spiffeIDTemplate', reg.spec.spiffeIDTemplate],
      ...(reg.spec.workloadSelectorTemplates ?? []).map((t, i) => [`workloadSelectorTemplates[${i}]`, t] as [string, string]),
      ...(reg.spec.dnsNameTemplates ?? []).map((t, i) => [`dnsNameTemplates[${i}]`, t] as [string, string]),
    ];
    for (const [field, template] of templates) {
      const problem = template ? templateSyntaxProblem(template) : undefined;
      if (problem) {
        findings.push({
          severity: 'error',
          rule: 'template-problem',
          subject: reg.ref,
          message: `spec.${field} ${problem}; the webhook rejects a template Go cannot parse, and one that reads missing data fails for every pod`,
          fix: 'use only the fields of .TrustDomain, .ClusterName, .ClusterDomain, .PodMeta, .PodSpec, .NodeMeta, .NodeSpec and Go\'s built-in functions',
          source: 'spiffe/spire-controller-manager:api/v1alpha1/clusterspiffeid_webhook.go (template.Parse), pkg/spireentry/entries.go',
        });
      }
    }
    if (!reg.spec.spiffeIDTemplate) {
      findings.push({
        severity: 'error',
        rule: 'empty-spiffe-id-template',
        subject: reg.ref,
        message: 'spec.spiffeIDTemplate is empty; the webhook rejects the ClusterSPIFFEID ("empty SPIFFEID template")',
        fix: 'set spiffeIDTemplate, e.g. spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
        source: 'spiffe/spire-controller-manager:api/v1alpha1/clusterspiffeid_webhook.go',
      });
    }
  }
  return findings;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject));
}
