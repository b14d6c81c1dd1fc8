// What the plan tells a human: each finding names the rule it follows (upstream source) and a fix.

import type { Finding, IdentityPlanData, PlannedEntry, PlannedWorkload } from './model';

const SCM = 'spiffe/spire-controller-manager';
const SDS_DEFAULT = 'spiffe/spire:pkg/agent/endpoints/sdsv3/handler.go (buildResponse: "default" is upd.Identities[0]) '
  + 'and pkg/agent/manager/cache/lru_cache.go (sortIdentities: by entry ID)';
const MISSING_BUNDLE = 'spiffe/spire:pkg/server/datastore/sqlstore/sqlstore.go ("unable to find federated bundle")';

/** Entries a pod actually receives: not masked, not failing (to render, or at the server). */
export function activeEntries(workload: PlannedWorkload): PlannedEntry[] {
  return workload.entries.filter((e) => !e.maskedBy && e.status !== 'error');
}

/** The workload's entries pod by pod: one group when its pods are alike, else one per named pod. */
export function podGroups(workload: PlannedWorkload): Array<{ pod?: string; entries: PlannedEntry[] }> {
  if (!workload.pods) return [{ entries: workload.entries }];
  return workload.pods.map((pod) => ({ pod, entries: workload.entries.filter((e) => !e.pods || e.pods.includes(pod)) }));
}

/** The ID Istio accepts for a workload (istio.io SPIRE integration guide). */
export function istioId(trustDomain: string, workload: PlannedWorkload): string {
  return `spiffe://${trustDomain}/ns/${workload.namespace}/sa/${workload.serviceAccount}`;
}

export function findingsOf(plan: IdentityPlanData, staticFederations: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const td = plan.controller.trustDomain;
  const federations = new Map(plan.federations.filter((f) => f.reconciled && !f.refused).map((f) => [f.trustDomain, f]));
  const unreconciledFederations = new Map(plan.federations.filter((f) => !f.reconciled || f.refused).map((f) => [f.trustDomain, f]));
  const reportedFederation = new Set<string>();

  for (const workload of plan.workloads) {
    const describeWorkload = workload.gateway ? 'Istio gateway' : workload.mesh ? 'Istio-enrolled workload' : 'workload';
    if (workload.noPods) {
      findings.push({
        severity: 'info',
        rule: 'no-pods',
        subject: workload.ref,
        message: `runs no pod now (${workload.noPods}), so the controller declares no entry for it; once it runs pods they get what the registrations selecting its template declare`,
        fix: 'nothing, if it is meant to be idle',
        source: `${SCM}:pkg/spireentry/reconciler.go (addClusterSPIFFEIDEntriesState lists pods, not workloads)`,
      });
      continue;
    }
    for (const group of podGroups(workload)) {
      const active = group.entries.filter((e) => !e.maskedBy && e.status !== 'error');
      const which = group.pod ? ` (pod ${group.pod})` : '';

      if ((workload.mesh || workload.workloadApi) && active.length === 0) {
        const failing = group.entries.filter((e) => e.status === 'error');
        const why = workload.ignoredNamespace
          ? `its namespace "${workload.namespace}" matches the controller's ignoreNamespaces (${plan.controller.ignoreNamespaces.join(', ')}; unanchored regular expressions)`
          : failing.length > 0
            ? `every entry fails: ${failing.map((e) => `${e.registration}: ${e.problem}`).join('; ')}`
            : 'no ClusterSPIFFEID reconciled by this controller selects it (labels, namespace, className)';
        findings.push({
          severity: workload.mesh ? 'error' : 'warning',
          rule: workload.mesh ? 'enrolled-without-identity' : 'workload-api-without-identity',
          subject: workload.ref,
          message: `${describeWorkload}${which} gets no SPIFFE ID: ${why}`,
          fix: workload.ignoredNamespace
            ? 'move it to a namespace the controller watches, or anchor the ignoreNamespaces patterns (^ns$)'
            : 'add a ClusterSPIFFEID whose podSelector and namespaceSelector select this pod template (for Istio: label spiffe.io/spire-managed-identity: "true")',
          source: `${SCM}:pkg/spireentry/reconciler.go (addClusterSPIFFEIDEntriesState), pkg/namespace/namespace.go`,
        });
      }

      if (active.length > 1) {
        const ids = [...new Set(active.map((e) => e.spiffeId ?? '(unknown)'))];
        const sameId = ids.length === 1 && active.every((e) => e.status === 'rendered');
        findings.push({
          severity: workload.mesh && !sameId ? 'error' : 'warning',
          rule: 'multiple-identities',
          subject: workload.ref,
          message: `${describeWorkload}${which} is matched by ${active.length} registrations (${active.map((e) => `${e.registration} -> ${e.spiffeId ?? 'unknown'}`).join(', ')}), so each pod gets ${active.length} SVIDs. `
            + (sameId
              ? `They share the ID ${ids[0]}, but which entry's TTL, DNS names and federatesWith Envoy's "default" carries depends on entry IDs.`
              : 'Envoy\'s SDS "default" is the first SVID in entry-ID order; entry IDs are random UUIDs, so the mesh identity is ambiguous (hints do not help SDS).'),
          fix: 'make the podSelectors exclusive, or mark the catch-all registration fallback: true',
          source: SDS_DEFAULT,
        });
      }
    }
    const rendered = activeEntries(workload).filter((e) => e.status === 'rendered');

    if (workload.mesh) {
      const want = istioId(td, workload);
      for (const entry of rendered) {
        if (entry.spiffeId !== want) {
          findings.push({
            severity: 'error',
            rule: 'istio-id-shape',
            subject: workload.ref,
            message: `${describeWorkload} gets ${entry.spiffeId} from ${entry.registration}; Istio only accepts spiffe://<trust domain>/ns/<namespace>/sa/<service account>, here ${want}`,
            fix: 'use spiffeIDTemplate spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
            source: 'istio/istio.io:content/en/docs/ops/integrations/spire/index.md (SPIFFE ID format warning)',
          });
        }
      }
    }

    for (const entry of workload.entries) {
      if (entry.status === 'error' && entry.failedAt === 'server') {
        findings.push({
          severity: workload.mesh || workload.workloadApi ? 'error' : 'warning',
          rule: 'entry-refused-by-server',
          subject: workload.ref,
          message: `${entry.registration}: the controller declares the entry, but the SPIRE server refuses it, so it never exists (and, being declared, it still keeps fallback registrations away): ${entry.problem}`,
          fix: 'change the registration so the server accepts the entry (the message names the server rule)',
          source: `${SCM}:pkg/spireentry/reconciler.go (createEntries: counted in status.stats.entryFailures); spiffe/spire:pkg/server/api/entry.go`,
        });
      } else if (entry.status === 'error') {
        findings.push({
          severity: workload.mesh || workload.workloadApi ? 'error' : 'warning',
          rule: 'entry-render-failure',
          subject: workload.ref,
          message: `${entry.registration} does not give it an entry: ${entry.problem}`,
          fix: 'fix the template or the pod metadata it reads',
          source: `${SCM}:pkg/spireentry/entries.go (renderPodEntry; counted in status.stats.podEntryRenderFailures)`,
        });
      } else if (entry.status === 'unknown') {
        findings.push({
          severity: workload.mesh ? 'warning' : 'info',
          rule: 'unknown-at-synth',
          subject: workload.ref,
          message: `${entry.registration}: what it renders cannot be known before the pod runs: ${entry.problem}`,
          fix: 'base the template on values in the manifest (namespace, service account, labels), or accept the run-time value',
          source: 'golang/go:src/text/template/exec.go',
        });
      }
      if (entry.maskedBy) {
        findings.push({
          severity: 'info',
          rule: 'masked-entry',
          subject: workload.ref,
          message: `${entry.registration} declares the same entry (SPIFFE ID, parent ID, selectors) as ${entry.maskedBy}; only one is set: the oldest registration (creation time, then UID) wins, and its TTLs, DNS names and federatesWith apply (without creation times in the manifests the order shown is by name; the cluster decides)`,
          fix: 'drop one of the two registrations, or make them select different pods',
          source: `${SCM}:pkg/spireentry/reconciler.go (makeEntryKey, sortDeclaredEntriesByPreference)`,
        });
      }
      if (entry.maskedBy || (entry.status === 'error' && entry.failedAt !== 'server')) continue;
      const never = entry.status === 'error' ? undefined : neverMatching(entry, workload);
      if (never) {
        findings.push({
          severity: workload.mesh ? 'error' : 'warning',
          rule: 'selector-never-matches',
          subject: workload.ref,
          message: `${entry.registration} adds selector "${never}", which this pod never has; the SPIRE agent never issues it this SVID`,
          fix: `make the workloadSelectorTemplates match the pod (namespace ${workload.namespace}, service account ${workload.serviceAccount})`,
          source: 'spiffe/spire:doc/plugin_agent_workloadattestor_k8s.md (k8s:ns, k8s:sa, k8s:pod-label selectors)',
        });
      }
      for (const foreign of entry.federatesWith) {
        if (staticFederations.has(foreign)) continue;
        const key = `${entry.registration}\u0001${foreign}`;
        if (reportedFederation.has(key)) continue;
        const federation = federations.get(foreign);
        if (!federation) {
          reportedFederation.add(key);
          const ignored = unreconciledFederations.get(foreign);
          findings.push({
            severity: 'error',
            rule: 'federation-missing',
            subject: entry.registration,
            message: `federatesWith "${foreign}", but ${ignored ? (ignored.refused ? `${ignored.ref} is refused by the webhook (${ignored.refused})` : `${ignored.ref} is not reconciled by this controller (className)`) : 'no ClusterFederatedTrustDomain names it'}; the SPIRE server refuses entries that federate with a trust domain whose bundle it lacks`,
            fix: `add a ClusterFederatedTrustDomain for ${foreign} (with this controller's className), or remove it from federatesWith`,
            source: MISSING_BUNDLE,
          });
        } else if (federation.bootstrap === 'none') {
          reportedFederation.add(key);
          findings.push({
            severity: 'error',
            rule: 'federation-no-bootstrap-bundle',
            subject: entry.registration,
            message: `federatesWith "${foreign}", whose ${federation.ref} uses https_spiffe without spec.trustDomainBundle: the server cannot authenticate the first bundle fetch, never holds the bundle, and refuses these entries`,
            fix: `set spec.trustDomainBundle on ${federation.ref}, or load the bundle with spire-server bundle set and annotate it spire.cdk8s.io/bundle-loaded-out-of-band: "true"`,
            source: `${MISSING_BUNDLE}; ${SCM}:api/v1alpha1/clusterfederatedtrustdomain_types.go (TrustDomainBundle)`,
          });
        }
      }
    }
  }

  for (const registration of plan.registrations) {
    if (registration.reconciled && registration.workloads.length === 0) {
      findings.push({
        severity: 'info',
        rule: 'registration-matches-nothing',
        subject: registration.ref,
        message: `selects no workload of these manifests${registration.fallback ? ' (or only workloads that a non-fallback registration already covers)' : ''}; its workloads may be deployed elsewhere`,
        fix: 'nothing, if its workloads live in other manifests; otherwise check its podSelector and namespaceSelector',
        source: `${SCM}:pkg/spireentry/reconciler.go (status.stats.podsSelected)`,
      });
    }
  }

  for (const entry of plan.staticEntries) {
    if (entry.status === 'error') {
      findings.push({
        severity: 'error',
        rule: 'static-entry-invalid',
        subject: entry.registration,
        message: entry.problem ?? 'does not render',
        fix: 'use valid SPIFFE IDs, type:value selectors and trust domain names',
        source: `${SCM}:pkg/spireentry/entries.go (renderStaticEntry)`,
      });
    }
  }

  const byId = new Map<string, Set<string>>();
  for (const workload of plan.workloads) {
    for (const entry of activeEntries(workload)) {
      if (entry.status !== 'rendered' || !entry.spiffeId || entry.spiffeId.includes('<')) continue;
      const set = byId.get(entry.spiffeId) ?? new Set();
      set.add(workload.ref);
      byId.set(entry.spiffeId, set);
    }
  }
  for (const [id, refs] of byId) {
    if (refs.size < 2) continue;
    findings.push({
      severity: 'info',
      rule: 'shared-spiffe-id',
      subject: id,
      message: `${refs.size} different workloads share this SPIFFE ID: ${[...refs].join(', ')}; peers cannot tell them apart`,
      fix: 'nothing, if they are one service; otherwise give each its own service account',
      source: 'spiffe/spiffe:standards/SPIFFE-ID.md (an ID names one workload identity)',
    });
  }
  return findings;
}

/** A `k8s:ns` / `k8s:sa` selector the pod can never satisfy. */
function neverMatching(entry: PlannedEntry, workload: PlannedWorkload): string | undefined {
  for (const selector of entry.selectors) {
    if (selector.includes('<')) continue;
    if (selector.startsWith('k8s:ns:') && selector.slice(7) !== workload.namespace) return selector;
    if (selector.startsWith('k8s:sa:') && selector.slice(7) !== workload.serviceAccount) return selector;
  }
  return undefined;
}
