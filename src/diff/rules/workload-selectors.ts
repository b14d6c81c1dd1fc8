// Selectors of apps/v1 workloads are immutable: kubernetes/kubernetes
// pkg/registry/apps/deployment/strategy.go, daemonset/strategy.go and replicaset/strategy.go
// `ValidateUpdate` add `ValidateImmutableField(newObj.Spec.Selector, oldObj.Spec.Selector)`
// for every group version after extensions/v1beta1 (StatefulSet: statefulset-spec.ts).

import type { DiffContext } from '../diff-context';
import { jsonEqual, refOf } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

const KINDS: Record<string, string> = {
  Deployment: 'pkg/registry/apps/deployment/strategy.go ValidateUpdate',
  DaemonSet: 'pkg/registry/apps/daemonset/strategy.go ValidateUpdate',
  ReplicaSet: 'pkg/registry/apps/replicaset/strategy.go ValidateUpdate',
};

export const workloadSelectorRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind! in KINDS && (p.after.apiVersion ?? '').startsWith('apps/'))
  .filter((p) => p.before.spec?.selector && !jsonEqual(p.before.spec.selector, p.after.spec?.selector))
  .map((p) => {
    const ref = refOf(p.after);
    const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
    const resource = ref.kind.toLowerCase();
    return finding('error', 'selector-immutable', p.after, 'spec.selector',
      `the API server refuses this update: spec.selector of a ${ref.kind} is immutable (field is immutable); `
      + `the ${ref.kind} has to be deleted and created, and its pods are replaced`
      + (ref.kind === 'DaemonSet' ? ' on every node at once' : ''),
      [`kubectl delete ${resource} ${ref.name}${ns}`, 'kubectl apply -f <the new manifests>'],
      `${K8S}:${KINDS[ref.kind]}`);
  });
