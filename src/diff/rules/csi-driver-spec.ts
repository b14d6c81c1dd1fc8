// kubernetes/kubernetes pkg/apis/storage/validation/validation.go `ValidateCSIDriverUpdate`:
// spec.attachRequired and spec.volumeLifecycleModes are immutable; podInfoOnMount,
// fsGroupPolicy, tokenRequests, requiresRepublish, seLinuxMount and storageCapacity may change.
// Defaults from pkg/apis/storage/v1/defaults.go (attachRequired true, modes [Persistent]).

import type { DiffContext } from '../diff-context';
import { jsonEqual } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:pkg/apis/storage/validation/validation.go ValidateCSIDriverUpdate`;

const IMMUTABLE: Record<string, (spec: any) => unknown> = {
  attachRequired: (spec) => spec?.attachRequired ?? true,
  volumeLifecycleModes: (spec) => spec?.volumeLifecycleModes ?? ['Persistent'],
};

export const csiDriverSpecRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'CSIDriver')
  .flatMap((p) => Object.entries(IMMUTABLE)
    .filter(([, read]) => !jsonEqual(read(p.before.spec), read(p.after.spec)))
    .map(([field, read]) => finding('error', 'csidriver-immutable', p.after, `spec.${field}`,
      `the API server refuses this update: spec.${field} of a CSIDriver is immutable `
      + `(${JSON.stringify(read(p.before.spec))} -> ${JSON.stringify(read(p.after.spec))}); pods mounting the driver keep their volumes, `
      + 'new mounts fail while the CSIDriver object is missing',
      [`kubectl delete csidriver ${p.after.metadata?.name}`, 'kubectl apply -f <the new manifests>'],
      SOURCE)));
