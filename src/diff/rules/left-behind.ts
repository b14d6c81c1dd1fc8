// `kubectl apply` creates and updates; it never deletes what the new manifests no longer
// contain (kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/apply: only `--prune`
// deletes, and only objects carrying the last-applied annotation within the chosen set). A
// changed namespace or name is a new object: the old one keeps running beside it.

import type { KubeObject } from '../../plan/model';
import type { DiffContext } from '../diff-context';
import { deleteCommand, describeRef, groupOf, isClusterScoped, refOf } from '../kube-objects';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (objects are only deleted with --prune)`;

function movedTo(context: DiffContext, object: KubeObject): KubeObject | undefined {
  const ref = refOf(object);
  const group = groupOf(object.apiVersion);
  const sameKind = context.added.filter((a) => a.kind === object.kind && groupOf(a.apiVersion) === group);
  // The same name in another namespace, else the one new object of the same role (labels).
  const sameName = sameKind.filter((a) => a.metadata?.name === ref.name);
  if (sameName.length === 1) return sameName[0];
  const sameRoleObjects = sameKind.filter((a) => sameRole(a, object)
    && context.removed.filter((r) => sameRole(a, r) && r.kind === a.kind).length === 1);
  return sameRoleObjects.length === 1 ? sameRoleObjects[0] : undefined;
}

/** Same object under a new name: same kind, same `app.kubernetes.io/name` and component labels. */
function sameRole(a: KubeObject, b: KubeObject): boolean {
  const la = a.metadata?.labels ?? {};
  const lb = b.metadata?.labels ?? {};
  return !!la['app.kubernetes.io/name'] && la['app.kubernetes.io/name'] === lb['app.kubernetes.io/name']
    && la['app.kubernetes.io/component'] === lb['app.kubernetes.io/component'];
}

/** Objects of the new side that live in `namespace`. */
function residents(context: DiffContext, namespace: string): KubeObject[] {
  return context.after.objects.filter((o) => !isClusterScoped(o.kind) && o.metadata?.namespace === namespace);
}

export const leftBehindRule: DiffRule = (context: DiffContext) => context.removed.map((object) => {
  const ref = refOf(object);
  // A Namespace the new manifests stop creating (createNamespaces: false) while their objects
  // still live in it: kubectl leaves it, which is what those objects need. Deleting it would
  // delete them (and their PVCs) with it.
  const inUse = ref.kind === 'Namespace' ? residents(context, ref.name) : [];
  if (inUse.length > 0) {
    return finding('info', 'namespace-no-longer-managed', object, 'metadata',
      `the new manifests no longer create Namespace/${ref.name}, but ${inUse.length} of their objects live in it `
      + `(${inUse.slice(0, 3).map((o) => describeRef(refOf(o))).join(', ')}${inUse.length > 3 ? ', ...' : ''}): \`kubectl apply\` leaves the Namespace as it is, `
      + 'which is what they need. Do not delete it: that would delete everything in it',
      [], SOURCE);
  }
  const moved = movedTo(context, object);
  const namespaceNote = ref.kind === 'Namespace'
    ? ' Deleting a Namespace deletes everything in it, PVCs (an old sqlite3 datastore) included: check nothing in it is still needed first.' : '';
  const message = moved
    ? `${describeRef(ref)} becomes ${describeRef(refOf(moved))}: a new object, not a rename. \`kubectl apply\` creates the new one and leaves the old one in the cluster.${namespaceNote}`
    : `the new manifests no longer contain ${describeRef(ref)}; \`kubectl apply\` leaves it in the cluster.${namespaceNote}`;
  return finding('warning', 'left-behind', object, 'metadata', message,
    [...(moved ? [`once ${describeRef(refOf(moved))} works:`] : ['after the apply, when nothing needs it any more:']), deleteCommand(object)],
    SOURCE);
});
