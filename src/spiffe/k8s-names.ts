import { describeChar, excerpt, firstBadChar } from './describe';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const LABEL_RULE = '(Kubernetes: an RFC 1123 label is lowercase alphanumerics and "-", starts and ends alphanumeric, at most 63 characters)';
const SUBDOMAIN_RULE = '(Kubernetes: an RFC 1123 subdomain is dot-separated parts of lowercase alphanumerics and "-" '
  + 'that start and end alphanumeric, at most 253 characters)';
const KEY_RULE = '(Kubernetes: a label key is [<DNS subdomain prefix>/]<name>, the name at most 63 characters of [A-Za-z0-9._-] '
  + 'starting and ending alphanumeric)';
const VALUE_RULE = '(Kubernetes: a label value is empty or at most 63 characters of [A-Za-z0-9._-] starting and ending alphanumeric)';
const SELECTOR_RULE = '(Kubernetes: operators are In, NotIn, Exists and DoesNotExist; In and NotIn need at least one value, Exists and DoesNotExist take none)';
const QUANTITY_RULE = '(Kubernetes: a quantity is a number with an optional suffix, e.g. 100m, 128Mi, 1.5, 1e3)';
const REGEX_RULE = '(the controller manager matches ignoreNamespaces with Go regexp.MatchString, which is unanchored: "kube" would also match "my-kube-apps")';

/** Why `value` is not a Kubernetes RFC 1123 label (e.g. a namespace or Service name), or undefined. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${LABEL_RULE}`;
  if (value.length > 63) return `is ${value.length} characters long, more than 63 ${LABEL_RULE}`;
  if (LABEL.test(value)) return undefined;
  return `${rfc1123Shape(value, LABEL, '-a-z0-9', 'must start and end with an alphanumeric character')} ${LABEL_RULE}`;
}

/** Why `value` is not a Kubernetes RFC 1123 subdomain (most object names), or undefined. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${SUBDOMAIN_RULE}`;
  if (value.length > 253) return `is ${value.length} characters long, more than 253 ${SUBDOMAIN_RULE}`;
  if (SUBDOMAIN.test(value)) return undefined;
  if (value.split('.').some((part) => part.length === 0)) return `has an empty part (a leading, trailing or double ".") ${SUBDOMAIN_RULE}`;
  return `${rfc1123Shape(value, SUBDOMAIN, '-a-z0-9.', 'must start and end each dot-separated part with an alphanumeric character')} ${SUBDOMAIN_RULE}`;
}

/** Why `key` is not a Kubernetes label key (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  if (key.length === 0) return `must not be empty ${KEY_RULE}`;
  const parts = key.split('/');
  if (parts.length > 2) return `contains more than one "/" ${KEY_RULE}`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return `has an empty prefix before "/" ${KEY_RULE}`;
    const prefixProblem = dns1123SubdomainProblem(prefix);
    if (prefixProblem) return `has the prefix "${excerpt(prefix)}", which ${prefixProblem}`;
  }
  if (name.length === 0) return `has an empty name after "/" ${KEY_RULE}`;
  if (name.length > 63) return `has a name ${name.length} characters long, more than 63 ${KEY_RULE}`;
  if (!QUALIFIED_NAME.test(name)) return `has the name "${excerpt(name)}", which ${nameShape(name)} ${KEY_RULE}`;
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined. The empty value is valid. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return `is ${value.length} characters long, more than 63 ${VALUE_RULE}`;
  if (!QUALIFIED_NAME.test(value)) return `${nameShape(value)} ${VALUE_RULE}`;
  return undefined;
}

/** A `metav1.LabelSelectorRequirement` as users write it. */
export interface LabelSelectorRequirementLike {
  /** Label key. */
  readonly key: string;
  /** In, NotIn, Exists or DoesNotExist. */
  readonly operator: string;
  /** Values for In / NotIn. */
  readonly values?: string[];
}

/** A `metav1.LabelSelector` as users write it. */
export interface LabelSelectorLike {
  /** Labels that must all match exactly. */
  readonly matchLabels?: { [key: string]: string };
  /** Requirements that must all hold. */
  readonly matchExpressions?: LabelSelectorRequirementLike[];
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Why `selector` is not a valid Kubernetes label selector, or undefined. */
export function labelSelectorProblem(selector: LabelSelectorLike): string | undefined {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return `has the matchLabels key "${excerpt(key)}", which ${keyProblem}`;
    const valueProblem = labelValueProblem(value);
    if (valueProblem) return `has the matchLabels value "${excerpt(value)}" for key "${key}", which ${valueProblem}`;
  }
  const expressions = selector.matchExpressions ?? [];
  for (let i = 0; i < expressions.length; i++) {
    const problem = requirementProblem(expressions[i], `matchExpressions[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function requirementProblem(req: LabelSelectorRequirementLike, where: string): string | undefined {
  const keyProblem = labelKeyProblem(req.key);
  if (keyProblem) return `has ${where} with the key "${excerpt(req.key)}", which ${keyProblem}`;
  const named = `${where} (key "${req.key}")`;
  if (!OPERATORS.includes(req.operator)) {
    const fix = OPERATORS.find((op) => op.toLowerCase() === req.operator.toLowerCase());
    return `has ${named} with the unknown operator "${req.operator}"${fix ? `; use ${fix}` : ''} ${SELECTOR_RULE}`;
  }
  const values = req.values ?? [];
  const needsValues = req.operator === 'In' || req.operator === 'NotIn';
  if (needsValues && values.length === 0) return `has ${named} with operator ${req.operator} but no values ${SELECTOR_RULE}`;
  if (!needsValues && values.length > 0) return `has ${named} with operator ${req.operator} and values; remove the values ${SELECTOR_RULE}`;
  for (const value of values) {
    const valueProblem = labelValueProblem(value);
    if (valueProblem) return `has ${named} with the value "${excerpt(value)}", which ${valueProblem}`;
  }
  return undefined;
}

// Kubernetes' own splitter: a signed decimal, then a suffix.
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
// What the suffix may really be: decimal SI, binary SI, or a decimal exponent.
const SUFFIX = /^(|[numkMGTPE]|[KMGTPE]i|[eE][-+]?[0-9]+)$/;

/** Why `value` is not a non-negative Kubernetes resource quantity (e.g. `100m`, `128Mi`), or undefined. */
export function quantityProblem(value: string): string | undefined {
  if (value.length === 0) return `must not be empty ${QUANTITY_RULE}`;
  const match = QUANTITY.exec(value);
  if (!match) return `is not a Kubernetes quantity ${QUANTITY_RULE}`;
  const [, number, suffix] = match;
  const digits = number.replace(/^[+-]/, '');
  if (!/[0-9]/.test(digits) || digits.indexOf('.') !== digits.lastIndexOf('.')) return `has the malformed number "${number}" ${QUANTITY_RULE}`;
  if (!SUFFIX.test(suffix)) {
    const lower = suffix.toLowerCase();
    const fix = lower === 'ki' || lower === 'k' ? `; use "${digits}${lower === 'k' ? 'k' : 'Ki'}"` : '';
    return `has the unknown suffix "${suffix}"${fix} (Kubernetes suffixes: n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e<exponent>)`;
  }
  if (number.startsWith('-') && /[1-9]/.test(digits)) return `must not be negative ${QUANTITY_RULE}`;
  return undefined;
}

/**
 * Why `pattern` is not an anchored regular expression (`^...$`) that both JavaScript and Go's
 * RE2 accept, or undefined. Used for the controller manager's ignoreNamespaces.
 */
export function anchoredRegexProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return `must not be empty; an empty pattern matches every namespace ${REGEX_RULE}`;
  try {
    new RegExp(pattern);
  } catch (e) {
    const reason = (e as Error).message.replace(/\.$/, '');
    return `does not compile as a regular expression (${reason})`;
  }
  // RE2 has no lookaround or backreferences; the controller manager would fail to start.
  if (/\(\?<?[=!]/.test(pattern)) return 'uses a lookaround, which the controller manager cannot compile (Go regexp is RE2: no lookaround, no backreferences)';
  if (/\\[1-9]/.test(pattern)) return 'uses a backreference, which the controller manager cannot compile (Go regexp is RE2: no lookaround, no backreferences)';
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = endsWithUnescapedDollar(pattern);
  if (!anchoredStart || !anchoredEnd) {
    const core = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
    return `must be anchored; use "^${hasTopLevelAlternation(core) ? `(?:${core})` : core}$" ${REGEX_RULE}`;
  }
  const core = pattern.slice(1, -1);
  if (hasTopLevelAlternation(core)) {
    return `anchors only its first and last alternative; use "^(?:${core})$" ${REGEX_RULE}`;
  }
  return undefined;
}

/** Escapes regular-expression metacharacters, so a namespace name can become `^name$`. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function endsWithUnescapedDollar(pattern: string): boolean {
  if (!pattern.endsWith('$')) return false;
  let backslashes = 0;
  for (let i = pattern.length - 2; i >= 0 && pattern[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Whether `pattern` has a `|` outside every group and character class (so `^a|b$` is not anchored as a whole). */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

/** The most specific reason an RFC 1123 name fails: capitals, a stray character, or a bad first or last character. */
function rfc1123Shape(value: string, valid: RegExp, char: string, edges: string): string {
  if (/[A-Z]/.test(value)) {
    const lower = value.toLowerCase();
    return valid.test(lower) ? `must be lowercase; use "${lower}"` : 'must be lowercase';
  }
  const bad = firstBadChar(value, char);
  if (bad !== undefined) return `contains ${describeChar(bad)}`;
  return edges;
}

function nameShape(value: string): string {
  const bad = firstBadChar(value, '-A-Za-z0-9_.');
  if (bad !== undefined) return `contains ${describeChar(bad)}`;
  return 'must start and end with an alphanumeric character';
}
