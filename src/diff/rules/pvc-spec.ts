// kubernetes/kubernetes pkg/apis/core/validation/validation.go
// `ValidatePersistentVolumeClaimUpdate`: "spec is immutable after creation except
// resources.requests and volumeAttributesClassName for bound claims"; volumeName may be set
// once; requests.storage may grow but not go below the previous value. Growing also needs a
// StorageClass with allowVolumeExpansion (plugin/pkg/admission/storage/persistentvolume/resize).

import type { DiffContext } from '../diff-context';
import { changedKeys, jsonEqual, parseQuantity, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate`;

function withoutMutable(spec: any): Record<string, unknown> {
  const { resources, volumeAttributesClassName, volumeName, ...rest } = spec ?? {};
  const { requests, ...otherResources } = resources ?? {};
  const { storage, ...otherRequests } = requests ?? {};
  return { ...rest, volumeMode: rest.volumeMode ?? 'Filesystem', resources: { ...otherResources, requests: otherRequests } };
}

export const pvcSpecRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'PersistentVolumeClaim')
  .flatMap((p): DiffFinding[] => {
    const ref = refOf(p.after);
    const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
    const out: DiffFinding[] = [];
    const a = withoutMutable(p.before.spec);
    const b = withoutMutable(p.after.spec);
    const oldVolume = p.before.spec?.volumeName;
    if (oldVolume && oldVolume !== p.after.spec?.volumeName && p.after.spec?.volumeName) b.volumeName = 'changed';
    if (!jsonEqual(a, b)) {
      const fields = changedKeys(a, b).map((k) => `spec.${k}`).join(', ');
      out.push(finding('error', 'pvc-immutable', p.after, fields,
        `the API server refuses this update: ${fields} of a PersistentVolumeClaim cannot change after creation `
        + '(only resources.requests and volumeAttributesClassName may)',
        [`kubectl delete pvc ${ref.name}${ns}   # deletes the data unless the PV's reclaim policy is Retain`, 'kubectl apply -f <the new manifests>'],
        SOURCE));
    }
    const oldSize = p.before.spec?.resources?.requests?.storage;
    const newSize = p.after.spec?.resources?.requests?.storage;
    const oldBytes = parseQuantity(oldSize);
    const newBytes = parseQuantity(newSize);
    if (oldBytes !== undefined && newBytes !== undefined && newBytes < oldBytes) {
      out.push(finding('error', 'pvc-shrink', p.after, 'spec.resources.requests.storage',
        `the API server refuses this update: requests.storage ${oldSize} -> ${newSize} is less than the previous value (a volume cannot shrink)`,
        [`keep requests.storage at ${oldSize} or more`], SOURCE));
    } else if (oldBytes !== undefined && newBytes !== undefined && newBytes > oldBytes) {
      const className = p.after.spec?.storageClassName;
      out.push(finding('warning', 'pvc-expand', p.after, 'spec.resources.requests.storage',
        `requests.storage ${oldSize} -> ${newSize}: accepted only when the claim is bound and its StorageClass allows volume expansion`,
        [className ? `kubectl get storageclass ${className} -o jsonpath='{.allowVolumeExpansion}'   # must print true`
          : 'kubectl get storageclass   # the default class must have allowVolumeExpansion: true'],
        `${SOURCE}; ${K8S}:plugin/pkg/admission/storage/persistentvolume/resize/admission.go`));
    }
    return out;
  });
