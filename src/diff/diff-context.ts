// The two sides of a diff, indexed once for every rule: objects by key, the pairs that
// changed, the ones each side has alone, and SPIRE's facts on each side.

import { jsonEqual, objectKey } from './kube-objects';
import type { ManifestSet } from './model';
import { SpireFacts, spireFacts } from './spire-facts';
import { flattenObjects } from '../plan/kube-list';
import type { KubeObject } from '../plan/model';

/** One object on both sides. */
export interface ObjectPair {
  readonly key: string;
  readonly before: KubeObject;
  readonly after: KubeObject;
}

/** One side, indexed. */
export interface DiffSide {
  readonly objects: readonly KubeObject[];
  readonly byKey: ReadonlyMap<string, KubeObject>;
  /** The file an object was read from, when known. */
  readonly sourceOf: (object: KubeObject) => string | undefined;
  readonly sources: readonly string[];
  readonly spire: SpireFacts;
}

/** What every rule reads. */
export interface DiffContext {
  readonly before: DiffSide;
  readonly after: DiffSide;
  /** Objects on both sides whose content differs. */
  readonly changed: readonly ObjectPair[];
  /** Objects on both sides, equal. */
  readonly unchanged: readonly ObjectPair[];
  /** Objects only the new side has. */
  readonly added: readonly KubeObject[];
  /** Objects only the old side has: `kubectl apply` leaves them in the cluster. */
  readonly removed: readonly KubeObject[];
}

function side(set: ManifestSet): DiffSide {
  const sourceByObject = new Map<KubeObject, string>();
  const objects: KubeObject[] = [];
  set.objects.forEach((object, i) => {
    const source = set.objectSources?.[i];
    for (const flat of flattenObjects([object])) {
      if (!flat || typeof flat.kind !== 'string') continue;
      objects.push(flat);
      if (source) sourceByObject.set(flat, source);
    }
  });
  // A later document with the same key overwrites an earlier one, as a second apply would.
  const byKey = new Map<string, KubeObject>();
  for (const object of objects) byKey.set(objectKey(object), object);
  const unique = [...byKey.values()];
  return {
    objects: unique,
    byKey,
    sourceOf: (object) => sourceByObject.get(object),
    sources: set.sources ?? [],
    spire: spireFacts(unique),
  };
}

/** Indexes both sides. */
export function diffContext(before: ManifestSet, after: ManifestSet): DiffContext {
  const b = side(before);
  const a = side(after);
  const changed: ObjectPair[] = [];
  const unchanged: ObjectPair[] = [];
  const added: KubeObject[] = [];
  for (const [key, object] of a.byKey) {
    const old = b.byKey.get(key);
    if (!old) added.push(object);
    else (jsonEqual(old, object) ? unchanged : changed).push({ key, before: old, after: object });
  }
  const removed = [...b.byKey].filter(([key]) => !a.byKey.has(key)).map(([, object]) => object);
  return { before: b, after: a, changed, unchanged, added, removed };
}

/** Changed pairs of the given kinds. */
export function changedOfKind(context: DiffContext, ...kinds: string[]): ObjectPair[] {
  return context.changed.filter((p) => kinds.includes(p.after.kind ?? ''));
}
