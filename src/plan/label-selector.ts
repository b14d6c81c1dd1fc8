// metav1.LabelSelector semantics (k8s.io/apimachinery pkg/apis/meta/v1/helpers.go
// LabelSelectorAsSelector, pkg/labels/selector.go Requirement.Matches): matchLabels and
// matchExpressions are ANDed; an empty selector matches everything. spire-controller-manager
// treats an absent selector as "no filter" (pkg/k8sapi/helpers.go ListNamespaces /
// ListNamespacePods only add a selector when it is non-nil), so absent and empty both match all.

/** A label selector as it appears in a manifest. */
export interface LabelSelectorJson {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** A selector compiled for fast matching. */
export interface CompiledSelector {
  /** matchLabels as pairs (used to index candidates). */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
  /** Selects everything (absent or empty). */
  readonly everything: boolean;
}

const EVERYTHING: CompiledSelector = { pairs: [], matches: () => true, everything: true };

/** Compiles `selector`, or returns the reason the webhook's LabelSelectorAsSelector would reject it. */
export function compileSelector(selector: LabelSelectorJson | undefined | null): CompiledSelector | string {
  if (selector === undefined || selector === null) return EVERYTHING;
  const pairs = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (pairs.length === 0 && expressions.length === 0) return EVERYTHING;
  const tests: Array<(labels: Readonly<Record<string, string>>) => boolean> = [];
  for (const expr of expressions) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) return `matchExpressions key "${expr.key}": values must be non-empty for ${expr.operator}`;
        const set = new Set(values);
        tests.push(expr.operator === 'In'
          ? (l) => Object.prototype.hasOwnProperty.call(l, expr.key) && set.has(l[expr.key])
          // NotIn also matches pods without the label (labels.Requirement.Matches).
          : (l) => !Object.prototype.hasOwnProperty.call(l, expr.key) || !set.has(l[expr.key]));
        break;
      }
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return `matchExpressions key "${expr.key}": values must be empty for ${expr.operator}`;
        tests.push(expr.operator === 'Exists'
          ? (l) => Object.prototype.hasOwnProperty.call(l, expr.key)
          : (l) => !Object.prototype.hasOwnProperty.call(l, expr.key));
        break;
      default:
        return `matchExpressions key "${expr.key}": "${expr.operator}" is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`;
    }
  }
  const matches = (labels: Readonly<Record<string, string>>): boolean => {
    for (const [k, v] of pairs) if (labels[k] !== v) return false;
    for (const test of tests) if (!test(labels)) return false;
    return true;
  };
  return { pairs, matches, everything: false };
}
