// `kubectl get -o yaml` writes `List` objects; every reader of manifests looks through them.

import type { KubeObject } from './model';

/** The objects of `objects` with every `*List` replaced by its items (nested ones too); non-objects dropped. */
export function flattenObjects(objects: readonly KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const object of objects) {
    if (!object || typeof object !== 'object') continue;
    if (object.kind?.endsWith('List') && Array.isArray(object.items)) out.push(...flattenObjects(object.items));
    else out.push(object);
  }
  return out;
}
