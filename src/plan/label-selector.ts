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

/**
 * Whether a selector selects a pod: `maybe` when it turns on a label whose value is only known
 * at run time (a pod-template-hash, a Job's controller-uid).
 */
export type Selection = 'yes' | 'no' | 'maybe';

/** A selector compiled for fast matching. */
export interface CompiledSelector {
  /** matchLabels as pairs (used to index candidates). */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  /** Selects the labels for sure. */
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
  /** Selects the labels, does not, or depends on run-time label values. */
  readonly decide: (labels: Readonly<Record<string, string>>) => Selection;
  /** The label keys it reads. */
  readonly keys: ReadonlySet<string>;
  /** Selects everything (absent or empty). */
  readonly everything: boolean;
}

const EVERYTHING: CompiledSelector = { pairs: [], matches: () => true, decide: () => 'yes', keys: new Set(), everything: true };

const MARK = '\u0000';

/**
 * Whether a label value that may hold run-time placeholders equals `literal`: `no` when its known
 * characters already rule it out (`web-<hash>` is never `api-1`), `maybe` otherwise.
 */
export function valueEquals(value: string | undefined, literal: string): Selection {
  if (value === undefined) return 'no';
  if (!value.includes(MARK)) return value === literal ? 'yes' : 'no';
  const pattern = value.split(MARK).map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.+')).join('');
  return new RegExp(`^${pattern}$`, 's').test(literal) ? 'maybe' : 'no';
}

function not(result: Selection): Selection {
  return result === 'yes' ? 'no' : result === 'no' ? 'yes' : 'maybe';
}

function anyOf(value: string | undefined, set: ReadonlySet<string>): Selection {
  let out: Selection = 'no';
  for (const literal of set) {
    const r = valueEquals(value, literal);
    if (r === 'yes') return 'yes';
    if (r === 'maybe') out = 'maybe';
  }
  return out;
}

/** Compiles `selector`, or returns the reason the webhook's LabelSelectorAsSelector would reject it. */
export function compileSelector(selector: LabelSelectorJson | undefined | null): CompiledSelector | string {
  if (selector === undefined || selector === null) return EVERYTHING;
  const pairs = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (pairs.length === 0 && expressions.length === 0) return EVERYTHING;
  const tests: Array<(labels: Readonly<Record<string, string>>) => Selection> = [];
  const has = (l: Readonly<Record<string, string>>, key: string) => Object.prototype.hasOwnProperty.call(l, key);
  for (const expr of expressions) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) return `matchExpressions key "${expr.key}": values must be non-empty for ${expr.operator}`;
        const set = new Set(values);
        tests.push(expr.operator === 'In'
          ? (l) => (has(l, expr.key) ? anyOf(l[expr.key], set) : 'no')
          // NotIn also matches pods without the label (labels.Requirement.Matches).
          : (l) => (has(l, expr.key) ? not(anyOf(l[expr.key], set)) : 'yes'));
        break;
      }
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return `matchExpressions key "${expr.key}": values must be empty for ${expr.operator}`;
        tests.push(expr.operator === 'Exists'
          ? (l) => (has(l, expr.key) ? 'yes' : 'no')
          : (l) => (has(l, expr.key) ? 'no' : 'yes'));
        break;
      default:
        return `matchExpressions key "${expr.key}": "${expr.operator}" is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`;
    }
  }
  const decide = (labels: Readonly<Record<string, string>>): Selection => {
    let out: Selection = 'yes';
    for (const [k, v] of pairs) {
      const r = valueEquals(labels[k], v);
      if (r === 'no') return 'no';
      if (r === 'maybe') out = 'maybe';
    }
    for (const test of tests) {
      const r = test(labels);
      if (r === 'no') return 'no';
      if (r === 'maybe') out = 'maybe';
    }
    return out;
  };
  const matches = (labels: Readonly<Record<string, string>>): boolean => decide(labels) === 'yes';
  const keys = new Set([...pairs.map(([k]) => k), ...expressions.map((e) => e.key)]);
  return { pairs, matches, decide, keys, everything: false };
}
