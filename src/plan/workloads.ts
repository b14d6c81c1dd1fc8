// The pods each workload object will run, as the controller manager will see them: the pod
// template plus what Kubernetes adds when it creates the pod (name, UID, node, default service
// account, controller labels). Values only known at run time become placeholders.

import { GoStruct, GoValue, goStringMap, OBJECT_META_ZERO, OpaqueValue, placeholder, POD_SPEC_ZERO } from './go-value';
import type { KubeObject } from './model';

/** A workload's pods, described once. */
export interface WorkloadPod {
  readonly ref: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels the pods carry (template labels plus controller labels whose value is known). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec.serviceAccountName`, defaulted to "default" by the ServiceAccount admission plugin. */
  readonly serviceAccount: string;
  readonly podName: string;
  readonly spec: Record<string, any>;
  /** Go template data for `.PodMeta` and `.PodSpec`. */
  readonly podMeta: GoStruct;
  readonly podSpec: GoStruct;
}

/** Workload kinds whose pod template the planner reads. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** The pods of `object` (with `extraLabels` added at admission), or undefined when it is not a workload. */
export function workloadPod(object: KubeObject, extraLabels: Readonly<Record<string, string>> = {}): WorkloadPod | undefined {
  const kind = object.kind ?? '';
  if (!WORKLOAD_KINDS.includes(kind)) return undefined;
  const name = object.metadata?.name ?? object.metadata?.generateName ?? '(unnamed)';
  const namespace = object.metadata?.namespace ?? 'default';
  let template: { metadata?: any; spec?: any } | undefined;
  if (kind === 'Pod') template = { metadata: object.metadata, spec: object.spec };
  else if (kind === 'CronJob') template = object.spec?.jobTemplate?.spec?.template;
  else template = object.spec?.template;
  if (!template) return undefined;

  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}), ...controllerLabels(kind, name), ...extraLabels };
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  const rawSpec: Record<string, any> = template.spec ?? {};
  const serviceAccount = rawSpec.serviceAccountName || rawSpec.serviceAccount || 'default';
  // Admission (plugin/pkg/admission/serviceaccount) sets serviceAccountName; defaulting mirrors it
  // into the deprecated serviceAccount field.
  const spec: Record<string, any> = { ...rawSpec, serviceAccountName: serviceAccount, serviceAccount };
  const podName = kind === 'Pod' ? name : podNameOf(kind, name);

  const metaJson = { ...(template.metadata ?? {}), name: podName, namespace, labels, annotations };
  const metaRuntime: Record<string, GoValue> = {
    Name: podName,
    Namespace: namespace,
    Labels: goStringMap(labels),
    Annotations: goStringMap(annotations),
    UID: placeholder('pod-uid'),
    ResourceVersion: new OpaqueValue('resource-version'),
    CreationTimestamp: new OpaqueValue('creation-timestamp'),
  };
  if (kind !== 'Pod') {
    metaRuntime.OwnerReferences = new OpaqueValue('owner-references');
    metaRuntime.GenerateName = new OpaqueValue('generate-name');
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
  };
}

/** Pod names the workload controllers generate (run-time parts as placeholders). */
function podNameOf(kind: string, name: string): string {
  switch (kind) {
    case 'Deployment':
      return `${name}-${placeholder('replicaset-hash')}-${placeholder('pod-suffix')}`;
    case 'StatefulSet':
      return `${name}-${placeholder('ordinal')}`;
    case 'CronJob':
      return `${name}-${placeholder('schedule-time')}-${placeholder('pod-suffix')}`;
    default:
      return `${name}-${placeholder('pod-suffix')}`;
  }
}

/** Labels the Job controller adds whose value is known from the manifest (batch/v1 Job docs). */
function controllerLabels(kind: string, name: string): Record<string, string> {
  if (kind === 'Job') return { 'job-name': name, 'batch.kubernetes.io/job-name': name };
  return {};
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
