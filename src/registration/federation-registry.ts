import { IConstruct } from 'constructs';

// Federated trust domains declared per construct tree, so duplicates are
// caught at synth and integrations can ask which ones the app declares.
const declared = new WeakMap<IConstruct, Map<string, IConstruct[]>>();

function key(trustDomain: string, className: string | undefined): string {
  return `${className ?? ''}\u0000${trustDomain}`;
}

export function declareFederation(scope: IConstruct, trustDomain: string, className: string | undefined): IConstruct[] {
  const root = scope.node.root;
  let byKey = declared.get(root);
  if (!byKey) {
    byKey = new Map();
    declared.set(root, byKey);
  }
  const list = byKey.get(key(trustDomain, className)) ?? [];
  list.push(scope);
  byKey.set(key(trustDomain, className), list);
  return list;
}

/** Whether the app declares a federation with `trustDomain` for controllers of `className`. */
export function isFederationDeclared(scope: IConstruct, trustDomain: string, className: string | undefined): boolean {
  return (declared.get(scope.node.root)?.get(key(trustDomain, className))?.length ?? 0) > 0;
}
