import { Construct } from 'constructs';
import { emit } from './emit';
import type { IPolicyRule } from './kubernetes';

/** A ServiceAccount reference, as RBAC subjects need it. */
export interface ServiceAccountRef {
  readonly name: string;
  readonly namespace: string;
}

/** A ClusterRole plus the ClusterRoleBinding that grants it to one ServiceAccount. */
export function clusterRoleFor(
  parent: Construct, id: string, name: string, subject: ServiceAccountRef, rules: IPolicyRule[], labels: Record<string, string>,
): void {
  const scope = new Construct(parent, id);
  emit(scope, 'ClusterRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules,
  });
  emit(scope, 'ClusterRoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
  });
}

/** A Role plus the RoleBinding that grants it to one ServiceAccount (possibly from another namespace). */
export function roleFor(
  parent: Construct, id: string, name: string, namespace: string, subject: ServiceAccountRef, rules: IPolicyRule[], labels: Record<string, string>,
): void {
  const scope = new Construct(parent, id);
  emit(scope, 'Role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace, labels },
    rules,
  });
  emit(scope, 'RoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
  });
}

/** A ServiceAccount. */
export function serviceAccount(scope: Construct, name: string, namespace: string, labels: Record<string, string>, automountToken: boolean): void {
  emit(scope, 'ServiceAccount', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
    automountServiceAccountToken: automountToken,
  });
}
