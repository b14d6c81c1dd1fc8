// What a YAML scalar means to Kubernetes. kubectl reads manifests with sigs.k8s.io/yaml, which
// decodes with go-yaml v2 (YAML 1.1 implicit types) and converts the result to JSON:
// - kubernetes-sigs/yaml goyaml.v2/resolve.go, resolve(): the table of words (y/yes/on/true,
//   n/no/off/false, ~/null, .inf/.nan, `<<`), then by first character: ints through Go's
//   strconv.ParseInt/ParseUint with base 0 after removing every `_`, then floats matching
//   yamlStyleFloat, then (unsigned, out of uint64 range) big ints; no sexagesimal numbers
//   ("Base 60 floats are a bad idea ... purposefully unsupported"); anything else is a string;
// - goyaml.v2/decode.go, scalar(): a timestamp decoded into interface{} stays the string as
//   written ("for backward compatibility reasons we set it as a string"); `!!binary` is base64
//   decoded into a string.
// Pure functions, no YAML parser here: go-yaml-schema.ts wires them into js-yaml.

/** A scalar resolved the way go-yaml v2 does: its YAML tag (short form) and its JSON value. */
export interface GoYamlScalar {
  readonly tag: '!!null' | '!!bool' | '!!int' | '!!float' | '!!str' | '!!merge';
  readonly value: null | boolean | number | string;
}

const STRING_TAG = '!!str';

/** resolve.go's resolveMap: words resolved by table lookup. */
const WORDS: ReadonlyMap<string, GoYamlScalar> = (() => {
  const words = new Map<string, GoYamlScalar>();
  const add = (tag: GoYamlScalar['tag'], value: GoYamlScalar['value'], spellings: string[]) => {
    for (const spelling of spellings) words.set(spelling, { tag, value });
  };
  add('!!bool', true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
  add('!!bool', false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
  add('!!null', null, ['', '~', 'null', 'Null', 'NULL']);
  add('!!float', NaN, ['.nan', '.NaN', '.NAN']);
  add('!!float', Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
  add('!!float', -Infinity, ['-.inf', '-.Inf', '-.INF']);
  add('!!merge', '<<', ['<<']);
  return words;
})();

/**
 * resolve.go's resolveTable, by first character: 'S' sign, 'D' digit, 'M' (in the table only),
 * '.' (float or table); any other first character makes a string.
 */
function hint(first: string): 'S' | 'D' | 'M' | '.' | undefined {
  if (first >= '0' && first <= '9') return 'D';
  if (first === '+' || first === '-') return 'S';
  if (first === '.') return '.';
  if ('yYnNtTfFoO~'.includes(first)) return 'M';
  return undefined;
}

/** resolve.go's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseFloat accepts of a text that starts with '.' (no `_`: only with a base prefix). */
const GO_FLOAT_FROM_DOT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN_MAGNITUDE = 2n ** 63n;
const INT64_MAX = INT64_MIN_MAGNITUDE - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Outcome of Go's strconv.ParseUint(s, 0, 64): the value, or which error. */
type ParsedUint = { readonly value: bigint } | { readonly error: 'syntax' | 'range' };

/**
 * Go's strconv.ParseUint(s, 0, 64) (Go 1.13+ base prefixes): `0x`/`0X` hex, `0b`/`0B` binary,
 * `0o`/`0O` octal, a leading `0` octal, otherwise decimal; no sign; every digit valid.
 */
function goParseUint(s: string): ParsedUint {
  if (s.length === 0) return { error: 'syntax' };
  let radix = 10;
  let digits = s;
  if (s[0] === '0') {
    const prefix = s.length >= 3 ? s[1].toLowerCase() : '';
    if (prefix === 'b') [radix, digits] = [2, s.slice(2)];
    else if (prefix === 'o') [radix, digits] = [8, s.slice(2)];
    else if (prefix === 'x') [radix, digits] = [16, s.slice(2)];
    else [radix, digits] = [8, s.slice(1)];
  }
  const valid = radix === 16 ? /^[0-9a-fA-F]*$/ : radix === 10 ? /^[0-9]*$/ : radix === 8 ? /^[0-7]*$/ : /^[01]*$/;
  if (!valid.test(digits)) return { error: 'syntax' };
  if (digits.length === 0) return { value: 0n }; // only "0" gets here
  const value = BigInt(radix === 10 ? digits : `0${radix === 16 ? 'x' : radix === 8 ? 'o' : 'b'}${digits}`);
  return value > UINT64_MAX ? { error: 'range' } : { value };
}

/** Go's strconv.ParseInt(s, 0, 64): an optional sign, then ParseUint's syntax, within int64. */
function goParseInt(s: string): ParsedUint {
  const negative = s[0] === '-';
  const magnitude = goParseUint(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
  if (!('value' in magnitude)) return magnitude;
  if (negative ? magnitude.value > INT64_MIN_MAGNITUDE : magnitude.value > INT64_MAX) return { error: 'range' };
  return { value: negative ? -magnitude.value : magnitude.value };
}

/** A float as Go's ParseFloat returns it without error: overflow to ±Inf is an error there. */
function finiteFloat(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A small decimal, the common case (ports, replicas): no leading zero (octal), no sign, no `_`. */
const SMALL_DECIMAL = /^(0|[1-9][0-9]{0,14})$/;

/**
 * A plain (unquoted, untagged) scalar as go-yaml v2 resolves it and sigs.k8s.io/yaml puts it
 * into JSON. Integers beyond 2^53 lose precision as JSON numbers do in JavaScript.
 */
export function resolveGoYamlPlain(text: string): GoYamlScalar {
  const word = WORDS.get(text);
  if (word) return word;
  const kind = hint(text[0]);
  if (kind === undefined || kind === 'M') return { tag: STRING_TAG, value: text };
  if (kind === '.') {
    const value = GO_FLOAT_FROM_DOT.test(text) ? finiteFloat(text) : undefined;
    return value === undefined ? { tag: STRING_TAG, value: text } : { tag: '!!float', value };
  }
  if (SMALL_DECIMAL.test(text)) return { tag: '!!int', value: Number(text) };
  // A timestamp (parseTimestamp) is tried first in resolve(), but decoded into interface{} it
  // is the string as written, and no timestamp is also an int or a float: not needed here.
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const signed = goParseInt(plain);
  if ('value' in signed) return { tag: '!!int', value: Number(signed.value) };
  const unsigned = goParseUint(plain);
  if ('value' in unsigned) return { tag: '!!int', value: Number(unsigned.value) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = finiteFloat(plain);
    if (value !== undefined) return { tag: '!!float', value };
  }
  // resolve.go: an unsigned int out of uint64 range is a big.Int (SetString base 0). Decimal
  // and 0-prefixed octal ones matched yamlStyleFloat above, so this is 0x, 0o or 0b, which
  // BigInt reads the same way; JSON has it exactly, JavaScript rounds it.
  if ('error' in unsigned && unsigned.error === 'range') return { tag: '!!int', value: Number(BigInt(plain)) };
  return { tag: STRING_TAG, value: text };
}

/**
 * A scalar with an explicit standard tag (`!!int "8080"`, `!!str 8080`), as resolve() checks it:
 * the text must resolve to that tag (an int is accepted as a float); `undefined` when go-yaml
 * fails with "cannot decode ... as a ...".
 */
export function resolveGoYamlTagged(tag: '!!null' | '!!bool' | '!!int' | '!!float', text: string): GoYamlScalar | undefined {
  const resolved = resolveGoYamlPlain(text);
  if (resolved.tag === tag) return resolved;
  if (tag === '!!float' && resolved.tag === '!!int') return { tag, value: resolved.value };
  return undefined;
}

/**
 * Go's time.Parse of the layouts goyaml.v2/resolve.go's parseTimestamp allows
 * ("2006-1-2T15:4:5.999999999Z07:00", the same with `t`, "2006-1-2 15:4:5.999999999",
 * "2006-1-2"), for an explicit `!!timestamp`; decoded into interface{} it stays the string.
 */
export function isGoYamlTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  const [hour, minute, second] = [match[4] ?? match[7], match[5] ?? match[8], match[6] ?? match[9]].map((v) => Number(v ?? 0));
  return hour < 24 && minute < 60 && second < 60;
}

/**
 * `!!binary`: Go's base64.StdEncoding.DecodeString (padding required; line breaks skipped),
 * the bytes as a Go string, which encoding/json writes with each byte of invalid UTF-8
 * replaced by U+FFFD. `undefined` for invalid base64 ("!!binary value contains invalid base64 data").
 */
export function decodeGoYamlBinary(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return goJsonString(Buffer.from(compact, 'base64'));
}

/** encoding/json's view of a Go string of bytes: valid UTF-8 kept, each invalid byte U+FFFD. */
function goJsonString(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const size = utf8SequenceLength(bytes, i);
    if (size === 0) {
      out += '\uFFFD';
      i += 1;
    } else {
      out += bytes.toString('utf8', i, i + size);
      i += size;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i` (Go's utf8.DecodeRune), 0 when invalid. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf) => i + k < bytes.length && bytes[i + k] >= low && bytes[i + k] <= high;
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
