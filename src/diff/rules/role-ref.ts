// kubernetes/kubernetes pkg/apis/rbac/validation/validation.go `ValidateRoleBindingUpdate`
// and `ValidateClusterRoleBindingUpdate`: "cannot change roleRef".

import type { DiffContext } from '../diff-context';
import { jsonEqual, refOf } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

export const roleRefRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'RoleBinding' || p.after.kind === 'ClusterRoleBinding')
  .filter((p) => !jsonEqual((p.before as any).roleRef, (p.after as any).roleRef))
  .map((p) => {
    const ref = refOf(p.after);
    const oldRole = (p.before as any).roleRef ?? {};
    const newRole = (p.after as any).roleRef ?? {};
    return finding('error', 'roleref-immutable', p.after, 'roleRef',
      `the API server refuses this update: roleRef cannot change (${oldRole.kind}/${oldRole.name} -> ${newRole.kind}/${newRole.name}); `
      + 'the binding has to be deleted and created, and its subjects lose the old permissions in between',
      [`kubectl auth reconcile -f <the file with this ${ref.kind}>   # deletes and recreates bindings whose roleRef changed`,
        'kubectl apply -f <the new manifests>'],
      `${K8S}:pkg/apis/rbac/validation/validation.go Validate${ref.kind}Update`);
  });
