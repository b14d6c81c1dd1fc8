/** Labels that select a component's pods. Kept minimal: selectors are immutable once applied. */
export function selectorLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'spire',
  };
}

/** Labels put on every object of a component. */
export function componentLabels(name: string, component: string): Record<string, string> {
  return {
    ...selectorLabels(name),
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'cdk8s-spire',
  };
}
