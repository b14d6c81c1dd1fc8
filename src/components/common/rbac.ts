import type { IPolicyRule } from './kubernetes';
import type { ObjectScope } from './object-scope';

/** A ServiceAccount reference, as RBAC subjects need it. */
export interface ServiceAccountRef {
  readonly name: string;
  readonly namespace: string;
}

/** A ClusterRole plus the ClusterRoleBinding that grants it to one ServiceAccount. */
export function clusterRoleFor(
  parent: ObjectScope, id: string, name: string, subject: ServiceAccountRef, rules: IPolicyRule[], labels: Record<string, string>,
): void {
  const scope = parent.part(id);
  scope.add('ClusterRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules,
  });
  scope.add('ClusterRoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
  });
}

/** A Role plus the RoleBinding that grants it to one ServiceAccount (possibly from another namespace). */
export function roleFor(
  parent: ObjectScope, id: string, name: string, namespace: string, subject: ServiceAccountRef, rules: IPolicyRule[], labels: Record<string, string>,
): void {
  const scope = parent.part(id);
  scope.add('Role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace, labels },
    rules,
  });
  scope.add('RoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
  });
}

/** A ServiceAccount. */
export function serviceAccount(scope: ObjectScope, name: string, namespace: string, labels: Record<string, string>, automountToken: boolean): void {
  scope.add('ServiceAccount', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
    automountServiceAccountToken: automountToken,
  });
}
