// A diff rule: a small function from the indexed diff to findings. The rules run in the
// order of DIFF_RULES (rules/index.ts); adding one is one line there.

import type { KubeObject } from '../../plan/model';
import type { DiffContext } from '../diff-context';
import { refOf } from '../kube-objects';
import type { DiffFinding, DiffSeverity } from '../model';

export type DiffRule = (context: DiffContext) => DiffFinding[];

/** Builds a finding about `object`. */
export function finding(severity: DiffSeverity, rule: string, object: KubeObject, field: string, message: string,
  fix: string[], source: string): DiffFinding {
  return { severity, rule, object: refOf(object), field, message, fix, source };
}

/** kubernetes/kubernetes, the API server's validation code. */
export const K8S = 'kubernetes/kubernetes';
