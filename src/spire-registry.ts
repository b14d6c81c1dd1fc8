import { IConstruct } from 'constructs';
import type { ISpire } from './spire-ref';

// Spire installations per construct tree, so registrations can check
// themselves against every SPIRE in the same app without walking the tree.
const installations = new WeakMap<IConstruct, ISpire[]>();

export function registerSpire(spire: ISpire): void {
  const root = spire.node.root;
  const list = installations.get(root);
  if (list) list.push(spire);
  else installations.set(root, [spire]);
}

export function spiresInApp(scope: IConstruct): readonly ISpire[] {
  return installations.get(scope.node.root) ?? [];
}
