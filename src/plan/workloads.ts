// The pods each workload object will run, as the controller manager will see them: the pod
// template plus what Kubernetes adds when it creates the pod (name, UID, node, default service
// account, and each controller's labels and fields). Values only known at run time become
// placeholders. What each controller adds, from kubernetes/kubernetes:
// - Deployment: the ReplicaSet `<deployment>-<pod-template-hash>` adds the label
//   `pod-template-hash` (pkg/controller/deployment/sync.go getNewReplicaSet); its pods are named
//   `<replicaset>-<5 characters>` (pkg/controller/controller_utils.go getPodsPrefix: generateName).
// - ReplicaSet, ReplicationController: generateName `<name>-`, no labels.
// - StatefulSet: pod `<set>-<ordinal>`, hostname the pod name, subdomain `spec.serviceName`,
//   labels `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
//   `controller-revision-hash: <set>-<hash>` (pkg/controller/statefulset/stateful_set_utils.go
//   newVersionedStatefulSetPod, initIdentity, updateIdentity, setPodRevision).
// - DaemonSet: labels `controller-revision-hash: <hash>` and `pod-template-generation`
//   (pkg/controller/daemon/util/daemonset_util.go CreatePodTemplate), generateName `<ds>-`.
// - Job (and a CronJob's Jobs): the API server adds `batch.kubernetes.io/job-name`, `job-name`,
//   `batch.kubernetes.io/controller-uid`, `controller-uid` to the pod template
//   (pkg/registry/batch/job/strategy.go generateSelector); Indexed Jobs add the
//   `batch.kubernetes.io/job-completion-index` annotation and label and hostname `<job>-<index>`
//   (pkg/controller/job/job_controller.go, indexed_job_utils.go). A CronJob names its Jobs
//   `<cronjob>-<scheduled time in minutes>` (pkg/controller/cronjob/utils.go getJobName).
// - Generated names: the API server appends 5 random characters to a generateName after cutting
//   it to 58 (k8s.io/apiserver pkg/storage/names/generate.go SimpleNameGenerator,
//   maxGeneratedNameLength = 63 - 5); an object created with generateName only is named so too.

import { GoStruct, GoValue, goStringMap, OBJECT_META_ZERO, OpaqueValue, placeholder, POD_SPEC_ZERO } from './go-value';
import type { KubeObject } from './model';
import { knownLength, maximumLength, sliceText, textSegments } from './partial-text';
import { defaultPodSpec } from './pod-defaults';

/** A workload's pods, described once (or one pod of it, see `ordinal`). */
export interface WorkloadPod {
  readonly ref: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels the pods carry: template labels plus controller labels (run-time values as placeholders). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec.serviceAccountName`, defaulted to "default" by the ServiceAccount admission plugin. */
  readonly serviceAccount: string;
  readonly podName: string;
  readonly spec: Record<string, any>;
  /** Go template data for `.PodMeta` and `.PodSpec`. */
  readonly podMeta: GoStruct;
  readonly podSpec: GoStruct;
  /** Set when this stands for one ordinal of a StatefulSet (its pods told apart by a selector). */
  readonly ordinal?: number;
}

/** Workload kinds whose pod template the planner reads. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** Labels whose value differs between the pods of one StatefulSet. */
export const ORDINAL_LABELS = ['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'];

/** What the controllers add to a pod template. */
interface Additions {
  readonly podName: string;
  readonly generateName: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: Record<string, unknown>;
  /** The owning object, as the pod's ownerReference names it. */
  readonly owner?: { readonly apiVersion: string; readonly kind: string; readonly name: string };
}

/**
 * Why the workload runs no pod now (so the controller declares no entry for it), or undefined:
 * scaled to zero, or a suspended Job or CronJob (batch/v1 JobSpec.suspend, CronJobSpec.suspend).
 */
export function noPodsReason(object: KubeObject): string | undefined {
  const spec = object.spec ?? {};
  switch (object.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return spec.replicas === 0 ? 'spec.replicas is 0' : undefined;
    case 'Job':
      return spec.suspend === true ? 'spec.suspend is true' : spec.parallelism === 0 ? 'spec.parallelism is 0' : undefined;
    case 'CronJob':
      return spec.suspend === true ? 'spec.suspend is true' : undefined;
    default:
      return undefined;
  }
}

/** The ordinals a StatefulSet runs: `spec.ordinals.start` up to `spec.replicas` of them (default 1). */
export function statefulSetOrdinals(object: KubeObject): number[] {
  const replicas = typeof object.spec?.replicas === 'number' ? object.spec.replicas : 1;
  const start = typeof object.spec?.ordinals?.start === 'number' ? object.spec.ordinals.start : 0;
  return Array.from({ length: Math.max(0, replicas) }, (_, i) => start + i);
}

/**
 * The pods of `object` (with `extraLabels` added at admission), or undefined when it is not a
 * workload. `ordinal` picks one pod of a StatefulSet; without it the ordinal is a placeholder.
 */
/** The pod template of a workload object (a Pod is its own), or undefined for other kinds. */
export function podTemplateOf(object: KubeObject): { metadata?: any; spec?: any } | undefined {
  const kind = object.kind ?? '';
  if (!WORKLOAD_KINDS.includes(kind)) return undefined;
  if (kind === 'Pod') return { metadata: object.metadata, spec: object.spec };
  if (kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  return object.spec?.template;
}

/** The pod spec of a workload object, or undefined for other kinds. */
export function podSpecOf(object: KubeObject): any {
  return podTemplateOf(object)?.spec;
}

export function workloadPod(object: KubeObject, extraLabels: Readonly<Record<string, string>> = {}, ordinal?: number): WorkloadPod | undefined {
  const kind = object.kind ?? '';
  if (!WORKLOAD_KINDS.includes(kind)) return undefined;
  const name = object.metadata?.name ?? object.metadata?.generateName ?? '(unnamed)';
  const namespace = object.metadata?.namespace ?? 'default';
  const template = podTemplateOf(object);
  if (!template) return undefined;

  const objectName = object.metadata?.name ?? (object.metadata?.generateName ? generatedName(object.metadata.generateName, 'name-suffix') : '(unnamed)');
  const added = controllerAdditions(object, kind, objectName, ordinal);
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}), ...added.labels, ...extraLabels };
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}), ...added.annotations };
  const rawSpec: Record<string, any> = { ...(template.spec ?? {}), ...added.spec };
  const serviceAccount = rawSpec.serviceAccountName || rawSpec.serviceAccount || 'default';
  // Admission (plugin/pkg/admission/serviceaccount) sets serviceAccountName; conversion mirrors
  // it into the deprecated serviceAccount field (pkg/apis/core/v1/conversion.go). API defaulting
  // fills the fields a template might print (pod-defaults.ts); pointer fields such as
  // terminationGracePeriodSeconds are Go pointers (go-value.ts GoPointer).
  const spec: Record<string, any> = {
    ...defaultPodSpec(rawSpec),
    serviceAccountName: serviceAccount,
    serviceAccount,
  };
  const podName = added.podName;

  const metaJson = { ...(template.metadata ?? {}), name: podName, generateName: added.generateName, namespace, labels, annotations };
  const metaRuntime: Record<string, GoValue> = {
    Name: podName,
    GenerateName: added.generateName,
    Namespace: namespace,
    Labels: goStringMap(labels),
    Annotations: goStringMap(annotations),
    UID: placeholder('pod-uid'),
    ResourceVersion: new OpaqueValue('resource-version'),
    CreationTimestamp: new OpaqueValue('creation-timestamp'),
  };
  if (added.owner) {
    // The controller's ownerReference (pkg/controller/controller_utils.go: metav1.NewControllerRef).
    metaRuntime.OwnerReferences = [new GoStruct('nested struct', { ...added.owner, controller: true, blockOwnerDeletion: true }, { UID: placeholder('owner-uid') })];
  }
  const specRuntime: Record<string, GoValue> = {};
  if (!spec.nodeName) specRuntime.NodeName = placeholder('node-name');
  return {
    ref: `${kind}/${namespace}/${name}`,
    kind,
    name,
    namespace,
    labels,
    annotations,
    serviceAccount,
    podName,
    spec,
    podMeta: new GoStruct('*v1.ObjectMeta', metaJson, metaRuntime, OBJECT_META_ZERO),
    podSpec: new GoStruct('*v1.PodSpec', spec, specRuntime, POD_SPEC_ZERO),
    ordinal,
  };
}

/** Longest base the API server keeps of a generateName (names.maxGeneratedNameLength). */
const MAX_GENERATED_BASE = 58;

/**
 * The name the API server gives an object created with `generateName` `base`: the base cut to 58
 * characters, then 5 random ones (`suffix`). When the base holds run-time values of varying
 * length and may be longer than 58, where the cut falls is only known at run time: the known
 * start is kept and the rest is the placeholder `<generated-name-rest>`.
 */
export function generatedName(base: string, suffix: string = 'pod-suffix'): string {
  const most = maximumLength(base);
  if (most !== undefined && most <= MAX_GENERATED_BASE) return `${base}${placeholder(suffix)}`;
  if (knownLength(base, 'bytes') !== undefined) return `${sliceText(base, 0, MAX_GENERATED_BASE, 'bytes') ?? ''}${placeholder(suffix)}`;
  const known: string[] = [];
  for (const segment of textSegments(base)) {
    if (!('text' in segment) && segment.length === undefined) break;
    known.push('text' in segment ? segment.text : placeholder(segment.placeholder));
  }
  const start = sliceText(known.join(''), 0, MAX_GENERATED_BASE, 'bytes') ?? '';
  return knownLength(start, 'bytes')! >= MAX_GENERATED_BASE ? `${start}${placeholder(suffix)}` : `${start}${placeholder('generated-name-rest')}`;
}

function controllerAdditions(object: KubeObject, kind: string, name: string, ordinal: number | undefined): Additions {
  const none = { labels: {}, annotations: {}, spec: {} };
  switch (kind) {
    case 'Pod': {
      const generated = !object.metadata?.name && object.metadata?.generateName;
      return { ...none, podName: generated ? generatedName(generated) : name, generateName: object.metadata?.generateName ?? '' };
    }
    case 'Deployment': {
      const replicaSet = `${name}-${placeholder('replicaset-hash')}`;
      return {
        ...none,
        podName: generatedName(`${replicaSet}-`),
        generateName: `${replicaSet}-`,
        labels: { 'pod-template-hash': placeholder('replicaset-hash') },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet },
      };
    }
    case 'StatefulSet': {
      const index = ordinal === undefined ? placeholder('ordinal') : String(ordinal);
      const podName = `${name}-${index}`;
      const spec: Record<string, unknown> = { hostname: podName };
      if (object.spec?.serviceName) spec.subdomain = object.spec.serviceName;
      return {
        podName,
        generateName: '',
        labels: {
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': index,
          'controller-revision-hash': `${name}-${placeholder('revision-hash')}`,
        },
        annotations: {},
        spec,
        owner: { apiVersion: 'apps/v1', kind, name },
      };
    }
    case 'DaemonSet':
      return {
        ...none,
        podName: generatedName(`${name}-`),
        generateName: `${name}-`,
        labels: { 'controller-revision-hash': placeholder('revision-hash'), 'pod-template-generation': placeholder('template-generation') },
        owner: { apiVersion: 'apps/v1', kind, name },
      };
    case 'Job':
      return jobAdditions(name, object.spec);
    case 'CronJob':
      return jobAdditions(`${name}-${placeholder('schedule-time')}`, object.spec?.jobTemplate?.spec);
    default:
      return { ...none, podName: generatedName(`${name}-`), generateName: `${name}-`, owner: { apiVersion: kind === 'ReplicaSet' ? 'apps/v1' : 'v1', kind, name } };
  }
}

function jobAdditions(jobName: string, jobSpec: any): Additions {
  const uid = placeholder('controller-uid');
  const owner = { apiVersion: 'batch/v1', kind: 'Job', name: jobName };
  // With manualSelector the API server leaves the template's labels alone.
  const labels: Record<string, string> = jobSpec?.manualSelector === true ? {} : {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': jobName,
    'controller-uid': uid,
    'job-name': jobName,
  };
  if (jobSpec?.completionMode !== 'Indexed') {
    return { podName: generatedName(`${jobName}-`), generateName: `${jobName}-`, labels, annotations: {}, spec: {}, owner };
  }
  const index = placeholder('completion-index');
  const prefix = indexedPodPrefix(jobName, index, jobSpec?.completions);
  return {
    // The prefix is at most 58 characters, so the API server appends the suffix uncut.
    podName: prefix.endsWith(placeholder('generated-name-rest')) ? prefix : `${prefix}${placeholder('pod-suffix')}`,
    generateName: prefix,
    labels: { ...labels, 'batch.kubernetes.io/job-completion-index': index },
    annotations: { 'batch.kubernetes.io/job-completion-index': index },
    // job_controller.go manageJob: the hostname is set whatever the template says.
    spec: { hostname: `${jobName}-${index}` },
    owner,
  };
}

/**
 * The generateName of an Indexed Job's pod (pkg/controller/job/indexed_job_utils.go
 * podGenerateNameWithIndex): `<job>-<index>-`, the Job name cut so the whole stays within 58
 * characters. The index is only known at run time; its length is bounded by `completions`.
 */
function indexedPodPrefix(jobName: string, index: string, completions: unknown): string {
  const digits = typeof completions === 'number' && completions > 0 ? String(completions - 1).length : undefined;
  const jobLength = knownLength(jobName, 'bytes');
  if (digits !== undefined && jobLength !== undefined && jobLength + 2 + digits <= MAX_GENERATED_BASE) return `${jobName}-${index}-`;
  // Every index has one digit (completions <= 10): the cut is certain.
  if (digits === 1 && jobLength !== undefined) return `${sliceText(jobName, 0, MAX_GENERATED_BASE - 3, 'bytes') ?? ''}-${index}-`;
  const keep = digits === undefined ? 0 : MAX_GENERATED_BASE - 2 - digits;
  return `${sliceText(jobName, 0, keep, 'bytes') ?? ''}${placeholder('generated-name-rest')}`;
}

/** `.NodeMeta` and `.NodeSpec`: the node is only known once the pod is scheduled. */
export class NodeStruct extends GoStruct {
  constructor(typeName: string, private readonly known: Record<string, GoValue>) {
    super(typeName, {});
  }

  public field(name: string): GoValue | undefined {
    if (name in this.known) return this.known[name];
    return new OpaqueValue(`node ${name}`);
  }
}

export const NODE_META = new NodeStruct('*v1.ObjectMeta', { Name: placeholder('node-name'), UID: placeholder('node-uid'), Namespace: '' });
export const NODE_SPEC = new NodeStruct('*v1.NodeSpec', {});
