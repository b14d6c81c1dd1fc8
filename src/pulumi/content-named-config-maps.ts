import { createHash } from 'crypto';
import type { ManifestObject } from './manifests';

// No @pulumi import here: pure JSON in, JSON out.
//
// Why SpireMesh renames the ConfigMaps its pods mount. The Kubernetes
// provider treats a ConfigMap's `data` and `binaryData` as immutable unless
// the program's provider sets `enableConfigMapMutable`
// (pulumi/pulumi-kubernetes provider/pkg/provider/diff.go,
// (*kubeProvider).forceNewProperties), so a changed server.conf plans a
// replacement; and because the object keeps its metadata.name, Diff answers
// DeleteBeforeReplace (provider.go, (*kubeProvider).Diff: replaced, named, not
// autonamed, same name and namespace). Nothing orders that delete-then-create
// against the workload's rolling update, so a new pod can start while its
// ConfigMap does not exist. With the content in the name, a change is a new
// object instead: the provider creates it, the workloads (which wait for it)
// roll onto it, and the engine deletes the old one only after every create
// and update of the run (pulumi/pulumi pkg/resource/deploy/step_generator.go,
// GenerateDeletes). No ConfigMap is ever replaced, and a failed rollout leaves
// the old one in place for the pods still using it.

/** Hex digits of the content hash appended to a ConfigMap's name. */
const HASH_LENGTH = 10;
/** ConfigMap names are DNS subdomains (RFC 1123): at most 253 characters. */
const MAX_NAME_LENGTH = 253;

/** The ConfigMaps SpireMesh renames, and every object with its references rewritten. */
export interface ContentNamedConfigMaps {
  /** The mounted ConfigMaps, renamed `<name>-<hash of data and binaryData>`. */
  readonly configMaps: ManifestObject[];
  /** The other objects, in their order; pod templates refer to the new names. */
  readonly others: ManifestObject[];
  /** Old name to new name, keyed `<namespace>/<name>`. */
  readonly renamed: ReadonlyMap<string, string>;
}

/**
 * Renames every ConfigMap that a pod template in `objects` mounts (volume,
 * projected volume, env or envFrom) to `<name>-<hash>`, the hash covering its
 * `data` and `binaryData`, and points those references at the new names.
 *
 * ConfigMaps in `keep` (`<namespace>/<name>`) keep their names, and so does
 * any ConfigMap no pod mounts: the bundle ConfigMap, whose content SPIRE
 * writes at run time under the name the server's and agents' configs carry,
 * must never be recreated or renamed.
 *
 * Pure: the objects passed in are not modified.
 */
export function nameConfigMapsByContent(objects: readonly ManifestObject[], keep: ReadonlySet<string>): ContentNamedConfigMaps {
  const mounted = new Set(objects.flatMap(o => podSpecOf(o) ? configMapReferences(o).map(ref => `${o.metadata.namespace ?? ''}/${ref.name}`) : []));
  const renamed = new Map<string, string>();
  const configMaps: ManifestObject[] = [];
  const others: ManifestObject[] = [];
  for (const o of objects) {
    const id = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (o.apiVersion === 'v1' && o.kind === 'ConfigMap' && mounted.has(id) && !keep.has(id)) {
      const name = `${o.metadata.name}-${contentHashOf(o)}`;
      if (name.length > MAX_NAME_LENGTH) {
        throw new Error(`SpireMesh: ConfigMap ${id} would be named ${name} (${name.length} characters, at most ${MAX_NAME_LENGTH}); this is a bug in cdk8s-spire.`);
      }
      renamed.set(id, name);
      configMaps.push({ ...o, metadata: { ...o.metadata, name } });
    }
  }
  for (const o of objects) {
    const id = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (renamed.has(id) && o.kind === 'ConfigMap') continue;
    others.push(podSpecOf(o) ? withRenamedReferences(o, renamed) : o);
  }
  return { configMaps, others, renamed };
}

/** Hash of exactly what the provider would otherwise replace the object for. */
function contentHashOf(configMap: ManifestObject): string {
  const canonical = JSON.stringify([sortedEntries(configMap.data), sortedEntries(configMap.binaryData)]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, HASH_LENGTH);
}

function sortedEntries(map: unknown): Array<[string, unknown]> {
  return Object.entries((map ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The pod spec of a workload (Deployment, DaemonSet, StatefulSet, Job, ...) or Pod; undefined for other kinds. */
function podSpecOf(o: ManifestObject): any {
  if (o.kind === 'Pod') return (o as any).spec;
  return (o as any).spec?.template?.spec ?? (o as any).spec?.jobTemplate?.spec?.template?.spec;
}

/** Every `{ name }` holder that names a ConfigMap in a workload's pod spec. */
function configMapReferences(o: ManifestObject): Array<{ name: string }> {
  const spec = podSpecOf(o);
  const refs: Array<{ name: string }> = [];
  for (const volume of spec?.volumes ?? []) {
    if (volume.configMap) refs.push(volume.configMap);
    for (const source of volume.projected?.sources ?? []) if (source.configMap) refs.push(source.configMap);
  }
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])]) {
    for (const env of container.env ?? []) if (env.valueFrom?.configMapKeyRef) refs.push(env.valueFrom.configMapKeyRef);
    for (const source of container.envFrom ?? []) if (source.configMapRef) refs.push(source.configMapRef);
  }
  return refs.filter(ref => typeof ref.name === 'string');
}

function withRenamedReferences(o: ManifestObject, renamed: ReadonlyMap<string, string>): ManifestObject {
  // JSON, not structuredClone: the objects are plain JSON, and structuredClone
  // builds its arrays in Node's main realm, which `instanceof Array` in another
  // realm (a test runner's vm context) does not recognise.
  const copy = JSON.parse(JSON.stringify(o)) as ManifestObject;
  for (const ref of configMapReferences(copy)) {
    const name = renamed.get(`${copy.metadata.namespace ?? ''}/${ref.name}`);
    if (name !== undefined) ref.name = name;
  }
  return copy;
}
