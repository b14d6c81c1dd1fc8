// A bare Pod's spec barely changes: kubernetes/kubernetes pkg/apis/core/validation/validation.go
// `ValidatePodUpdate` ("pod updates may not change fields other than spec.containers[*].image,
// spec.initContainers[*].image, spec.activeDeadlineSeconds, spec.tolerations (only additions
// to existing tolerations), spec.terminationGracePeriodSeconds ..."; scheduling gates may only
// be removed).

import type { DiffContext } from '../diff-context';
import { changedKeys, jsonEqual, refOf } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

function withoutMutable(spec: any): Record<string, unknown> {
  const strip = (containers: any[] | undefined) => containers?.map(({ image, ...rest }) => rest);
  const { activeDeadlineSeconds, tolerations, terminationGracePeriodSeconds, schedulingGates, ...rest } = spec ?? {};
  return { ...rest, containers: strip(rest.containers), initContainers: strip(rest.initContainers), ephemeralContainers: undefined };
}

export const podSpecRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'Pod')
  .filter((p) => !jsonEqual(withoutMutable(p.before.spec), withoutMutable(p.after.spec)))
  .map((p) => {
    const ref = refOf(p.after);
    const fields = changedKeys(withoutMutable(p.before.spec), withoutMutable(p.after.spec)).map((k) => `spec.${k}`).join(', ');
    return finding('error', 'pod-immutable', p.after, fields,
      `the API server refuses this update: a Pod's spec cannot change beyond images, activeDeadlineSeconds, added tolerations and removed scheduling gates (${fields} changed)`,
      [`kubectl delete pod ${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`, 'kubectl apply -f <the new manifests>'],
      `${K8S}:pkg/apis/core/validation/validation.go ValidatePodUpdate`);
  });
