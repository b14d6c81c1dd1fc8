// Identity of Kubernetes objects as the API server sees it: group, kind, namespace and name
// (the version is not part of it: apps/v1 and apps/v1beta2 name one object).

import type { DiffObjectRef } from './model';
import type { KubeObject } from '../plan/model';

/** Kinds that live outside namespaces (the built-in ones and the SPIRE, Istio and Gateway API ones we meet). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'PriorityClass', 'RuntimeClass',
  'IngressClass', 'APIService', 'FlowSchema', 'PriorityLevelConfiguration', 'GatewayClass',
  'ClusterSPIFFEID', 'ClusterStaticEntry', 'ClusterFederatedTrustDomain', 'ClusterIssuer',
]);

export function isClusterScoped(kind: string | undefined): boolean {
  return CLUSTER_SCOPED.has(kind ?? '');
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ``). */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

export function refOf(object: KubeObject): DiffObjectRef {
  return {
    kind: object.kind ?? '',
    namespace: isClusterScoped(object.kind) ? '' : object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? object.metadata?.generateName ?? '',
  };
}

/** `group|Kind|namespace|name`: one key per object the API server stores. */
export function objectKey(object: KubeObject): string {
  const ref = refOf(object);
  return `${groupOf(object.apiVersion)}|${ref.kind}|${ref.namespace}|${ref.name}`;
}

/** `Kind/namespace/name` or `Kind/name`. */
export function describeRef(ref: DiffObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** The resource name kubectl takes for an object: `statefulset`, `clusterspiffeid.spire.spiffe.io`. */
export function kubectlResource(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const group = groupOf(object.apiVersion);
  const kind = (object.kind ?? '').toLowerCase();
  // Built-in groups are unambiguous by kind; custom resources get their group.
  const builtIn = group === '' || !group.includes('.') || group.endsWith('.k8s.io');
  return builtIn ? kind : `${kind}.${group}`;
}

/** `-n <namespace>` when the object has one. */
export function namespaceFlag(ref: DiffObjectRef): string {
  return ref.namespace ? ` -n ${ref.namespace}` : '';
}

/** `kubectl delete <resource> <name> [-n ns]` */
export function deleteCommand(object: KubeObject, extra = ''): string {
  const ref = refOf(object);
  return `kubectl delete ${kubectlResource(object)} ${ref.name}${namespaceFlag(ref)}${extra}`;
}

/** Deep equality of JSON values, where an absent key equals an absent value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Every key of a, then the keys only b has (without building a key set: this runs for every
  // object of both sides).
  for (const key of Object.keys(ao)) {
    if (ao[key] === undefined && bo[key] === undefined) continue;
    if (!jsonEqual(ao[key], bo[key])) return false;
  }
  for (const key of Object.keys(bo)) {
    if (!Object.prototype.hasOwnProperty.call(ao, key) && bo[key] !== undefined) return false;
  }
  return true;
}

/** Top-level keys of two objects whose values differ. */
export function changedKeys(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
  const ao = a ?? {};
  const bo = b ?? {};
  return [...new Set([...Object.keys(ao), ...Object.keys(bo)])].filter((k) => !jsonEqual(ao[k], bo[k])).sort();
}

const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };

/**
 * A resource quantity as a number (k8s.io/apimachinery pkg/api/resource/quantity.go: binary
 * suffixes Ki..Ei, decimal n..E, and exponents), or undefined when it is not one.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(value.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  if (Number.isNaN(base)) return undefined;
  if (match[2]) return base * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return base * (BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix]);
}
