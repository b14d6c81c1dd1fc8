// Checks for the Go text/template strings spire-controller-manager renders for every pod:
// spiffeIDTemplate, workloadSelectorTemplates, dnsNameTemplates and parentIDTemplate. The webhook
// only checks that they parse; a template that parses but renders a bad ID fails once per pod, in
// the controller's logs. So we check both the syntax and the shape of what it can render.

import { describeChar, excerpt, firstBadChar } from './describe';
import { dnsNameShapeProblem, SPIRE_DNS_NAME_RULE } from './dns-name';
import { MAX_SPIFFE_ID_BYTES } from './spiffe-id';
import {
  CONTROL_KEYWORDS, STRING_ROOTS, TEMPLATE_BUILTINS, TEMPLATE_ROOTS, VALUE_KEYWORDS, suggestField, suggestRoot,
} from './template-data';
import { lexTemplate, TemplateAction, TemplateToken, TemplateWord } from './template-lexer';
import { trustDomainProblem } from './trust-domain';

/** Options shared by the template checks. */
export interface TemplateOptions {
  /**
   * The data fields the template may use, without the dot. The parent-ID template renders before
   * the pod is known, so it gets only TrustDomain, ClusterName, ClusterDomain, NodeMeta and NodeSpec.
   * @default - all seven: TrustDomain, ClusterName, ClusterDomain, PodMeta, PodSpec, NodeMeta, NodeSpec
   */
  readonly allowedRoots?: string[];
}

/** Options for `spiffeIdTemplateProblem`. */
export interface SpiffeIdTemplateOptions extends TemplateOptions {
  /**
   * The controller manager's trust domain; a literal trust domain in the template must equal it.
   * @default - any valid trust domain
   */
  readonly trustDomain?: string;
  /**
   * The template renders workload IDs: it needs a path, not under /spire. Set false to check a
   * parent-ID template, which renders agent IDs under /spire/agent.
   * @default true
   */
  readonly workload?: boolean;
}

/** Why `template` would not parse, or would reference data or functions the controller manager does not have. */
export function templateSyntaxProblem(template: string, options: TemplateOptions = {}): string | undefined {
  return memoised('syntax', template, options, () => analyse(template, rootsOf(options)).problem);
}

/** Why `template` cannot render a valid workload SPIFFE ID, or undefined. */
export function spiffeIdTemplateProblem(template: string, options: SpiffeIdTemplateOptions = {}): string | undefined {
  return memoised('spiffe-id', template, options, () => {
    if (template.trim().length === 0) return `must not be empty ${ID_RULE}`;
    const analysis = analyse(template, rootsOf(options));
    return analysis.problem ?? spiffeIdShapeProblem(analysis.shape, options);
  });
}

/** Why `template` cannot render a SPIRE selector `type:value`, or undefined. */
export function selectorTemplateProblem(template: string, options: TemplateOptions = {}): string | undefined {
  return memoised('selector', template, options, () => {
    if (template.length === 0) return `must not be empty ${SELECTOR_RULE}`;
    const analysis = analyse(template, rootsOf(options));
    return analysis.problem ?? selectorShapeProblem(analysis.shape);
  });
}

/** Why `template` cannot render a DNS name for a SPIRE entry, or undefined. */
export function dnsNameTemplateProblem(template: string, options: TemplateOptions = {}): string | undefined {
  return memoised('dns-name', template, options, () => {
    if (template.length === 0) return `must not be empty ${SPIRE_DNS_NAME_RULE}`;
    const analysis = analyse(template, rootsOf(options));
    return analysis.problem ?? dnsShapeProblem(analysis.shape);
  });
}

// ---------------------------------------------------------------------------------------------
// Memoisation: thousands of registrations share a handful of templates.

// Keyed by kind, then by options, then by the template string itself. The usual options (a trust
// domain at most) are keyed by the trust-domain string the Spire holds, and V8 caches a string's
// hash, so 10,000 registrations sharing a template cost no string building or rehashing.
const memo = new Map<string, Map<string, Map<string, string | undefined>>>();
const MEMO_LIMIT = 100_000;
let memoSize = 0;

function memoised(kind: string, template: string, options: SpiffeIdTemplateOptions, compute: () => string | undefined): string | undefined {
  // A trust domain never contains NUL, so the two key forms cannot collide.
  const optionsKey = options.allowedRoots === undefined && options.workload === undefined
    ? options.trustDomain ?? ''
    : `${options.allowedRoots ? [...options.allowedRoots].sort().join(',') : '*'}\0${options.trustDomain ?? ''}\0${options.workload ?? ''}`;
  let byOptions = memo.get(kind);
  if (byOptions === undefined) memo.set(kind, byOptions = new Map());
  let results = byOptions.get(optionsKey);
  if (results === undefined) {
    byOptions.set(optionsKey, results = new Map());
  } else if (results.has(template)) {
    return results.get(template);
  }
  const result = compute();
  // A bound, so a long-running process (a watch build) cannot grow without limit.
  if (memoSize >= MEMO_LIMIT) {
    memo.clear();
    memoSize = 0;
    memo.set(kind, byOptions = new Map());
    byOptions.set(optionsKey, results = new Map());
  }
  results.set(template, result);
  memoSize++;
  return result;
}

function rootsOf(options: TemplateOptions): readonly string[] {
  return options.allowedRoots ?? TEMPLATE_ROOTS;
}

// ---------------------------------------------------------------------------------------------
// Syntax: block balance, variables, data roots, functions. Produces the template's shape.

/** A piece of what the template renders: literal text, or the output of one value action. */
type Part =
  | { readonly literal: string }
  | { readonly value: string; readonly trustDomain: boolean };

interface Analysis {
  readonly problem?: string;
  readonly shape: readonly Part[];
}

type BlockKind = 'if' | 'range' | 'with' | 'define' | 'block';

interface Frame {
  readonly kind: BlockKind;
  readonly source: string;
  readonly varsMark: number;
  readonly savedVars?: string[];
  /** Dot is rebound inside range and with, so `.X` no longer means the template data. */
  rebound: boolean;
  sawElse: boolean;
}

const BLOCK_RULE = '(Go text/template: if, range, with, define and block each close with one {{ end }}; else belongs to if, range or with)';
const VAR_RULE = '(Go text/template: a variable is visible from its declaration to the {{ end }} of the enclosing block)';
const PIPE_RULE = '(Go text/template: an action is a pipeline of commands joined by "|", optionally starting with $x := or $x =)';
const FUNC_RULE = `(plain Go text/template: no sprig; built-ins are ${TEMPLATE_BUILTINS.join(', ')})`;
const MOVED_RULE = '(.PodMeta and .NodeMeta hold metadata such as Name, Namespace, Labels and UID; .PodSpec and .NodeSpec hold the spec, '
  + 'such as ServiceAccountName and NodeName; Go templates only see capitalised struct fields)';

function analyse(template: string, roots: readonly string[]): Analysis {
  const lexed = lexTemplate(template);
  if (lexed.problem) return { problem: lexed.problem, shape: [] };
  const analyser = new Analyser(roots);
  const problem = analyser.run(lexed.tokens);
  return problem ? { problem, shape: [] } : { shape: analyser.shape };
}

class Analyser {
  public readonly shape: Part[] = [];
  private readonly stack: Frame[] = [];
  private vars: string[] = ['$'];

  constructor(private readonly roots: readonly string[]) {}

  public run(tokens: readonly TemplateToken[]): string | undefined {
    for (const token of tokens) {
      if (token.kind === 'text') {
        if (this.renders()) this.emit({ literal: token.text });
        continue;
      }
      const problem = this.action(token);
      if (problem) return problem;
    }
    const open = this.stack[this.stack.length - 1];
    if (open) return `has "${excerpt(open.source)}" without a matching {{ end }} ${BLOCK_RULE}`;
    return undefined;
  }

  private action(token: TemplateAction): string | undefined {
    if (token.comment) return undefined;
    const words = token.words;
    const first = words[0];
    if (first === undefined) return `has an empty action "${token.source}" ${PIPE_RULE}`;
    if (first.kind === 'identifier' && first.fields.length === 0 && CONTROL_KEYWORDS.includes(first.text)) {
      return this.control(first.text, words.slice(1), token);
    }
    const problem = this.pipeline(words, token, 'action');
    if (problem) return problem;
    // `{{ $x := ... }}` renders nothing; any other pipeline prints its value.
    const declares = first.kind === 'variable' && first.fields.length === 0 && (words[1]?.kind === 'declare' || words[1]?.kind === 'assign');
    if (!declares && this.renders()) this.emit({ value: token.source, trustDomain: this.isTrustDomain(words) });
    return undefined;
  }

  private control(keyword: string, rest: readonly TemplateWord[], token: TemplateAction): string | undefined {
    const top = this.stack[this.stack.length - 1];
    switch (keyword) {
      case 'if':
      case 'range':
      case 'with': {
        if (rest.length === 0) return `has {{ ${keyword} }} without a pipeline in "${token.source}" ${PIPE_RULE}`;
        const frame: Frame = { kind: keyword, source: token.source, varsMark: this.vars.length, rebound: false, sawElse: false };
        this.stack.push(frame);
        // The header is evaluated with the outer dot; only the body sees the rebound one.
        const problem = this.pipeline(rest, token, keyword);
        frame.rebound = keyword !== 'if';
        return problem;
      }
      case 'else':
        return this.else(top, rest, token);
      case 'end':
        if (rest.length > 0) return `has text after "end" in "${token.source}" ${BLOCK_RULE}`;
        if (!top) return `has {{ end }} without a matching {{ if }}, {{ range }}, {{ with }}, {{ define }} or {{ block }} ${BLOCK_RULE}`;
        this.stack.pop();
        this.vars = top.savedVars ?? this.vars.slice(0, top.varsMark);
        return undefined;
      case 'define':
      case 'block': {
        if (keyword === 'define' && top) return `has {{ define }} inside "${excerpt(top.source)}" (Go text/template: define is only allowed at the top level)`;
        if (rest[0]?.kind !== 'string') return `has {{ ${keyword} }} without a quoted template name in "${token.source}" ${BLOCK_RULE}`;
        if (keyword === 'define' && rest.length > 1) return `has text after the template name in "${token.source}" ${BLOCK_RULE}`;
        if (keyword === 'block') {
          if (rest.length === 1) return `has {{ block }} without a pipeline in "${token.source}" ${PIPE_RULE}`;
          const problem = this.pipeline(rest.slice(1), token, keyword);
          if (problem) return problem;
        }
        // The body is a separate template: its dot and $ are whatever it is called with.
        this.stack.push({ kind: keyword, source: token.source, varsMark: this.vars.length, savedVars: this.vars, rebound: true, sawElse: false });
        this.vars = ['$'];
        return undefined;
      }
      case 'template':
        if (rest[0]?.kind !== 'string') return `has {{ template }} without a quoted template name in "${token.source}" ${BLOCK_RULE}`;
        return rest.length > 1 ? this.pipeline(rest.slice(1), token, keyword) : undefined;
      default: // break, continue
        if (rest.length > 0) return `has text after "${keyword}" in "${token.source}" ${BLOCK_RULE}`;
        if (!this.inRange()) return `has {{ ${keyword} }} outside a {{ range }} ${BLOCK_RULE}`;
        return undefined;
    }
  }

  private else(top: Frame | undefined, rest: readonly TemplateWord[], token: TemplateAction): string | undefined {
    if (!top || top.kind === 'define' || top.kind === 'block') return `has {{ else }} outside {{ if }}, {{ range }} or {{ with }} ${BLOCK_RULE}`;
    if (top.sawElse) return `has another {{ else }} after the final {{ else }} of "${excerpt(top.source)}" ${BLOCK_RULE}`;
    if (rest.length === 0) {
      top.sawElse = true;
      // The else branch of range and with runs with the outer dot.
      top.rebound = false;
      return undefined;
    }
    const chained = rest[0];
    const chainKeyword = chained.kind === 'identifier' && chained.fields.length === 0 ? chained.text : '';
    if (chainKeyword !== top.kind || (chainKeyword !== 'if' && chainKeyword !== 'with')) {
      return `has "${token.source}", which Go cannot parse here; use {{ else }}, {{ else if ... }} inside if, or {{ else with ... }} inside with ${BLOCK_RULE}`;
    }
    if (rest.length === 1) return `has {{ else ${chainKeyword} }} without a pipeline ${PIPE_RULE}`;
    top.rebound = false;
    const problem = this.pipeline(rest.slice(1), token, chainKeyword);
    top.rebound = chainKeyword === 'with';
    return problem;
  }

  /** Checks a pipeline: declarations, then commands separated by "|". */
  private pipeline(words: readonly TemplateWord[], token: TemplateAction, context: string): string | undefined {
    let i = 0;
    const first = words[0];
    if (first?.kind === 'variable' && first.fields.length === 0) {
      if (words[1]?.kind === 'declare') {
        this.vars.push(first.text);
        i = 2;
      } else if (words[1]?.kind === 'assign') {
        if (!this.vars.includes(first.text)) return undefinedVariable(first.text);
        i = 2;
      } else if (words[1]?.kind === 'comma' && words[2]?.kind === 'variable' && words[2].fields.length === 0 && words[3]?.kind === 'declare') {
        if (context !== 'range') return `declares two variables in "${token.source}", which only {{ range $i, $v := ... }} may do ${PIPE_RULE}`;
        this.vars.push(first.text, words[2].text);
        i = 4;
      }
    }
    if (i >= words.length) return `has no value in "${token.source}" ${PIPE_RULE}`;

    let commandStart = true;
    for (; i < words.length; i++) {
      const word = words[i];
      const next = words[i + 1];
      switch (word.kind) {
        case 'identifier': {
          const problem = this.identifier(word, token);
          if (problem) return problem;
          break;
        }
        case 'variable':
          if (!this.vars.includes(word.text)) return undefinedVariable(word.text);
          if (word.text === '$' && word.fields.length > 0 && this.dollarIsRoot()) {
            const problem = this.fieldProblem('$.', word.fields);
            if (problem) return problem;
          }
          break;
        case 'field':
          if (this.dotIsRoot()) {
            const problem = this.fieldProblem('.', word.fields);
            if (problem) return problem;
          }
          break;
        case 'pipe':
        case 'open':
          if (word.kind === 'pipe' && commandStart) return `has an empty command before "|" in "${token.source}" ${PIPE_RULE}`;
          if (next === undefined || next.kind === 'pipe' || next.kind === 'close') {
            return `has an empty command after "${word.text}" in "${token.source}" ${PIPE_RULE}`;
          }
          commandStart = true;
          continue;
        case 'declare':
        case 'assign':
        case 'comma':
          return `has "${word.text}" where Go expects a value in "${token.source}"; declare variables at the start: {{ $x := ... }} ${PIPE_RULE}`;
        default:
          break;
      }
      commandStart = false;
    }
    return undefined;
  }

  private identifier(word: TemplateWord, token: TemplateAction): string | undefined {
    if (CONTROL_KEYWORDS.includes(word.text)) {
      return `has the keyword "${word.text}" inside the pipeline "${token.source}"; it must start the action ${BLOCK_RULE}`;
    }
    if (VALUE_KEYWORDS.includes(word.text) || TEMPLATE_BUILTINS.includes(word.text)) return undefined;
    return `calls function "${word.text}", which the controller manager does not provide ${FUNC_RULE}`;
  }

  /** Checks a field chain that starts at the template data (`.X...` at the top level, or `$.X...`). */
  private fieldProblem(prefix: string, fields: readonly string[]): string | undefined {
    const root = fields[0];
    // The common case, a known root and a capitalised field, allocates nothing.
    if (this.roots.includes(root) && fields.length === 1) return undefined;
    if (this.roots.includes(root) && !STRING_ROOTS.includes(root) && /^[A-Z]/.test(fields[1]) && !suggestField(fields)) return undefined;
    const shown = prefix + fields.join('.');
    const roots = this.roots.map((r) => `.${r}`).join(', ');
    const gets = `(templates get ${roots})`;
    if (!this.roots.includes(root)) {
      if (TEMPLATE_ROOTS.includes(root)) return `references "${shown}", which is not available in this template (it only gets ${roots})`;
      const fix = suggestRoot(fields);
      const use = fix && this.roots.includes(fix[0]) ? `; use ${prefix}${fix.join('.')}` : '';
      return `references unknown data "${shown}"${use} ${gets}`;
    }
    if (STRING_ROOTS.includes(root) && fields.length > 1) {
      return `references "${shown}", but ${prefix}${root} is a string without fields; use ${prefix}${root} ${gets}`;
    }
    const fix = suggestField(fields);
    if (fix) {
      const use = this.roots.includes(fix[0]) ? `; use ${prefix}${fix.join('.')}` : '';
      return `references "${shown}", which does not exist${use} ${MOVED_RULE}`;
    }
    return undefined;
  }

  private isTrustDomain(words: readonly TemplateWord[]): boolean {
    const [word] = words;
    if (words.length !== 1 || word.fields.length !== 1 || word.fields[0] !== 'TrustDomain') return false;
    return (word.kind === 'field' && this.dotIsRoot()) || (word.kind === 'variable' && word.text === '$' && this.dollarIsRoot());
  }

  private emit(part: Part): void {
    const last = this.shape[this.shape.length - 1];
    // Control actions render nothing, so the text on both sides of one joins up.
    if ('literal' in part && last !== undefined && 'literal' in last) this.shape[this.shape.length - 1] = { literal: last.literal + part.literal };
    else this.shape.push(part);
  }

  /** Whether output here reaches the rendered result: a define body renders only where it is called. */
  private renders(): boolean {
    return !this.stack.some((f) => f.kind === 'define');
  }

  private dotIsRoot(): boolean {
    return !this.stack.some((f) => f.rebound);
  }

  private dollarIsRoot(): boolean {
    return !this.stack.some((f) => f.kind === 'define' || f.kind === 'block');
  }

  private inRange(): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const kind = this.stack[i].kind;
      if (kind === 'range') return true;
      if (kind === 'define' || kind === 'block') return false;
    }
    return false;
  }
}

function undefinedVariable(name: string): string {
  return `references undefined variable "${name}"; declare it first with {{ ${name} := ... }} ${VAR_RULE}`;
}

// ---------------------------------------------------------------------------------------------
// Shapes: what the rendered text can look like. A value part stands for "some valid characters".

const ID_RULE = '(SPIFFE-ID spec: spiffe://<trust domain>/<path>, segments of [A-Za-z0-9._-] with no empty, "." or ".." segment and no trailing "/")';
const TD_RULE = '(the controller manager only accepts IDs in its own trust domain)';
const WORKLOAD_RULE = '(SPIRE: a workload ID needs a non-empty path outside /spire, which is reserved for SPIRE agents and servers)';
const SELECTOR_RULE = '(SPIRE: a selector is <type>:<value> with both parts non-empty, e.g. k8s:ns:{{ .PodMeta.Namespace }})';
const SCHEME = 'spiffe://';

function show(parts: readonly Part[]): string {
  return parts.map((p) => ('literal' in p ? p.literal : p.value)).join('');
}

/** Bytes the shape renders at least: each value counts as one. */
function minimumBytes(parts: readonly Part[]): number {
  return parts.reduce((n, p) => n + ('literal' in p ? Buffer.byteLength(p.literal) : 1), 0);
}

/** Splits the shape at every literal `separator`: [[parts of piece 0], [parts of piece 1], ...]. */
function splitShape(parts: readonly Part[], separator: string): Part[][] {
  const pieces: Part[][] = [[]];
  for (const part of parts) {
    if (!('literal' in part)) {
      pieces[pieces.length - 1].push(part);
      continue;
    }
    part.literal.split(separator).forEach((text, i) => {
      if (i > 0) pieces.push([]);
      if (text.length > 0) pieces[pieces.length - 1].push({ literal: text });
    });
  }
  return pieces;
}

function literalOnly(parts: readonly Part[]): string | undefined {
  return parts.every((p) => 'literal' in p) ? parts.map((p) => (p as { literal: string }).literal).join('') : undefined;
}

function spiffeIdShapeProblem(shape: readonly Part[], options: SpiffeIdTemplateOptions): string | undefined {
  const workload = options.workload ?? true;
  const head = shape[0];
  const headText = head !== undefined && 'literal' in head ? head.literal : '';
  if (!headText.startsWith(SCHEME)) {
    if (headText.toLowerCase().startsWith(SCHEME)) return `must start with the lowercase scheme "spiffe://" ${ID_RULE}`;
    return `must start with the literal "spiffe://", e.g. spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }} ${ID_RULE}`;
  }
  const rest: Part[] = [{ literal: headText.slice(SCHEME.length) }, ...shape.slice(1)];
  const [trustDomain, ...segments] = splitShape(rest, '/');

  const tdProblem = trustDomainPartProblem(trustDomain, options.trustDomain);
  if (tdProblem) return tdProblem;

  if (segments.length === 0) {
    if (!workload) return lengthProblem(shape);
    return `has no path, but a workload ID needs one, e.g. spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }} ${WORKLOAD_RULE}`;
  }
  for (const part of segments.flat()) {
    if (!('literal' in part)) continue;
    const bad = firstBadChar(part.literal, 'A-Za-z0-9._-');
    if (bad === '?') return `has a query ("?"), which a SPIFFE ID cannot have ${ID_RULE}`;
    if (bad === '#') return `has a fragment ("#"), which a SPIFFE ID cannot have ${ID_RULE}`;
    if (bad === '%') return `contains percent-encoding ("%"), which a SPIFFE ID cannot use ${ID_RULE}`;
    if (bad !== undefined) return `contains ${describeChar(bad)} in its path ${ID_RULE}`;
  }
  if (segments[segments.length - 1].length === 0) return `ends with "/"; remove the trailing slash ${ID_RULE}`;
  if (segments.some((s) => s.length === 0)) return `has an empty path segment ("//") ${ID_RULE}`;
  const dots = segments.map(literalOnly).find((s) => s === '.' || s === '..');
  if (dots !== undefined) return `has a "${dots}" path segment ${ID_RULE}`;
  if (workload && literalOnly(segments[0]) === 'spire') {
    return `has a path under /spire, which SPIRE reserves for its agents and servers; start the path with something else, e.g. /ns/ ${WORKLOAD_RULE}`;
  }
  return lengthProblem(shape);
}

function trustDomainPartProblem(parts: readonly Part[], expected: string | undefined): string | undefined {
  const only = parts[0];
  if (parts.length === 1 && !('literal' in only) && only.trustDomain) return undefined;
  if (parts.length === 0) return `has an empty trust domain after "spiffe://"; use spiffe://{{ .TrustDomain }}/... ${ID_RULE}`;
  const literal = literalOnly(parts);
  if (literal === undefined) {
    const or = expected ? ` or the literal "${expected}"` : ' or the literal trust domain';
    return `builds its trust domain from "${excerpt(show(parts))}"; use {{ .TrustDomain }}${or} ${TD_RULE}`;
  }
  const problem = trustDomainProblem(literal);
  if (problem) return `has the trust domain "${excerpt(literal)}", which ${problem}`;
  if (expected !== undefined && literal !== expected) {
    return `has the literal trust domain "${literal}", not "${expected}"; use {{ .TrustDomain }} (SPIRE only issues IDs in its own trust domain, and the controller manager rejects others)`;
  }
  return undefined;
}

function lengthProblem(shape: readonly Part[]): string | undefined {
  const bytes = minimumBytes(shape);
  if (bytes <= MAX_SPIFFE_ID_BYTES) return undefined;
  return `renders at least ${bytes} bytes, more than ${MAX_SPIFFE_ID_BYTES} (SPIFFE-ID spec: an ID is at most ${MAX_SPIFFE_ID_BYTES} bytes)`;
}

function selectorShapeProblem(shape: readonly Part[]): string | undefined {
  const first = shape[0];
  const last = shape[shape.length - 1];
  if (first !== undefined && 'literal' in first && /^\s/.test(first.literal)) return `has leading white space ${SELECTOR_RULE}`;
  if (last !== undefined && 'literal' in last && /\s$/.test(last.literal)) return `has trailing white space ${SELECTOR_RULE}`;
  const pieces = splitShape(shape, ':');
  if (pieces.length < 2) return `has no literal ":" between type and value; write e.g. k8s:ns:{{ .PodMeta.Namespace }} ${SELECTOR_RULE}`;
  if (pieces[0].length === 0) return `has an empty type before ":" ${SELECTOR_RULE}`;
  // Only the first ":" separates; further ones belong to the value (k8s:pod-label:app:web).
  if (pieces.length === 2 && pieces[1].length === 0) {
    return `has an empty value after "${excerpt(show(pieces[0]))}:" ${SELECTOR_RULE}`;
  }
  return undefined;
}

function dnsShapeProblem(shape: readonly Part[]): string | undefined {
  if (shape.length === 0) return `renders nothing ${SPIRE_DNS_NAME_RULE}`;
  // SPIRE's own check (dns-name.ts), told which text is only known once rendered.
  return dnsNameShapeProblem(shape.map((p) => ('literal' in p ? p.literal : undefined)));
}
