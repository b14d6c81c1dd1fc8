// Executes the Go text/template strings spire-controller-manager renders for each pod
// (pkg/spireentry/entries.go `renderTemplate`: template.New(...).Parse(...), no Funcs, so only
// Go's built-in functions). It follows text/template's exec.go and funcs.go semantics for what
// those templates use: fields, maps, variables, if/with/range/else, define/template/block, the
// comparison and printing functions. A value that only exists at run time renders as a
// placeholder; when the control flow or a function depends on one, the result is "unknown".

import { goSprintf } from './go-fmt';
import { GoMap, GoPointer, GoStruct, GoValue, hasPlaceholder, NO_VALUE, OpaqueValue, placeholder, showPlaceholders } from './go-value';
import { valueEquals } from './label-selector';
import { knownLength, sliceText } from './partial-text';
import { ExecError, Unknowable } from './template-errors';
import { lexTemplate, TemplateToken, TemplateWord } from '../spiffe/template-lexer';

/** What executing a template gave. */
export interface TemplateOutcome {
  /** `rendered`: the text (it may hold run-time placeholders); `unknown`: it depends on run-time values; `error`: Go would fail. */
  readonly status: 'rendered' | 'unknown' | 'error';
  /** The rendered text (status `rendered`). */
  readonly text?: string;
  /** Why it is unknown, or Go's error (status `unknown` / `error`). */
  readonly reason?: string;
}

/** The data a template runs with: Go field name to value. */
export type TemplateData = GoStruct;

class BreakSignal {}
class ContinueSignal {}

interface BlockNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pipe: Pipeline;
  readonly body: Node[];
  readonly otherwise: Node[];
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipeline }
  | BlockNode
  | { readonly kind: 'template'; readonly name: string; readonly pipe?: Pipeline }
  | { readonly kind: 'break' | 'continue' };

interface Pipeline {
  readonly declare: string[];
  readonly assign: boolean;
  readonly commands: Operand[][];
}

type Operand =
  | { readonly kind: 'word'; readonly word: TemplateWord }
  | { readonly kind: 'group'; readonly pipe: Pipeline; readonly fields: readonly string[] };

interface Parsed {
  readonly main: Node[];
  readonly defines: ReadonlyMap<string, Node[]>;
}

// Parsing is memoised: thousands of pods share a handful of templates.
const parsedCache = new Map<string, Parsed | string>();

function parse(template: string): Parsed | string {
  const cached = parsedCache.get(template);
  if (cached !== undefined) return cached;
  let result: Parsed | string;
  try {
    result = new Parser(template).parse();
  } catch (e) {
    result = (e as Error).message;
  }
  if (parsedCache.size > 10_000) parsedCache.clear();
  parsedCache.set(template, result);
  return result;
}

class Parser {
  private readonly defines = new Map<string, Node[]>();
  private tokens: readonly TemplateToken[] = [];
  private pos = 0;

  constructor(private readonly template: string) {}

  public parse(): Parsed {
    const lexed = lexTemplate(this.template);
    if (lexed.problem) throw new Error(`template ${lexed.problem}`);
    this.tokens = lexed.tokens;
    const { nodes, end } = this.list();
    if (end) throw new Error(`unexpected {{ ${end} }}`);
    return { main: nodes, defines: this.defines };
  }

  /** Nodes up to a closing keyword (`end`, `else`), returned with it. */
  private list(): { nodes: Node[]; end?: string; rest?: readonly TemplateWord[] } {
    const nodes: Node[] = [];
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos++];
      if (token.kind === 'text') {
        nodes.push({ kind: 'text', text: token.text });
        continue;
      }
      if (token.comment) continue;
      const [first, ...rest] = token.words;
      const keyword = first?.kind === 'identifier' && first.fields.length === 0 ? first.text : '';
      switch (keyword) {
        case 'end':
        case 'else':
          return { nodes, end: keyword, rest };
        case 'if':
        case 'with':
        case 'range':
          nodes.push(this.block(keyword, rest));
          break;
        case 'define': {
          const body = this.list();
          if (body.end !== 'end') throw new Error('define without end');
          this.defines.set(unquote(rest[0].text), body.nodes);
          break;
        }
        case 'block': {
          const name = unquote(rest[0].text);
          const body = this.list();
          if (body.end !== 'end') throw new Error('block without end');
          this.defines.set(name, body.nodes);
          nodes.push({ kind: 'template', name, pipe: pipeline(rest.slice(1)) });
          break;
        }
        case 'template':
          nodes.push({ kind: 'template', name: unquote(rest[0].text), pipe: rest.length > 1 ? pipeline(rest.slice(1)) : undefined });
          break;
        case 'break':
        case 'continue':
          nodes.push({ kind: keyword });
          break;
        default:
          nodes.push({ kind: 'action', pipe: pipeline(token.words) });
      }
    }
    return { nodes };
  }

  private block(kind: 'if' | 'with' | 'range', header: readonly TemplateWord[]): Node {
    const pipe = pipeline(header);
    const body = this.list();
    let otherwise: Node[] = [];
    if (body.end === 'else') {
      const rest = body.rest ?? [];
      const chained = rest[0]?.kind === 'identifier' && rest[0].fields.length === 0 ? rest[0].text : '';
      if (chained === 'if' || chained === 'with') {
        // {{ else if x }} is {{ else }}{{ if x }}...{{ end }} sharing the outer {{ end }}.
        otherwise = [this.block(chained, rest.slice(1))];
      } else {
        const tail = this.list();
        if (tail.end !== 'end') throw new Error(`${kind} without end`);
        otherwise = tail.nodes;
      }
    } else if (body.end !== 'end') {
      throw new Error(`${kind} without end`);
    }
    return { kind, pipe, body: body.nodes, otherwise };
  }
}

function pipeline(words: readonly TemplateWord[]): Pipeline {
  let i = 0;
  const declare: string[] = [];
  let assign = false;
  const first = words[0];
  if (first?.kind === 'variable' && first.fields.length === 0) {
    if (words[1]?.kind === 'declare' || words[1]?.kind === 'assign') {
      declare.push(first.text);
      assign = words[1].kind === 'assign';
      i = 2;
    } else if (words[1]?.kind === 'comma' && words[3]?.kind === 'declare') {
      declare.push(first.text, words[2].text);
      i = 4;
    }
  }
  const [commands] = commandsOf(words, i, false);
  return { declare, assign, commands };
}

/** Splits words into commands at "|", grouping parentheses; returns the commands and the index after them. */
function commandsOf(words: readonly TemplateWord[], start: number, inGroup: boolean): [Operand[][], number] {
  const commands: Operand[][] = [[]];
  let i = start;
  while (i < words.length) {
    const word = words[i];
    if (word.kind === 'pipe') {
      commands.push([]);
      i++;
    } else if (word.kind === 'open') {
      const [inner, next] = commandsOf(words, i + 1, true);
      const close = words[next - 1];
      commands[commands.length - 1].push({ kind: 'group', pipe: { declare: [], assign: false, commands: inner }, fields: close.fields });
      i = next;
    } else if (word.kind === 'close') {
      if (inGroup) return [commands, i + 1];
      i++;
    } else {
      commands[commands.length - 1].push({ kind: 'word', word });
      i++;
    }
  }
  return [commands, i];
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  if (literal.startsWith("'")) return literal.slice(1, -1);
  return JSON.parse(literal) as string;
}

// ---------------------------------------------------------------------------------------------
// Execution.

interface Scope {
  readonly vars: Map<string, GoValue>;
  readonly parent?: Scope;
}

function lookup(scope: Scope, name: string): GoValue {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.vars.has(name)) return s.vars.get(name)!;
  }
  throw new ExecError(`undefined variable: ${name}`);
}

function setVar(scope: Scope, name: string, value: GoValue): void {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.vars.has(name)) {
      s.vars.set(name, value);
      return;
    }
  }
  throw new ExecError(`undefined variable: ${name}`);
}

/** Executes `template` with `data` the way Go's text/template would. */
export function executeTemplate(template: string, data: TemplateData): TemplateOutcome {
  const parsed = parse(template);
  if (typeof parsed === 'string') return { status: 'error', reason: `does not parse: ${parsed}` };
  const exec = new Executor(parsed.defines);
  try {
    exec.walk(parsed.main, data, { vars: new Map([['$', data]]) });
    return { status: 'rendered', text: exec.out.join('') };
  } catch (e) {
    if (e instanceof Unknowable) return { status: 'unknown', reason: e.message };
    if (e instanceof ExecError) return { status: 'error', reason: e.message };
    if (e instanceof BreakSignal || e instanceof ContinueSignal) return { status: 'error', reason: 'break or continue outside range' };
    throw e;
  }
}

class Executor {
  public readonly out: string[] = [];
  private depth = 0;

  constructor(private readonly defines: ReadonlyMap<string, Node[]>) {}

  public walk(nodes: readonly Node[], dot: GoValue, scope: Scope): void {
    for (const node of nodes) this.node(node, dot, scope);
  }

  private node(node: Node, dot: GoValue, scope: Scope): void {
    switch (node.kind) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const value = this.pipe(node.pipe, dot, scope);
        // printableValue: the action's value is printed through a pointer.
        if (node.pipe.declare.length === 0) this.out.push(printValue(value instanceof GoPointer ? value.target : value));
        return;
      }
      case 'if':
      case 'with': {
        const inner: Scope = { vars: new Map(), parent: scope };
        const value = this.pipe(node.pipe, dot, inner);
        if (truth(value)) this.walk(node.body, node.kind === 'with' ? value : dot, inner);
        else this.walk(node.otherwise, dot, inner);
        return;
      }
      case 'range':
        this.range(node, dot, scope);
        return;
      case 'template': {
        const body = this.defines.get(node.name);
        if (!body) throw new ExecError(`no such template "${node.name}"`);
        if (++this.depth > 100) throw new ExecError('exceeded maximum template depth (100)');
        const value = node.pipe ? this.pipe(node.pipe, dot, scope) : null;
        this.walk(body, value, { vars: new Map([['$', value]]) });
        this.depth--;
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private range(node: BlockNode, dot: GoValue, scope: Scope): void {
    const inner: Scope = { vars: new Map(), parent: scope };
    const [keyVar, valueVar] = node.pipe.declare.length === 2 ? node.pipe.declare : [undefined, node.pipe.declare[0]];
    const value = this.pipe({ ...node.pipe, declare: [] }, dot, inner);
    let items: Array<[GoValue, GoValue]>;
    if (Array.isArray(value)) items = value.map((v, i) => [i, v]);
    else if (value instanceof GoMap) items = [...value.entries.keys()].sort().map((k) => [k, value.entries.get(k)!]);
    else if (typeof value === 'number' && Number.isInteger(value)) items = Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
    else if (value === null || value === NO_VALUE) items = [];
    else if (value instanceof OpaqueValue) throw new Unknowable(`ranges over ${show(value)}, which is only known at run time`);
    else throw new ExecError(`range can't iterate over ${printValue(value)}`);
    if (items.length === 0) {
      this.walk(node.otherwise, dot, inner);
      return;
    }
    for (const [key, item] of items) {
      const body: Scope = { vars: new Map(), parent: inner };
      if (keyVar) body.vars.set(keyVar, key);
      if (valueVar) body.vars.set(valueVar, item);
      try {
        this.walk(node.body, item, body);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
  }

  private pipe(pipe: Pipeline, dot: GoValue, scope: Scope): GoValue {
    let value: GoValue | undefined;
    for (const command of pipe.commands) value = this.command(command, dot, scope, value);
    const result = value ?? null;
    if (pipe.declare.length > 0) {
      if (pipe.assign) setVar(scope, pipe.declare[0], result);
      else scope.vars.set(pipe.declare[0], result);
    }
    return result;
  }

  private command(operands: readonly Operand[], dot: GoValue, scope: Scope, piped: GoValue | undefined): GoValue {
    const [head, ...args] = operands;
    if (head === undefined) throw new ExecError('empty command');
    if (head.kind === 'word' && head.word.kind === 'identifier' && !['nil', 'true', 'false'].includes(head.word.text)) {
      // A missing map key passed to a function arrives as nil (Go prints it as <nil>).
      const evaluate = (a: Operand) => asArgument(this.operand(a, dot, scope));
      if (head.word.text === 'and' || head.word.text === 'or') {
        return shortCircuit(head.word.text, args.map((a) => () => evaluate(a)), piped === undefined ? undefined : asArgument(piped));
      }
      const values = args.map(evaluate);
      if (piped !== undefined) values.push(asArgument(piped));
      const result = callBuiltin(head.word.text, values);
      return head.word.fields.length > 0 ? fieldChain(result, head.word.fields) : result;
    }
    if (args.length > 0 || piped !== undefined) throw new ExecError(`can't give argument to non-function ${describeOperand(head)}`);
    // exec.go evalCommand: a bare nil is not a command.
    if (head.kind === 'word' && head.word.kind === 'identifier' && head.word.text === 'nil') throw new ExecError('nil is not a command');
    return this.operand(head, dot, scope);
  }

  private operand(operand: Operand, dot: GoValue, scope: Scope): GoValue {
    if (operand.kind === 'group') return fieldChain(this.pipe(operand.pipe, dot, scope), operand.fields);
    const word = operand.word;
    switch (word.kind) {
      case 'field':
        return fieldChain(dot, word.fields);
      case 'dot':
        return dot;
      case 'variable':
        return fieldChain(lookup(scope, word.text), word.fields);
      case 'string':
        return unquote(word.text);
      case 'char':
        return unquote(word.text).codePointAt(0) ?? 0;
      case 'number':
        return parseGoNumber(word.text);
      case 'identifier':
        if (word.text === 'nil') return null;
        if (word.text === 'true' || word.text === 'false') return word.text === 'true';
        // A function used as an argument is called with no arguments (Go: evalArg of a function).
        return callBuiltin(word.text, []);
      default:
        throw new ExecError(`unexpected "${word.text}" in operand`);
    }
  }
}

function describeOperand(operand: Operand): string {
  return operand.kind === 'word' ? operand.word.text || `.${operand.word.fields.join('.')}` : '(...)';
}

function parseGoNumber(text: string): number {
  const clean = text.replace(/_/g, '');
  const value = /^[+-]?0[xX]/.test(clean) ? parseInt(clean, 16) : /^[+-]?0[oO]/.test(clean) ? parseInt(clean.replace(/0[oO]/, ''), 8) : Number(clean);
  if (Number.isNaN(value)) throw new ExecError(`bad number syntax: "${text}"`);
  return value;
}

/** Follows `.A.B` from `value`. */
function fieldChain(value: GoValue, fields: readonly string[]): GoValue {
  let current = value;
  for (const name of fields) current = field(current, name);
  return current;
}

function field(value: GoValue, name: string): GoValue {
  // evalField reads a field through a pointer.
  if (value instanceof GoPointer) return field(value.target, name);
  if (value instanceof GoStruct) {
    const result = value.field(name);
    if (result === undefined) throw new ExecError(`can't evaluate field ${name} in type ${value.typeName}`);
    return result;
  }
  if (value instanceof GoMap) return value.entries.has(name) ? value.entries.get(name)! : NO_VALUE;
  if (value instanceof OpaqueValue) throw new Unknowable(`reads .${name} of ${show(value)}, which is only known at run time`);
  if (value === null) throw new ExecError(`nil pointer evaluating .${name}`);
  throw new ExecError(`can't evaluate field ${name} in type ${goType(value)}`);
}

function goType(value: GoValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'slice';
  if (value instanceof GoPointer) return `*${goType(value.target)}`;
  return 'interface {}';
}

function show(value: GoValue): string {
  return value instanceof OpaqueValue ? `<${value.placeholderName}>` : printValue(value);
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
function truth(value: GoValue): boolean {
  if (value instanceof OpaqueValue) throw new Unknowable(`branches on ${show(value)}, which is only known at run time`);
  // A run-time value is never empty here (UIDs, names, hashes): only the literal part could be.
  if (typeof value === 'string' && hasPlaceholder(value)) return true;
  if (value === null || value === NO_VALUE || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof GoMap) return value.entries.size > 0;
  // A non-nil pointer, a struct: true.
  return true;
}

/** Go's fmt %v for the values templates print. */
export function printValue(value: GoValue): string {
  if (value === NO_VALUE) return '<no value>';
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof OpaqueValue) throw new Unknowable(`prints <${value.placeholderName}>, which is only known at run time`);
  // fmt.Sprint gets the pointer itself (print, println): an address only known at run time.
  if (value instanceof GoPointer) {
    if (value.target instanceof GoStruct) throw new Unknowable('prints a pointer to a struct (&{...}), whose text form is not modelled');
    return placeholder('address');
  }
  if (Array.isArray(value)) return `[${value.map(printValue).join(' ')}]`;
  if (value instanceof GoMap) return `map[${[...value.entries.keys()].sort().map((k) => `${k}:${printValue(value.entries.get(k)!)}`).join(' ')}]`;
  throw new Unknowable(`prints a whole Go struct (${value.typeName}), whose text form is not modelled`);
}

/** A value that must be known to compare, measure or index. */
function known(value: GoValue, what: string): GoValue {
  if (value instanceof OpaqueValue) throw new Unknowable(`${what} ${show(value)}, which is only known at run time`);
  if (typeof value === 'string' && hasPlaceholder(value)) throw new Unknowable(`${what} "${showPlaceholders(value)}", which is only known at run time`);
  return value;
}

function callBuiltin(name: string, args: GoValue[]): GoValue {
  switch (name) {
    case 'and':
    case 'or':
      return shortCircuit(name, args.map((a) => () => a), undefined);
    case 'not':
      arity(name, args, 1);
      return !truth(args[0]);
    case 'len': {
      arity(name, args, 1);
      if (typeof args[0] === 'string' && hasPlaceholder(args[0])) {
        // UIDs and generated suffixes have a fixed length: measuring them is still decidable.
        const length = knownLength(args[0], 'bytes');
        if (length === undefined) throw new Unknowable(`measures "${showPlaceholders(args[0])}", whose length is only known at run time`);
        return length;
      }
      const value = known(args[0], 'measures');
      if (typeof value === 'string') return Buffer.byteLength(value);
      if (Array.isArray(value)) return value.length;
      if (value instanceof GoMap) return value.entries.size;
      throw new ExecError(`error calling len: len of type ${goType(value)}`);
    }
    case 'index':
      return index(args);
    case 'slice':
      return slice(args);
    case 'print':
      return sprint(args);
    case 'println':
      return args.map(printValue).join(' ') + '\n';
    case 'printf':
      return sprintf(args);
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return compare(name, args);
    case 'html':
    case 'js':
    case 'urlquery':
      return escape(name, sprint(args));
    case 'call':
      throw new ExecError('error calling call: the controller manager passes no functions in its template data');
    default:
      throw new ExecError(`function "${name}" not defined`);
  }
}

function asArgument(value: GoValue): GoValue {
  return value === NO_VALUE ? null : value;
}

/** and/or: Go 1.18+ evaluates arguments left to right and stops at the first that decides. */
function shortCircuit(name: string, args: Array<() => GoValue>, piped: GoValue | undefined): GoValue {
  const all = piped === undefined ? args : [...args, () => piped];
  if (all.length === 0) throw new ExecError(`wrong number of args for ${name}: want at least 1 got 0`);
  let value: GoValue = null;
  for (let i = 0; i < all.length; i++) {
    value = all[i]();
    if (i < all.length - 1 && truth(value) === (name === 'or')) return value;
  }
  return value;
}

function arity(name: string, args: GoValue[], want: number): void {
  if (args.length !== want) throw new ExecError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
}

function index(args: GoValue[]): GoValue {
  if (args.length === 0) throw new ExecError('wrong number of args for index: want at least 1 got 0');
  let current = args[0];
  for (const rawKey of args.slice(1)) {
    const key = known(rawKey, 'indexes with');
    if (current instanceof OpaqueValue) throw new Unknowable(`indexes ${show(current)}, which is only known at run time`);
    if (current instanceof GoMap) {
      // Go's index returns the zero value for a missing key, unlike a field lookup.
      current = current.entries.has(String(key)) ? current.entries.get(String(key))! : '';
    } else if (Array.isArray(current) || typeof current === 'string') {
      if (typeof key !== 'number') throw new ExecError(`error calling index: cannot index slice/array with type ${goType(key)}`);
      const length = typeof current === 'string' ? Buffer.byteLength(current) : current.length;
      if (key < 0 || key >= length) throw new ExecError(`error calling index: index out of range: ${key}`);
      if (typeof current === 'string') {
        known(current, 'indexes');
        current = Buffer.from(current)[key];
      } else {
        current = current[key];
      }
    } else if (current === null || current === NO_VALUE) {
      throw new ExecError('error calling index: index of untyped nil');
    } else {
      throw new ExecError(`error calling index: can't index item of type ${goType(current)}`);
    }
  }
  return current;
}

function slice(args: GoValue[]): GoValue {
  if (args.length === 0) throw new ExecError('wrong number of args for slice: want at least 1 got 0');
  const bounds = args.slice(1).map((a) => known(a, 'slices at'));
  if (bounds.some((b) => typeof b !== 'number')) throw new ExecError('error calling slice: cannot index slice/array with nil');
  const nums = bounds as number[];
  if (typeof args[0] === 'string' && hasPlaceholder(args[0])) return slicePartial(args[0], nums);
  const value = known(args[0], 'slices');
  if (typeof value === 'string') {
    const bytes = Buffer.from(value);
    if (nums.length > 2) throw new ExecError('error calling slice: cannot 3-index slice a string');
    const [lo = 0, hi = bytes.length] = nums;
    if (lo < 0 || hi < lo || hi > bytes.length) throw new ExecError(`error calling slice: index out of range: ${hi}`);
    return bytes.subarray(lo, hi).toString();
  }
  if (Array.isArray(value)) {
    const [lo = 0, hi = value.length] = nums;
    if (lo < 0 || hi < lo || hi > value.length) throw new ExecError(`error calling slice: index out of range: ${hi}`);
    return value.slice(lo, hi);
  }
  throw new ExecError(`error calling slice: can't slice item of type ${goType(value)}`);
}

/** `slice` of partly known text: decidable when the bounds fall where the characters are known. */
function slicePartial(text: string, nums: number[]): string {
  if (nums.length > 2) throw new ExecError('error calling slice: cannot 3-index slice a string');
  const length = knownLength(text, 'bytes');
  const [lo = 0, hi] = nums;
  if (length !== undefined) {
    const top = hi ?? length;
    if (lo < 0 || top < lo || top > length) throw new ExecError(`error calling slice: index out of range: ${top}`);
  } else if (hi === undefined || hi < lo || lo < 0) {
    throw new Unknowable(`slices "${showPlaceholders(text)}", whose length is only known at run time`);
  }
  const cut = sliceText(text, lo, hi, 'bytes');
  if (cut === undefined) throw new Unknowable(`slices "${showPlaceholders(text)}" where its characters are only known at run time`);
  return cut;
}

/** fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printValue(arg);
  });
  return out;
}

function sprintf(args: GoValue[]): string {
  if (args.length === 0) throw new ExecError('wrong number of args for printf: want at least 1 got 0');
  const format = args[0];
  if (format instanceof OpaqueValue) throw new Unknowable(`formats with ${show(format)}, which is only known at run time`);
  // printf's first parameter is a string: anything else fails the call (exec.go evalArg).
  if (typeof format !== 'string') throw new ExecError(`error calling printf: wrong type for value; expected string; got ${goType(format)}`);
  return goSprintf(format, args.slice(1));
}

function basicKind(value: GoValue): string {
  if (value instanceof GoPointer) return 'pointer';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (value === null || value === NO_VALUE) return 'nil';
  return 'complex';
}

function compare(name: string, rawArgs: GoValue[]): boolean {
  if (rawArgs.length < 2 && name !== 'eq') throw new ExecError(`wrong number of args for ${name}: want 2 got ${rawArgs.length}`);
  if (rawArgs.length < 2) throw new ExecError('missing argument for comparison');
  if (name === 'eq' || name === 'ne') {
    const decided = partialEquality(rawArgs);
    if (decided !== undefined) return name === 'eq' ? decided : !decided;
  }
  const args = rawArgs.map((a) => known(a, 'compares'));
  const [a, ...rest] = args;
  if (name === 'eq') return rest.some((b) => equal(a, b));
  const b = rest[0];
  if (name === 'ne') return !equal(a, b);
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'complex' || kb === 'complex' || ka === 'pointer' || kb === 'pointer' || ka === 'bool') throw new ExecError(`error calling ${name}: invalid type for comparison`);
  if (ka !== kb) throw new ExecError(`error calling ${name}: incompatible types for comparison`);
  const less = (a as number | string) < (b as number | string);
  const same = a === b;
  switch (name) {
    case 'lt': return less;
    case 'le': return less || same;
    case 'gt': return !less && !same;
    default: return !less;
  }
}

/**
 * eq/ne of a partly known string and known strings, when its known characters decide it:
 * `web-<replicaset-hash>-<pod-suffix>` is never "web", and no run-time value is empty.
 */
function partialEquality(args: GoValue[]): boolean | undefined {
  const [a, ...rest] = args;
  if (typeof a !== 'string' || !hasPlaceholder(a)) return undefined;
  if (!rest.every((b) => typeof b === 'string' && !hasPlaceholder(b))) return undefined;
  const results = rest.map((b) => valueEquals(a, b as string));
  if (results.includes('maybe')) throw new Unknowable(`compares "${showPlaceholders(a)}", which is only known at run time`);
  return false;
}

function equal(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'complex' || kb === 'complex') throw new ExecError('error calling eq: non-comparable types');
  if (ka === 'pointer' && kb === 'pointer') throw new Unknowable('compares two pointers, whose addresses are only known at run time');
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw new ExecError('error calling eq: incompatible types for comparison');
  return a === b;
}

function escape(name: string, text: string): string {
  if (hasPlaceholder(text)) throw new Unknowable(`escapes "${showPlaceholders(text)}" with ${name}, which is only known at run time`);
  if (name === 'urlquery') return encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (name === 'html') {
    return text.replace(/[&'<>"\u0000]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\u0000': '\uFFFD' }[c]!));
  }
  return text.replace(/[\\'"<>&=\n\r\t]/g, (c) => ({
    '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  }[c]!));
}

const FUNCTIONS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call']);

/**
 * Why Go's template.Parse rejects `template` (what the ClusterSPIFFEID webhook checks:
 * api/v1alpha1/clusterspiffeid_webhook.go ParseClusterSPIFFEIDSpec), or undefined. Parse checks
 * the structure and that every function exists (text/template/parse/parse.go `function %q not
 * defined`); the controller registers no functions, so only Go's built-ins exist.
 */
export function templateParseProblem(template: string): string | undefined {
  const parsed = parse(template);
  if (typeof parsed === 'string') return parsed;
  let problem: string | undefined;
  const visitPipe = (pipe: Pipeline | undefined) => {
    for (const command of pipe?.commands ?? []) {
      for (const operand of command) {
        if (operand.kind === 'group') {visitPipe(operand.pipe);} else if (operand.word.kind === 'identifier' && !['nil', 'true', 'false'].includes(operand.word.text) && !FUNCTIONS.has(operand.word.text)) {
          problem ??= `function "${operand.word.text}" not defined`;
        }
      }
    }
  };
  const visit = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'action' || node.kind === 'template') {visitPipe(node.pipe);} else if (node.kind === 'if' || node.kind === 'with' || node.kind === 'range') {
        visitPipe(node.pipe);
        visit(node.body);
        visit(node.otherwise);
      }
    }
  };
  visit(parsed.main);
  for (const body of parsed.defines.values()) visit(body);
  return problem;
}
