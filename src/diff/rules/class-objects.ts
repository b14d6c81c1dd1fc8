// Cluster-wide class objects whose core fields never change: kubernetes/kubernetes
// pkg/apis/storage/validation/validation.go `ValidateStorageClassUpdate` (parameters,
// provisioner, reclaimPolicy, volumeBindingMode; defaults Delete and Immediate from
// pkg/apis/storage/v1/defaults.go) and pkg/apis/scheduling/validation/validation.go
// `ValidatePriorityClassUpdate` (value, preemptionPolicy).

import type { DiffContext } from '../diff-context';
import { jsonEqual } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

type Read = (object: any) => unknown;

const IMMUTABLE: Record<string, { source: string; fields: Record<string, Read> }> = {
  StorageClass: {
    source: 'pkg/apis/storage/validation/validation.go ValidateStorageClassUpdate',
    fields: {
      parameters: (o) => o.parameters ?? {},
      provisioner: (o) => o.provisioner,
      reclaimPolicy: (o) => o.reclaimPolicy ?? 'Delete',
      volumeBindingMode: (o) => o.volumeBindingMode ?? 'Immediate',
    },
  },
  PriorityClass: {
    source: 'pkg/apis/scheduling/validation/validation.go ValidatePriorityClassUpdate',
    fields: {
      value: (o) => o.value,
      preemptionPolicy: (o) => o.preemptionPolicy ?? 'PreemptLowerPriority',
    },
  },
};

export const classObjectRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => (p.after.kind ?? '') in IMMUTABLE)
  .flatMap((p) => {
    const { source, fields } = IMMUTABLE[p.after.kind!];
    return Object.entries(fields)
      .filter(([, read]) => !jsonEqual(read(p.before), read(p.after)))
      .map(([field, read]) => finding('error', 'class-immutable', p.after, field,
        `the API server refuses this update: ${field} of a ${p.after.kind} cannot change (${JSON.stringify(read(p.before))} -> ${JSON.stringify(read(p.after))})`,
        [`kubectl delete ${p.after.kind!.toLowerCase()} ${p.after.metadata?.name}   # objects already using it keep what they got`,
          'kubectl apply -f <the new manifests>'],
        `${K8S}:${source}`));
  });
