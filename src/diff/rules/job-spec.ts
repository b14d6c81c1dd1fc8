// kubernetes/kubernetes pkg/apis/batch/validation/validation.go `ValidateJobSpecUpdate`:
// spec.selector, spec.template (beyond a suspended Job's scheduling directives),
// spec.completionMode and spec.podFailurePolicy are immutable.

import type { DiffContext } from '../diff-context';
import { jsonEqual, refOf } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

const FIELDS = ['selector', 'template', 'completionMode', 'podFailurePolicy'];

export const jobSpecRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'Job')
  .flatMap((p) => {
    const fields = FIELDS.filter((f) => !jsonEqual(p.before.spec?.[f], p.after.spec?.[f])).map((f) => `spec.${f}`);
    if (fields.length === 0) return [];
    const ref = refOf(p.after);
    const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
    return [finding('error', 'job-immutable', p.after, fields.join(', '),
      `the API server refuses this update: ${fields.join(', ')} of a Job cannot change; a changed Job is a new Job`,
      [`kubectl delete job ${ref.name}${ns}`, 'kubectl apply -f <the new manifests>'],
      `${K8S}:pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate`)];
  });
