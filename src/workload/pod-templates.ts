import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** A pod template found among an app's objects, as it will be written. */
export interface PodTemplateRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Construct path of the ApiObject, for messages. */
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** Where each workload kind keeps its pod's metadata. */
const POD_METADATA: Record<string, (obj: any) => any> = {
  'v1/Pod': obj => obj.metadata,
  'apps/v1/Deployment': obj => obj.spec?.template?.metadata,
  'apps/v1/StatefulSet': obj => obj.spec?.template?.metadata,
  'apps/v1/DaemonSet': obj => obj.spec?.template?.metadata,
  'apps/v1/ReplicaSet': obj => obj.spec?.template?.metadata,
  'batch/v1/Job': obj => obj.spec?.template?.metadata,
  'batch/v1/CronJob': obj => obj.spec?.jobTemplate?.spec?.template?.metadata,
};

/**
 * The pod templates of every workload ApiObject under `root` (cdk8s-plus
 * workloads included, through their ApiObjects), resolved to JSON. Only for
 * synth-time validations: resolving every object is not free.
 */
export function podTemplatesIn(root: IConstruct): PodTemplateRef[] {
  const found: PodTemplateRef[] = [];
  for (const construct of root.node.findAll()) {
    if (!(construct instanceof ApiObject)) continue;
    const metadataOf = POD_METADATA[`${construct.apiVersion}/${construct.kind}`];
    if (!metadataOf) continue;
    const json = construct.toJson();
    const pod = metadataOf(json) ?? {};
    found.push({
      kind: construct.kind,
      name: json.metadata?.name ?? construct.name,
      namespace: json.metadata?.namespace ?? 'default',
      path: construct.node.path,
      labels: pod.labels ?? {},
      annotations: pod.annotations ?? {},
    });
  }
  return found;
}
