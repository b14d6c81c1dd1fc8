// Known defects of the images the new side deploys (src/versions/known-defects.ts, the same
// table synth refuses overrides by). A defect already running before is still reported: the
// apply is the moment to leave it, and a manifest set rendered elsewhere (the Helm chart's CSI
// driver 0.2.7) never passed our synth checks. Version skew is spireVersionRule's.

import { WORKLOAD_KINDS } from '../../plan/workloads';
import { imageFindings } from '../../versions/image-findings';
import type { DiffContext } from '../diff-context';
import type { DiffFinding } from '../model';
import { DiffRule, finding } from './rule';

const DEFECT_RULES = new Set(['known-defect', 'known-defect-accepted']);

export const knownDefectRule: DiffRule = (context: DiffContext) => {
  const out: DiffFinding[] = [];
  for (const object of context.after.objects) {
    if (!WORKLOAD_KINDS.includes(object.kind ?? '')) continue;
    for (const f of imageFindings([object])) {
      if (!DEFECT_RULES.has(f.rule)) continue;
      out.push(finding(f.severity, f.rule, object, 'spec.template.spec.containers[].image', f.message, [f.fix], f.source));
    }
  }
  return out;
};
