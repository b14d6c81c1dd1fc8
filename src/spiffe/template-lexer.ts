// A small lexer for Go text/template, enough to check the templates spire-controller-manager
// renders. It visits every character once, because one template is often shared by thousands of
// registrations and the whole synth must stay fast.

import { describeChar, excerpt } from './describe';

/** What a word inside an action is. */
export type TemplateWordKind =
  | 'identifier' // a function or keyword: `index`, `if`, `lower`
  | 'field' // `.PodMeta.Name`: a field chain that starts at dot
  | 'variable' // `$`, `$x`, `$.TrustDomain`, `$x.Name`
  | 'dot' // `.` alone
  | 'string' // "..." or `...`
  | 'char' // 'c'
  | 'number'
  | 'open' // (
  | 'close' // ), possibly followed by a field chain: `(...).Name`
  | 'pipe' // |
  | 'comma' // , (only in `range $i, $v := ...`)
  | 'declare' // :=
  | 'assign'; // =

/** One word inside an action. */
export interface TemplateWord {
  readonly kind: TemplateWordKind;
  /** The word as written; for fields, variables and chains only the part before the fields. */
  readonly text: string;
  /** Field names that follow: `.PodMeta.Name` and `$.PodMeta.Name` both give ['PodMeta', 'Name']. */
  readonly fields: readonly string[];
}

/** Literal text, after trim markers have removed white space. */
export interface TemplateText {
  readonly kind: 'text';
  readonly text: string;
}

/** An action `{{ ... }}`. */
export interface TemplateAction {
  readonly kind: 'action';
  /** The action as written, delimiters included (for messages). */
  readonly source: string;
  /** A comment `{{/* ... *\/}}`: it renders nothing and has no words. */
  readonly comment: boolean;
  readonly words: readonly TemplateWord[];
}

export type TemplateToken = TemplateText | TemplateAction;

/** The tokens of a template, or the first problem that stops lexing. */
export interface TemplateLexResult {
  readonly tokens: readonly TemplateToken[];
  readonly problem?: string;
}

const RULE = '(Go text/template: actions are written {{ ... }}, optionally {{- ... -}} to trim white space)';
const NO_FIELDS: readonly string[] = [];

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

// Character classes by code, not regular expressions: these run for every character.
function isIdentStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentChar(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Go's trim markers remove exactly this white space. */
function trimStart(text: string): string {
  let i = 0;
  while (isSpace(text[i])) i++;
  return text.slice(i);
}

function trimEnd(text: string): string {
  let i = text.length;
  while (isSpace(text[i - 1])) i--;
  return text.slice(0, i);
}

/** Splits `template` into text and actions. */
export function lexTemplate(template: string): TemplateLexResult {
  const tokens: TemplateToken[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < template.length) {
    const open = template.indexOf('{{', pos);
    const textEnd = open < 0 ? template.length : open;
    const stray = template.indexOf('}}', pos);
    if (stray >= 0 && stray < textEnd) {
      return {
        tokens,
        problem: `has "}}" without an opening "{{" near "${excerpt(template.slice(Math.max(0, stray - 30), stray + 2))}"; `
          + `add the missing "{{" ${RULE}`,
      };
    }
    let text = template.slice(pos, textEnd);
    if (trimNext) text = trimStart(text);
    if (text.length > 0) tokens.push({ kind: 'text', text });
    if (open < 0) break;

    const action = lexAction(template, open);
    if ('problem' in action) return { tokens, problem: action.problem };
    if (action.trimLeft) trimPrevious(tokens);
    tokens.push(action.token);
    pos = action.end;
    trimNext = action.trimRight;
  }
  return { tokens };
}

function trimPrevious(tokens: TemplateToken[]): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'text') return;
  const text = trimEnd(last.text);
  if (text.length === 0) tokens.pop();
  else tokens[tokens.length - 1] = { kind: 'text', text };
}

interface LexedAction {
  readonly token: TemplateAction;
  readonly end: number;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
}

/** Lexes the action whose `{{` is at `start`. */
function lexAction(s: string, start: number): LexedAction | { readonly problem: string } {
  let p = start + 2;
  // Go's left trim marker is "-" followed by one white-space character.
  const trimLeft = s[p] === '-' && isSpace(s[p + 1]);
  if (trimLeft) p += 2;
  // Built only on failure: slicing the rest of the template for every action would be quadratic.
  const unclosed = () => ({ problem: `has an unclosed "{{" in "${excerpt(s.slice(start, start + 60))}"; close it with "}}" ${RULE}` });
  const sourceAt = (k: number) => {
    const close = s.indexOf('}}', k);
    return s.slice(start, close < 0 ? Math.min(s.length, start + 60) : close + 2);
  };

  // Go only treats "/*" as a comment when it touches the delimiter (or the trim marker).
  if (s.startsWith('/*', p)) {
    const close = s.indexOf('*/', p + 2);
    if (close < 0) return { problem: `has an unclosed comment in "${excerpt(s.slice(start, start + 60))}"; end it with "*/}}" ${COMMENT_RULE}` };
    const q = close + 2;
    const token: TemplateAction = { kind: 'action', source: '', comment: true, words: [] };
    if (s.startsWith('}}', q)) return { token: { ...token, source: s.slice(start, q + 2) }, end: q + 2, trimLeft, trimRight: false };
    if (isSpace(s[q]) && s.startsWith('-}}', q + 1)) return { token: { ...token, source: s.slice(start, q + 4) }, end: q + 4, trimLeft, trimRight: true };
    if (s.indexOf('}}', q) < 0) return unclosed();
    return { problem: `has a comment followed by more text before "}}" in "${excerpt(sourceAt(q))}" ${COMMENT_RULE}` };
  }

  const words: TemplateWord[] = [];
  const word = (kind: TemplateWordKind, text: string, fields: readonly string[] = NO_FIELDS) => words.push({ kind, text, fields });
  let depth = 0;
  let k = p;
  for (;;) {
    if (k >= s.length) return unclosed();
    const c = s[k];

    if (isSpace(c)) {
      if (s.startsWith('-}}', k + 1)) return finish(k + 4, true);
      k++;
    } else if (c === '}' && s[k + 1] === '}') {
      return finish(k + 2, false);
    } else if (c === '{' && s[k + 1] === '{') {
      return unclosed();
    } else if (c === '"' || c === "'") {
      const end = quotedEnd(s, k);
      if (end < 0) return { problem: `has an unterminated ${c === '"' ? 'string' : 'character'} in "${excerpt(s.slice(start, start + 60))}" ${QUOTE_RULE}` };
      word(c === '"' ? 'string' : 'char', s.slice(k, end));
      k = end;
    } else if (c === '`') {
      const end = s.indexOf('`', k + 1);
      if (end < 0) return { problem: `has an unterminated raw string in "${excerpt(s.slice(start, start + 60))}" ${QUOTE_RULE}` };
      word('string', s.slice(k, end + 1));
      k = end + 1;
    } else if (isDigit(c) || ((c === '+' || c === '-') && (isDigit(s[k + 1]) || s[k + 1] === '.')) || (c === '.' && isDigit(s[k + 1]))) {
      const end = numberEnd(s, k);
      word('number', s.slice(k, end));
      k = end;
    } else if (c === '.') {
      if (isIdentStart(s[k + 1])) {
        const chain = fieldsAt(s, k);
        word('field', '', chain.fields);
        k = chain.end;
      } else {
        word('dot', '.');
        k++;
      }
    } else if (c === '$') {
      let end = k + 1;
      while (isIdentChar(s[end])) end++;
      const chain = fieldsAt(s, end);
      word('variable', s.slice(k, end), chain.fields);
      k = chain.end;
    } else if (isIdentStart(c)) {
      let end = k + 1;
      while (isIdentChar(s[end])) end++;
      const chain = fieldsAt(s, end);
      word('identifier', s.slice(k, end), chain.fields);
      k = chain.end;
    } else if (c === '(') {
      depth++;
      word('open', c);
      k++;
    } else if (c === ')') {
      if (--depth < 0) return { problem: `has a ")" without a matching "(" in "${excerpt(sourceAt(k))}" ${PAREN_RULE}` };
      const chain = fieldsAt(s, k + 1);
      word('close', c, chain.fields);
      k = chain.end;
    } else if (c === '|') {
      word('pipe', c);
      k++;
    } else if (c === ',') {
      word('comma', c);
      k++;
    } else if (c === ':' && s[k + 1] === '=') {
      word('declare', ':=');
      k += 2;
    } else if (c === '=') {
      word('assign', c);
      k++;
    } else if (c === '-' && s.startsWith('}}', k + 1)) {
      return { problem: `has "-}}" without white space before the "-" in "${excerpt(sourceAt(k))}"; write " -}}" ${RULE}` };
    } else if (c === '/' && s[k + 1] === '*') {
      return { problem: `has a comment that does not touch the delimiters in "${excerpt(sourceAt(k))}" ${COMMENT_RULE}` };
    } else {
      return { problem: `contains ${describeChar(c)} inside the action "${excerpt(sourceAt(k))}" ${CHAR_RULE}` };
    }
  }

  function finish(end: number, trimRight: boolean): LexedAction | { readonly problem: string } {
    const source = s.slice(start, end);
    if (depth > 0) return { problem: `has a "(" without a matching ")" in "${excerpt(source)}" ${PAREN_RULE}` };
    return { token: { kind: 'action', source, comment: false, words }, end, trimLeft, trimRight };
  }
}

const COMMENT_RULE = '(Go text/template: a comment is a whole action, written {{/* ... */}} or {{- /* ... */ -}})';
const QUOTE_RULE = '(Go text/template: "..." and \'...\' end on the same line; raw strings end with a backquote)';
const PAREN_RULE = '(Go text/template: every "(" in an action needs a matching ")")';
const CHAR_RULE = '(Go text/template: an action holds fields, $variables, function names, literals, "(", ")", "|", ",", ":=" and "=")';

/** Index just past the closing quote of the literal at `start`, or -1 when it is not closed on its line. */
function quotedEnd(s: string, start: number): number {
  const quote = s[start];
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** Go numbers: 42, -1, 0x1F, 1_000, 1.5, .5, 1e-3. */
function numberEnd(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (isIdentChar(c) || c === '.') i++;
    else if ((c === '+' || c === '-') && /[eEpP]/.test(s[i - 1])) i++;
    else break;
  }
  return i;
}

/** The field chain `.A.B` at `start` (possibly none). */
function fieldsAt(s: string, start: number): { readonly fields: readonly string[]; readonly end: number } {
  const fields: string[] = [];
  let i = start;
  while (s[i] === '.' && isIdentStart(s[i + 1])) {
    let end = i + 2;
    while (isIdentChar(s[end])) end++;
    fields.push(s.slice(i + 1, end));
    i = end;
  }
  return { fields: fields.length > 0 ? fields : NO_FIELDS, end: i };
}
