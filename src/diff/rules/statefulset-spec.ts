// kubernetes/kubernetes pkg/apis/apps/validation/validation.go `ValidateStatefulSetUpdate`:
// after an update, only replicas, ordinals, template, updateStrategy, revisionHistoryLimit,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may differ; anything else (the
// volumeClaimTemplates, the selector, serviceName, podManagementPolicy) is refused with
// "updates to statefulset spec for fields other than ... are forbidden".

import type { KubeObject } from '../../plan/model';
import type { DiffContext } from '../diff-context';
import { changedKeys, jsonEqual, parseQuantity, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate`;

/** Spec fields an update may change. */
export const STATEFULSET_MUTABLE_FIELDS = [
  'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds',
];

/** A claim template as the API server stores it: defaults filled in, quantities as numbers. */
function normalClaimTemplate(template: any): any {
  const spec = template?.spec ?? {};
  const requests = spec.resources?.requests ?? {};
  const limits = spec.resources?.limits;
  return {
    metadata: { ...template?.metadata, creationTimestamp: undefined },
    spec: {
      ...spec,
      volumeMode: spec.volumeMode ?? 'Filesystem',
      resources: {
        ...spec.resources,
        requests: Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, parseQuantity(v) ?? v])),
        limits: limits ? Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, parseQuantity(v) ?? v])) : undefined,
      },
    },
  };
}

/** The spec fields an update may not change, defaults filled in (pkg/apis/apps/v1/defaults.go). */
function immutablePart(spec: any): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...spec,
    podManagementPolicy: spec?.podManagementPolicy ?? 'OrderedReady',
    serviceName: spec?.serviceName || undefined,
    volumeClaimTemplates: (spec?.volumeClaimTemplates ?? []).map(normalClaimTemplate),
  };
  for (const field of STATEFULSET_MUTABLE_FIELDS) delete out[field];
  return out;
}

/** The PVC names a StatefulSet's claim template has made: `<template>-<statefulset>-<ordinal>`. */
export function claimNames(statefulSet: KubeObject, template: string): string[] {
  const replicas = typeof statefulSet.spec?.replicas === 'number' ? statefulSet.spec.replicas : 1;
  const start = statefulSet.spec?.ordinals?.start ?? 0;
  return Array.from({ length: replicas }, (_, i) => `${template}-${statefulSet.metadata?.name}-${start + i}`);
}

function claimTemplateSteps(before: KubeObject, after: KubeObject): { notes: string[]; commands: string[] } {
  const ref = refOf(after);
  const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
  const notes: string[] = [];
  const commands: string[] = [];
  const oldTemplates = new Map<string, any>((before.spec?.volumeClaimTemplates ?? []).map((t: any) => [t.metadata?.name, t]));
  for (const template of after.spec?.volumeClaimTemplates ?? []) {
    const name = template.metadata?.name;
    const old = oldTemplates.get(name);
    if (!old) {
      notes.push(`claim template "${name}" is new: each pod gets a new, empty PVC`);
      continue;
    }
    const oldSize = old.spec?.resources?.requests?.storage;
    const newSize = template.spec?.resources?.requests?.storage;
    const oldBytes = parseQuantity(oldSize);
    const newBytes = parseQuantity(newSize);
    const oldClass = old.spec?.storageClassName;
    const newClass = template.spec?.storageClassName;
    if (oldClass !== newClass) {
      notes.push(`storageClassName ${oldClass ?? '(the default class)'} -> ${newClass ?? '(the default class)'}: existing PVCs keep their class `
        + '(a bound claim\'s spec is immutable, ValidatePersistentVolumeClaimUpdate); only PVCs created from now on use the new one. '
        + 'Moving the data to the new class means a backup and restore of the datastore');
    }
    if (oldBytes !== undefined && newBytes !== undefined && newBytes > oldBytes) {
      const className = newClass ?? oldClass;
      commands.push(className
        ? `kubectl get storageclass ${className} -o jsonpath='{.allowVolumeExpansion}'   # must print true to grow the PVCs`
        : 'kubectl get storageclass   # the (default) class must have allowVolumeExpansion: true to grow the PVCs');
      for (const pvc of claimNames(before, name)) {
        commands.push(`kubectl patch pvc ${pvc}${ns} -p '{"spec":{"resources":{"requests":{"storage":"${newSize}"}}}}'`);
      }
    } else if (oldBytes !== undefined && newBytes !== undefined && newBytes < oldBytes) {
      notes.push(`storage ${oldSize} -> ${newSize}: a PVC cannot shrink (ValidatePersistentVolumeClaimUpdate); existing PVCs stay at ${oldSize}`);
    }
  }
  return { notes, commands };
}

function statefulSetFindings(before: KubeObject, after: KubeObject): DiffFinding[] {
  const oldPart = immutablePart(before.spec);
  const newPart = immutablePart(after.spec);
  if (jsonEqual(oldPart, newPart)) return [];
  const fields = changedKeys(oldPart, newPart).map((k) => `spec.${k}`);
  const ref = refOf(after);
  const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
  const selectorChanged = fields.includes('spec.selector');
  const claims = fields.includes('spec.volumeClaimTemplates') ? claimTemplateSteps(before, after) : { notes: [], commands: [] };
  const fix = selectorChanged
    ? [`kubectl delete statefulset ${ref.name}${ns}   # a new selector cannot adopt the old pods; PVCs stay`, 'kubectl apply -f <the new manifests>']
    : [
      `kubectl delete statefulset ${ref.name}${ns} --cascade=orphan   # the pods and PVCs keep running`,
      'kubectl apply -f <the new manifests>   # the new StatefulSet adopts the running pods',
      ...claims.commands,
    ];
  const message = `the API server refuses this update: ${fields.join(', ')} cannot change on a StatefulSet `
    + `(only ${STATEFULSET_MUTABLE_FIELDS.join(', ')} may); \`kubectl apply\` fails at this object after applying the ones before it`
    + (claims.notes.length > 0 ? `. ${claims.notes.join('. ')}` : '');
  return [finding('error', 'statefulset-forbidden-update', after, fields.join(', '), message, fix, SOURCE)];
}

export const statefulSetSpecRule: DiffRule = (context: DiffContext) =>
  context.changed.filter((p) => p.after.kind === 'StatefulSet').flatMap((p) => statefulSetFindings(p.before, p.after));
