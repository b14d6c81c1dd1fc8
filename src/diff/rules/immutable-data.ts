// kubernetes/kubernetes pkg/apis/core/validation/validation.go `ValidateConfigMapUpdate` and
// `ValidateSecretUpdate`: once `immutable: true`, data and binaryData cannot change and
// `immutable` cannot be unset ("field is immutable when `immutable` is set"); a Secret's type
// never changes.

import type { DiffContext } from '../diff-context';
import { jsonEqual, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { DiffRule, finding, K8S } from './rule';

function recreate(kind: string, name: string, ns: string): string[] {
  return [
    `kubectl delete ${kind.toLowerCase()} ${name}${ns}   # or give the new content a new name (a content hash) and point the pods at it`,
    'kubectl apply -f <the new manifests>',
    'restart the pods that mount it: they keep the old content',
  ];
}

export const immutableDataRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'ConfigMap' || p.after.kind === 'Secret')
  .flatMap((p): DiffFinding[] => {
    const ref = refOf(p.after);
    const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
    const source = `${K8S}:pkg/apis/core/validation/validation.go Validate${ref.kind}Update`;
    const before = p.before as any;
    const after = p.after as any;
    const out: DiffFinding[] = [];
    if (before.immutable === true) {
      const fields = ['data', 'binaryData', 'stringData'].filter((f) => !jsonEqual(before[f], after[f]));
      if (after.immutable !== true) fields.push('immutable');
      if (fields.length > 0) {
        out.push(finding('error', 'immutable-data', p.after, fields.join(', '),
          `the API server refuses this update: the ${ref.kind} is immutable (immutable: true), so ${fields.join(', ')} cannot change`,
          recreate(ref.kind, ref.name, ns), source));
      }
    }
    if (ref.kind === 'Secret' && (before.type ?? 'Opaque') !== (after.type ?? 'Opaque')) {
      out.push(finding('error', 'secret-type-immutable', p.after, 'type',
        `the API server refuses this update: a Secret's type cannot change (${before.type ?? 'Opaque'} -> ${after.type ?? 'Opaque'})`,
        recreate(ref.kind, ref.name, ns), source));
    }
    return out;
  });
