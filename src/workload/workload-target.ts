import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propertyError } from '../errors';

/** A CSI volume with the Workload API socket, mounted read-only into containers. */
export interface WorkloadApiVolume {
  readonly volumeName: string;
  readonly driver: string;
  readonly mountPath: string;
  readonly env: { readonly name: string; readonly value: string };
  /** Container names to mount into; all regular containers when undefined. */
  readonly containers?: string[];
}

/**
 * The few edits this library makes to a user's workload, whatever built it:
 * a raw ApiObject (Deployment, StatefulSet, DaemonSet, Job) or a
 * cdk8s-plus workload.
 */
export interface WorkloadTarget {
  /** Kind and name, for messages. */
  readonly description: string;
  podAnnotation(key: string): string | undefined;
  addPodAnnotation(key: string, value: string): void;
  addPodLabel(key: string, value: string): void;
  mountWorkloadApi(volume: WorkloadApiVolume): void;
}

/**
 * A workload edit that cannot be made: a problem phrase and its fix, which the
 * caller renders as the standard message with its own construct and property.
 */
export class WorkloadEditError extends Error {
  constructor(public readonly problem: string, public readonly fix: string) {
    super(`${problem}. Fix: ${fix}.`);
    this.name = 'WorkloadEditError';
  }
}

const POD_TEMPLATE_KINDS = new Set(['apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'batch/v1/Job']);

/** Wraps `workload`, or throws the standard message when it is not a workload we can edit. */
export function workloadTarget(scope: IConstruct, property: string, workload: IConstruct): WorkloadTarget {
  if (workload instanceof ApiObject) {
    if (!POD_TEMPLATE_KINDS.has(`${workload.apiVersion}/${workload.kind}`)) {
      throw propertyError(scope, property, `${workload.kind} ${workload.node.path}`,
        'is not a workload with a pod template (supported: apps/v1 Deployment, StatefulSet, DaemonSet and batch/v1 Job)',
        'pass the Deployment, StatefulSet, DaemonSet or Job that runs the pods');
    }
    return new ApiObjectTarget(workload);
  }
  if (isPlusWorkload(workload)) return new PlusWorkloadTarget(workload);
  throw propertyError(scope, property, workload.node.path,
    'is neither a cdk8s-plus workload nor an ApiObject with a pod template',
    'pass a cdk8s-plus Deployment/StatefulSet/DaemonSet/Job or the ApiObject of one');
}

// ---------------------------------------------------------------------------
// Raw ApiObjects: JSON patches written against the object's current JSON, so
// existing maps and lists are extended, never replaced.

class ApiObjectTarget implements WorkloadTarget {
  public readonly description: string;

  constructor(private readonly obj: ApiObject) {
    this.description = `${obj.kind} ${obj.name}`;
  }

  public podAnnotation(key: string): string | undefined {
    return this.obj.toJson().spec?.template?.metadata?.annotations?.[key];
  }

  public addPodAnnotation(key: string, value: string): void {
    setIn(this.obj, ['spec', 'template', 'metadata', 'annotations', key], value);
  }

  public addPodLabel(key: string, value: string): void {
    setIn(this.obj, ['spec', 'template', 'metadata', 'labels', key], value);
  }

  public mountWorkloadApi(volume: WorkloadApiVolume): void {
    const spec = this.obj.toJson().spec?.template?.spec ?? {};
    if ((spec.volumes ?? []).some((v: { name: string }) => v.name === volume.volumeName)) {
      throw duplicateVolume(volume.volumeName);
    }
    const containers: Array<{ name: string }> = spec.containers ?? [];
    const targets = selectContainers(containers.map(c => c.name), volume.containers);
    appendTo(this.obj, ['spec', 'template', 'spec', 'volumes'], { name: volume.volumeName, csi: { driver: volume.driver, readOnly: true } });
    containers.forEach((container, index) => {
      if (!targets.includes(container.name)) return;
      const base = ['spec', 'template', 'spec', 'containers', String(index)];
      appendTo(this.obj, [...base, 'volumeMounts'], { name: volume.volumeName, mountPath: volume.mountPath, readOnly: true });
      appendTo(this.obj, [...base, 'env'], { name: volume.env.name, value: volume.env.value });
    });
  }
}

function duplicateVolume(name: string): WorkloadEditError {
  return new WorkloadEditError(`already has a volume named "${name}"`,
    'mount the Workload API once per workload, or pass a volumeName the workload does not use yet');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Sets `path` to `value`, creating only the missing parents. */
function setIn(obj: ApiObject, path: string[], value: unknown): void {
  let node: any = obj.toJson();
  let depth = 0;
  while (depth < path.length - 1 && node !== undefined && node[path[depth]] !== undefined) {
    node = node[path[depth]];
    depth++;
  }
  let nested: unknown = value;
  for (let i = path.length - 1; i > depth; i--) nested = { [path[i]]: nested };
  obj.addJsonPatch(JsonPatch.add('/' + path.slice(0, depth + 1).map(escapePointer).join('/'), nested));
}

/** Appends `item` to the list at `path`, creating the list when absent. */
function appendTo(obj: ApiObject, path: string[], item: unknown): void {
  let node: any = obj.toJson();
  for (const segment of path) node = node?.[segment];
  if (Array.isArray(node)) obj.addJsonPatch(JsonPatch.add('/' + [...path, '-'].map(escapePointer).join('/'), item));
  else setIn(obj, path, [item]);
}

function selectContainers(names: string[], wanted: string[] | undefined): string[] {
  if (!wanted) return names;
  const missing = wanted.filter(name => !names.includes(name));
  if (missing.length > 0) {
    throw new WorkloadEditError(`has no container named ${missing.map(n => `"${n}"`).join(', ')} (it has ${names.map(n => `"${n}"`).join(', ')})`,
      'list only containers the workload has in containers, or drop containers to mount into all of them');
  }
  return wanted;
}

// ---------------------------------------------------------------------------
// cdk8s-plus workloads, recognised by shape so that cdk8s-plus is only loaded
// when one is actually passed in.

interface PlusMetadata {
  addAnnotation(key: string, value: string): void;
  addLabel(key: string, value: string): void;
  toJson(): { annotations?: Record<string, string> };
}

interface PlusContainer {
  readonly name: string;
  readonly mounts: Array<{ readonly volume: { readonly name: string } }>;
  readonly env: { addVariable(name: string, value: unknown): void };
  mount(path: string, storage: unknown, options?: { readOnly?: boolean }): void;
}

interface PlusWorkload extends IConstruct {
  readonly podMetadata: PlusMetadata;
  readonly containers: PlusContainer[];
  readonly volumes: Array<{ name: string }>;
}

function isPlusWorkload(x: IConstruct): x is PlusWorkload {
  const candidate = x as Partial<PlusWorkload>;
  return typeof candidate.podMetadata?.addAnnotation === 'function' && Array.isArray(candidate.containers);
}

/** The cdk8s-plus packages whose workloads we know, newest first. */
const PLUS_PACKAGES = ['cdk8s-plus-33', 'cdk8s-plus-32', 'cdk8s-plus-31', 'cdk8s-plus-30', 'cdk8s-plus-29', 'cdk8s-plus-28', 'cdk8s-plus-27'];

interface PlusModule {
  readonly Workload: new (...args: never[]) => unknown;
  readonly Volume: { fromCsi(scope: IConstruct, id: string, driver: string, options: { name: string; readOnly: boolean }): unknown };
  readonly EnvValue: { fromValue(value: string): unknown };
}

/** The cdk8s-plus package that defined `workload`, loaded on demand. */
function plusModuleOf(workload: IConstruct): PlusModule {
  for (const name of PLUS_PACKAGES) {
    let mod: PlusModule;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(name) as PlusModule;
    } catch {
      continue;
    }
    if (workload instanceof mod.Workload) return mod;
  }
  throw new WorkloadEditError(`was made by a cdk8s-plus package this library cannot load (looked for ${PLUS_PACKAGES.join(', ')})`,
    'build the workload with one of those packages, installed once in your project so that cdk8s-spire loads the same copy');
}

class PlusWorkloadTarget implements WorkloadTarget {
  public readonly description: string;

  constructor(private readonly workload: PlusWorkload) {
    this.description = `${workload.constructor.name} ${workload.node.path}`;
  }

  public podAnnotation(key: string): string | undefined {
    return this.workload.podMetadata.toJson().annotations?.[key];
  }

  public addPodAnnotation(key: string, value: string): void {
    this.workload.podMetadata.addAnnotation(key, value);
  }

  public addPodLabel(key: string, value: string): void {
    this.workload.podMetadata.addLabel(key, value);
  }

  public mountWorkloadApi(volume: WorkloadApiVolume): void {
    const names = [
      ...this.workload.volumes.map(v => v.name),
      ...this.workload.containers.flatMap(c => c.mounts.map(m => m.volume.name)),
    ];
    if (names.includes(volume.volumeName)) {
      throw duplicateVolume(volume.volumeName);
    }
    const targets = selectContainers(this.workload.containers.map(c => c.name), volume.containers);
    const plus = plusModuleOf(this.workload);
    const csi = plus.Volume.fromCsi(this.workload, `${volume.volumeName}-volume`, volume.driver, { name: volume.volumeName, readOnly: true });
    for (const container of this.workload.containers) {
      if (!targets.includes(container.name)) continue;
      // Mounting also adds the volume to the pod.
      container.mount(volume.mountPath, csi, { readOnly: true });
      container.env.addVariable(volume.env.name, plus.EnvValue.fromValue(volume.env.value));
    }
  }
}
