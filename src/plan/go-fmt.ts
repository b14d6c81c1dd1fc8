// Go's fmt.Sprintf as text/template's `printf` calls it, for the values a
// spire-controller-manager template can pass: strings (possibly partly known), ints, bools, nil,
// maps and slices of those. It follows golang/go src/fmt/print.go (doPrintf: flags, `[n]`
// argument indexes, `*` width and precision, %!verb(BADINDEX|MISSING|NOVERB), %!(EXTRA ...),
// badVerb) and src/fmt/format.go (fmtS, fmtQ, fmtSbx, fmtInteger, fmtC, fmtQc, fmtUnicode, pad).
// Verbs and types it does not model make the result unknown rather than guessed; the cases are
// checked against Go by test/plan/go-template/harness.go.

import { GoMap, GoPointer, GoStruct, GoValue, hasPlaceholder, NO_VALUE, OpaqueValue, placeholder, showPlaceholders } from './go-value';
import { knownLength, sliceText, textSegments } from './partial-text';
import { Unknowable } from './template-errors';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid?: number;
  prec?: number;
}

const clearFlags = (): Flags => ({ plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false });

const TOO_LARGE = 1e6;

/** A value's Go type name, as %T and the %!verb(type=value) messages print it. */
export function goTypeName(value: GoValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof GoMap) return 'map[string]string';
  if (value === null || value === NO_VALUE) return '<nil>';
  throw new Unknowable(`needs the Go type of ${describe(value)}, which the plan does not model`);
}

function describe(value: GoValue): string {
  if (value instanceof OpaqueValue) return `<${value.placeholderName}>`;
  if (value instanceof GoStruct) return `a ${value.typeName}`;
  if (Array.isArray(value)) return 'a slice';
  return String(value);
}

/** fmt.Sprintf(format, args...). */
export function goSprintf(format: string, args: readonly GoValue[]): string {
  if (hasPlaceholder(format)) throw new Unknowable(`formats with "${showPlaceholders(format)}", which is only known at run time`);
  const out: string[] = [];
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;
  formatLoop:
  while (i < end) {
    let goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) out.push(format.slice(lasti, i));
    if (i >= end) break;
    i++;
    const f = clearFlags();
    simple:
    for (; i < end; i++) {
      const c = format[i];
      switch (c) {
        case '#': f.sharp = true; break;
        case '0': f.zero = !f.minus; break;
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case ' ': f.space = true; break;
        default:
          if (c >= 'a' && c <= 'z' && argNum < args.length) {
            if (c === 'v') {
              f.sharpV = f.sharp; f.sharp = false; f.plusV = f.plus; f.plus = false;
            }
            out.push(printArg(args[argNum], c, f));
            argNum++;
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }
    const argNumber = (): boolean => {
      if (i >= end || format[i] !== '[') return false;
      reordered = true;
      const close = format.indexOf(']', i + 1);
      const digits = close < 0 ? '' : format.slice(i + 1, close);
      if (format.length - i < 3 || close < 0) {
        // parseArgNumber: no closing bracket; skip the "[".
        goodArgNum = false;
        i += 1;
        return false;
      }
      const ok = /^\d+$/.test(digits) && Number(digits) <= TOO_LARGE;
      const index = ok ? Number(digits) - 1 : -1;
      i = close + 1;
      if (ok && index >= 0 && index < args.length) {
        argNum = index;
        return true;
      }
      goodArgNum = false;
      return ok;
    };
    const parseNum = (): number | undefined => {
      const start = i;
      while (i < end && format[i] >= '0' && format[i] <= '9') i++;
      if (i === start) return undefined;
      const n = Number(format.slice(start, i));
      return n > TOO_LARGE ? undefined : n;
    };
    const intFromArg = (): number | undefined => {
      if (argNum >= args.length) return undefined;
      const value = args[argNum++];
      if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= TOO_LARGE) return value;
      if (typeof value === 'string' && hasPlaceholder(value)) throw new Unknowable(`takes a width or precision from "${showPlaceholders(value)}", which is only known at run time`);
      return undefined;
    };
    let afterIndex = argNumber();
    if (i < end && format[i] === '*') {
      i++;
      const wid = intFromArg();
      if (wid === undefined) {out.push('%!(BADWIDTH)');} else if (wid < 0) {
        f.wid = -wid; f.minus = true; f.zero = false;
      } else {f.wid = wid;}
      afterIndex = false;
    } else {
      const start = i;
      f.wid = parseNum();
      if (afterIndex && i > start) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      afterIndex = argNumber();
      if (i < end && format[i] === '*') {
        i++;
        const prec = intFromArg();
        // A negative precision is no precision, and reported like a bad one.
        if (prec === undefined || prec < 0) out.push('%!(BADPREC)');
        f.prec = prec === undefined || prec < 0 ? undefined : prec;
        afterIndex = false;
      } else {
        f.prec = parseNum() ?? 0;
      }
    }
    if (!afterIndex) afterIndex = argNumber();
    if (i >= end) {
      out.push('%!(NOVERB)');
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {out.push('%');} else if (!goodArgNum) {out.push(`%!${verb}(BADINDEX)`);} else if (argNum >= args.length) {out.push(`%!${verb}(MISSING)`);} else {
      if (verb === 'v') {
        f.sharpV = f.sharp; f.sharp = false; f.plusV = f.plus; f.plus = false;
      }
      out.push(printArg(args[argNum], verb, f));
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a === null || a === NO_VALUE ? '<nil>' : `${goTypeName(a)}=${printArg(a, 'v', clearFlags())}`));
    out.push(`%!(EXTRA ${extra.join(', ')})`);
  }
  return out.join('');
}

function printArg(arg: GoValue, verb: string, f: Flags): string {
  if (arg === null || arg === NO_VALUE) {
    return verb === 'T' || verb === 'v' ? padString('<nil>', f) : badVerb(arg, verb, f);
  }
  // fmt gets the pointer itself: %v prints its address, 0x and hex digits only known at run
  // time (print.go fmtPointer); a pointer to a struct prints as &{...}, which is not modelled.
  if (arg instanceof GoPointer) {
    if (verb === 'v' && !f.sharpV && !(arg.target instanceof GoStruct)) return padString(placeholder('address'), f);
    throw new Unknowable(`prints a pointer with %${verb}, whose text is only known at run time`);
  }
  if (verb === 'T') return fmtS(goTypeName(arg), f);
  if (verb === 'p') throw new Unknowable('prints a pointer (%p), an address only known at run time');
  if (typeof arg === 'boolean') return verb === 't' || verb === 'v' ? padString(String(arg), f) : badVerb(arg, verb, f);
  if (typeof arg === 'number') {
    if (!Number.isInteger(arg)) {
      if (verb === 'v') return padString(floatV(arg), f);
      throw new Unknowable(`formats the float ${arg} with %${verb}, which the plan does not model`);
    }
    return fmtInteger(arg, verb, f);
  }
  if (typeof arg === 'string') return fmtString(arg, verb, f);
  if (arg instanceof OpaqueValue) throw new Unknowable(`prints <${arg.placeholderName}>, which is only known at run time`);
  if (Array.isArray(arg)) {
    if (f.sharpV) throw new Unknowable('prints a slice with %#v, whose Go syntax form is not modelled');
    return `[${arg.map((a) => printArg(a, verb, f)).join(' ')}]`;
  }
  if (arg instanceof GoMap) {
    if (f.sharpV) throw new Unknowable('prints a map with %#v, whose Go syntax form is not modelled');
    const keys = [...arg.entries.keys()].sort();
    return `map[${keys.map((k) => `${printArg(k, verb, f)}:${printArg(arg.entries.get(k)!, verb, f)}`).join(' ')}]`;
  }
  throw new Unknowable(`prints a whole Go struct (${arg.typeName}) with printf, whose text form is not modelled`);
}

function badVerb(arg: GoValue, verb: string, f: Flags): string {
  if (arg === null || arg === NO_VALUE) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${printArg(arg, 'v', f)})`;
}

/** The text padded to the width, in runes; zero padding only on the left (format.go pad). */
function padString(text: string, f: Flags): string {
  if (f.wid === undefined || f.wid === 0) return text;
  const length = knownLength(text, 'runes');
  if (length === undefined) throw new Unknowable(`pads "${showPlaceholders(text)}" to a width, but its length is only known at run time`);
  const padding = f.wid - length;
  if (padding <= 0) return text;
  const fill = (f.zero ? '0' : ' ').repeat(padding);
  return f.minus ? text + ' '.repeat(padding) : fill + text;
}

function truncate(text: string, f: Flags): string {
  if (f.prec === undefined) return text;
  const cut = sliceText(text, 0, f.prec, 'runes');
  if (cut === undefined) throw new Unknowable(`keeps the first ${f.prec} characters of "${showPlaceholders(text)}", where they are only known at run time`);
  return cut;
}

function fmtS(text: string, f: Flags): string {
  return padString(truncate(text, f), f);
}

function fmtString(text: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
      return f.sharpV ? fmtQ(text, f) : fmtS(text, f);
    case 's':
      return fmtS(text, f);
    case 'x':
    case 'X':
      return fmtSx(text, verb, f);
    case 'q':
      return fmtQ(text, f);
    default:
      return badVerb(text, verb, f);
  }
}

function fmtQ(raw: string, f: Flags): string {
  const text = truncate(raw, f);
  const segments = textSegments(text);
  const literal = segments.map((s) => ('text' in s ? s.text : '')).join('');
  if (f.sharp && canBackquote(literal)) return padString(`\`${text}\``, f);
  // Placeholders hold UIDs, hashes, digits and DNS labels: printable ASCII strconv.Quote keeps.
  const quoted = segments.map((s) => ('text' in s ? quoteBody(s.text, f.plus) : `\u0000${s.placeholder}\u0000`)).join('');
  return padString(`"${quoted}"`, f);
}

function canBackquote(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '`' || ch === '\uFEFF') return false;
    if (code < 0x20 && ch !== '\t') return false;
    if (code === 0x7f) return false;
  }
  return true;
}

const ESCAPES: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u000b': '\\v', '\\': '\\\\', '"': '\\"' };

/** strconv.Quote without the quotes (ASCII only with `asciiOnly`, as strconv.QuoteToASCII). */
function quoteBody(text: string, asciiOnly: boolean): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x80) out += ch;
    else if (asciiOnly || !isPrintable(ch)) out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function isPrintable(ch: string): boolean {
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]|\u0020/u.test(ch);
}

function fmtSx(text: string, verb: string, f: Flags): string {
  if (hasPlaceholder(text)) throw new Unknowable(`hex-encodes "${showPlaceholders(text)}", which is only known at run time`);
  const digits = verb === 'x' ? '0123456789abcdef' : '0123456789ABCDEF';
  const bytes = Buffer.from(text);
  let length = bytes.length;
  if (f.prec !== undefined && f.prec < length) length = f.prec;
  let width = 2 * length;
  if (width > 0) {
    if (f.space) {
      if (f.sharp) width *= 2;
      width += length - 1;
    } else if (f.sharp) {
      width += 2;
    }
  } else {
    return f.wid !== undefined ? (f.zero ? '0' : ' ').repeat(f.wid) : '';
  }
  let out = '';
  if (f.wid !== undefined && f.wid > width && !f.minus) out += (f.zero ? '0' : ' ').repeat(f.wid - width);
  if (f.sharp) out += `0${verb}`;
  for (let i = 0; i < length; i++) {
    if (f.space && i > 0) {
      out += ' ';
      if (f.sharp) out += `0${verb}`;
    }
    out += digits[Math.floor(bytes[i] / 16)] + digits[bytes[i] % 16];
  }
  if (f.wid !== undefined && f.wid > width && f.minus) out += ' '.repeat(f.wid - width);
  return out;
}

function fmtInteger(value: number, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
    case 'd':
      return integer(value, 10, verb, f, '0123456789abcdefx');
    case 'b':
      return integer(value, 2, verb, f, '0123456789abcdefx');
    case 'o':
    case 'O':
      return integer(value, 8, verb, f, '0123456789abcdefx');
    case 'x':
      return integer(value, 16, verb, f, '0123456789abcdefx');
    case 'X':
      return integer(value, 16, verb, f, '0123456789ABCDEFX');
    case 'c':
      return pad(runeText(value), f);
    case 'q':
      return fmtQc(value, f);
    case 'U':
      return fmtUnicode(value, f);
    default:
      return badVerb(value, verb, f);
  }
}

/** `pad` of format.go: width counted in runes, zero padding allowed. */
function pad(text: string, f: Flags): string {
  return padString(text, f);
}

function runeText(value: number): string {
  return value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(value);
}

function integer(value: number, base: number, verb: string, f: Flags, digits: string): string {
  const negative = value < 0;
  let u = BigInt(Math.abs(value));
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    if (prec === 0 && u === 0n) return f.wid !== undefined ? ' '.repeat(f.wid) : '';
  } else if (f.zero && f.wid !== undefined) {
    prec = f.wid;
    if (negative || f.plus || f.space) prec--;
  }
  let body = '';
  const b = BigInt(base);
  do {
    body = digits[Number(u % b)] + body;
    u /= b;
  } while (u > 0n);
  while (body.length < prec) body = '0' + body;
  if (f.sharp) {
    if (base === 2) body = '0b' + body;
    else if (base === 8 && body[0] !== '0') body = '0' + body;
    else if (base === 16) body = '0' + digits[16] + body;
  }
  if (verb === 'O') body = '0o' + body;
  if (negative) body = '-' + body;
  else if (f.plus) body = '+' + body;
  else if (f.space) body = ' ' + body;
  return padString(body, { ...f, zero: false });
}

function fmtQc(value: number, f: Flags): string {
  // format.go fmtQc: no backquoted form for runes, whatever the '#' flag.
  const ch = runeText(value);
  const body = ch === "'" ? "\\'" : ch === '"' ? '"' : quoteBody(ch, f.plus);
  return pad(`'${body}'`, f);
}

function fmtUnicode(value: number, f: Flags): string {
  let hex = Math.abs(value).toString(16).toUpperCase();
  const prec = f.prec !== undefined && f.prec > 4 ? f.prec : 4;
  hex = hex.padStart(prec, '0');
  let text = `U+${hex}`;
  if (f.sharp && value >= 0 && value <= 0x10ffff && isPrintable(runeText(value))) text += ` '${runeText(value)}'`;
  return padString(text, { ...f, zero: false });
}

/** %v of a float64: %g with the shortest representation, exponent below 1e-4 or from 1e21. */
function floatV(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa, exp] = value.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(value);
}
