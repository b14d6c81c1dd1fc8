// Compares two sets of manifests: what the API server will refuse, what it accepts that takes
// identities away, SPIRE's upgrade rules, what `kubectl apply` leaves behind, the identities
// side by side, and the rollout.

import { DiffContext, diffContext } from './diff-context';
import { compareIdentities, ConfigParser } from './identity-changes';
import { identityFindings } from './identity-findings';
import { describeRef, refOf } from './kube-objects';
import type { DiffFinding, DiffSeverity, IdentityComparison, ManifestDiffData, ManifestSet } from './model';
import { planRollout } from './rollout';
import { DIFF_RULES, DiffRule } from './rules';

/** How to diff. */
export interface DiffOptions {
  /** Parses config documents in ConfigMaps (the controller manager's may be YAML). @default JSON.parse */
  readonly parseConfig?: ConfigParser;
  /** The rules to run. @default DIFF_RULES */
  readonly rules?: readonly DiffRule[];
  /** Skip the identity planner (for callers that only want findings). @default false */
  readonly skipIdentities?: boolean;
}

const SEVERITY_ORDER: Record<DiffSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Whether a `Kind/namespace/name` is among the new side's objects. */
function workloadsOf(context: DiffContext): (workload: string) => boolean {
  const refs = new Set(context.after.objects.map((o) => describeRef(refOf(o))));
  return (workload) => refs.has(workload);
}

/** Diffs `before` (what the cluster has) against `after` (what will be applied). */
export function diffManifests(before: ManifestSet, after: ManifestSet, options: DiffOptions = {}): ManifestDiffData {
  const context = diffContext(before, after);
  const parse = options.parseConfig ?? ((text: string) => JSON.parse(text));
  const identities: IdentityComparison = options.skipIdentities
    ? { skipped: ['not requested'], workloads: [] }
    : compareIdentities(context.before.objects, context.after.objects, parse);
  const findings: DiffFinding[] = [
    ...(options.rules ?? DIFF_RULES).flatMap((rule) => rule(context)),
    ...identityFindings(identities, workloadsOf(context)),
  ];
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    objects: { added: context.added.length, removed: context.removed.length, changed: context.changed.length, unchanged: context.unchanged.length },
    findings,
    identities,
    rollout: planRollout(context, findings),
  };
}

/** Counts of findings by severity. */
export function countFindings(data: ManifestDiffData): Record<DiffSeverity, number> {
  const counts: Record<DiffSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of data.findings) counts[f.severity]++;
  return counts;
}
