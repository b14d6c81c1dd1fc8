// The identities side by side: the identity planner (src/plan) on each side, and per workload
// the SPIFFE IDs its pods get before and after.

import type { IdentityChange, IdentityComparison } from './model';
import { controllerSettings, findControllerConfigs } from '../plan/controller-settings';
import { activeEntries } from '../plan/findings';
import type { IdentityPlanData, KubeObject } from '../plan/model';
import { planIdentities } from '../plan/planner';

/** Parses a config document found in a ConfigMap (JSON here; the CLI passes a YAML parser). */
export type ConfigParser = (text: string) => unknown;

function plan(objects: readonly KubeObject[], parse: ConfigParser): IdentityPlanData | string {
  const [config] = findControllerConfigs(objects, parse);
  const settings = controllerSettings(config?.config, config?.source);
  if (typeof settings === 'string') return settings;
  // Only the entries are compared; each side's findings are the plan's own report.
  return planIdentities(objects, settings, { findings: false });
}

function idsByWorkload(data: IdentityPlanData): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const workload of data.workloads) {
    out.set(workload.ref, [...new Set(activeEntries(workload).map((e) => e.spiffeId ?? `(unknown: ${e.problem})`))].sort());
  }
  return out;
}

const ORDER: Record<IdentityChange['change'], number> = { lost: 0, changed: 1, gained: 2, unchanged: 3 };

/** Plans both sides and lists each workload's IDs before and after. */
export function compareIdentities(before: readonly KubeObject[], after: readonly KubeObject[], parse: ConfigParser): IdentityComparison {
  const a = plan(before, parse);
  const b = plan(after, parse);
  const skipped: string[] = [];
  if (typeof a === 'string') skipped.push(`before: ${a}`);
  if (typeof b === 'string') skipped.push(`after: ${b}`);
  if (typeof a === 'string' || typeof b === 'string') {
    return { skipped, workloads: [], trustDomainBefore: typeof a === 'string' ? undefined : a.controller.trustDomain, trustDomainAfter: typeof b === 'string' ? undefined : b.controller.trustDomain };
  }
  const old = idsByWorkload(a);
  const now = idsByWorkload(b);
  const workloads: IdentityChange[] = [];
  for (const ref of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(ref) ?? [];
    const is = now.get(ref) ?? [];
    if (was.length === 0 && is.length === 0) continue;
    const same = was.length === is.length && was.every((id, i) => id === is[i]);
    const change = same ? 'unchanged' : was.length === 0 ? 'gained' : is.length === 0 ? 'lost' : 'changed';
    workloads.push({ workload: ref, before: was, after: is, change });
  }
  workloads.sort((x, y) => ORDER[x.change] - ORDER[y.change] || x.workload.localeCompare(y.workload));
  return { skipped, workloads, trustDomainBefore: a.controller.trustDomain, trustDomainAfter: b.controller.trustDomain };
}
