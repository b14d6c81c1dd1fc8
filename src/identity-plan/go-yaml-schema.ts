// Reads YAML the way kubectl does: js-yaml's parser (fast: about fifteen times the `yaml` package's
// Document model on 10,000 manifests) with go-yaml v2's YAML 1.1 resolution of scalars
// (go-yaml-resolve.ts) and its merge keys, duplicate keys and tags:
// - duplicate keys: kubectl's StreamVisitor (k8s.io/cli-runtime pkg/resource/visitor.go) decodes
//   with NewYAMLOrJSONDecoder without WithStrict, so sigs.k8s.io/yaml's non-strict Unmarshal:
//   goyaml.v2/decode.go setMapIndex() refuses a repeated key only when strict; otherwise the last
//   one wins (goyaml.v2/decode_test.go, unmarshalStrictTests: "a: 1\n9: 2\nnull: 3\n9: 4" gives 9: 4;
//   kubernetes/kubernetes#99286: a Deployment with `envFrom` twice is applied with the second).
//   kubectl's NoDoubleKeySchema checks the JSON that conversion made, where the repeat is gone;
// - merge keys (`<<`): goyaml.v2/decode.go mapping() applies each merge where it stands, in
//   document order (a key before the `<<` is overwritten by the merged map, a key after it
//   wins), and merge() takes a sequence from the last map to the first, so earlier maps win;
// - tags: an unknown tag keeps the scalar's text (resolve() returns it as is), collections are
//   decoded whatever their tag; `!!int` and the like must resolve to that type.
// js-yaml is required on first use only: the quick start never loads it.

import type * as JsYaml from 'js-yaml';
import { decodeGoYamlBinary, GoYamlScalar, isGoYamlTimestamp, resolveGoYamlPlain, resolveGoYamlTagged } from './go-yaml-resolve';

/**
 * What a plain `<<` key becomes while loading: a unique key per occurrence, so js-yaml keeps it
 * in place (its own merge would let explicit keys win wherever they stand) and repeated merges
 * in one mapping do not collide. Replaced after loading by the merge itself.
 */
const MERGE_KEY = '\u0000go-yaml-merge\u0000';

interface GoYamlLoader {
  readonly jsYaml: typeof JsYaml;
  readonly schema: JsYaml.Schema;
}

let loader: GoYamlLoader | undefined;
/** `<<` keys seen by the current load: when none, no merge pass is needed. */
let mergeKeys = 0;

function goYamlLoader(): GoYamlLoader {
  if (loader) return loader;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsYaml = require('js-yaml') as typeof JsYaml;
  const { Type } = jsYaml;
  // js-yaml asks resolve() then construct() for the same text: resolve it once.
  let lastText: string | undefined;
  let last: GoYamlScalar = { tag: '!!str', value: '' };
  const resolvePlain = (text: string): GoYamlScalar => {
    if (text !== lastText) {
      lastText = text;
      last = resolveGoYamlPlain(text);
    }
    return last;
  };
  const plain = new Type('tag:cdk8s-spire,2026:go-yaml-v2-implicit', {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && resolvePlain(data).tag !== '!!str',
    construct: (data: string) => {
      const resolved = resolvePlain(data);
      return resolved.tag === '!!merge' ? `${MERGE_KEY}${mergeKeys++}` : resolved.value;
    },
  });
  const tagged = (tag: '!!null' | '!!bool' | '!!int' | '!!float') => new Type(`tag:yaml.org,2002:${tag.slice(2)}`, {
    kind: 'scalar',
    resolve: (data: string | null) => resolveGoYamlTagged(tag, data ?? '') !== undefined,
    construct: (data: string | null) => resolveGoYamlTagged(tag, data ?? '')!.value,
  });
  const timestamp = new Type('tag:yaml.org,2002:timestamp', {
    kind: 'scalar',
    resolve: (data: string | null) => isGoYamlTimestamp(data ?? ''),
    construct: (data: string) => data,
  });
  const binary = new Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (data: string | null) => decodeGoYamlBinary(data ?? '') !== undefined,
    construct: (data: string | null) => decodeGoYamlBinary(data ?? ''),
  });
  // Any other tag, by prefix '' (every tag): the text of a scalar, a collection as it is.
  const anyScalar = new Type('', { kind: 'scalar', multi: true, construct: (data: string | null) => data ?? '' });
  const anySequence = new Type('', { kind: 'sequence', multi: true, construct: (data: unknown[] | null) => data ?? [] });
  const anyMapping = new Type('', { kind: 'mapping', multi: true, construct: (data: object | null) => data ?? {} });
  const schema = jsYaml.FAILSAFE_SCHEMA.extend({
    implicit: [plain],
    explicit: [tagged('!!null'), tagged('!!bool'), tagged('!!int'), tagged('!!float'), timestamp, binary, anyScalar, anySequence, anyMapping],
  });
  loader = { jsYaml, schema };
  return loader;
}

/**
 * Every document of a YAML stream as sigs.k8s.io/yaml turns it into JSON values (empty documents
 * are `null` or `undefined`). Throws js-yaml's error, or go-yaml's for a merge of a non-map.
 */
export function loadGoYamlDocuments(text: string): unknown[] {
  const { jsYaml, schema } = goYamlLoader();
  mergeKeys = 0;
  // json: a repeated key overwrites the earlier one instead of failing (non-strict go-yaml).
  const documents = jsYaml.loadAll(text, undefined, { schema, json: true });
  if (mergeKeys === 0) return documents;
  const done = new Set<object>();
  return documents.map((document) => applyMerges(document, done));
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__` is an ordinary key in YAML.
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * goyaml.v2/decode.go merge(): a map, or a sequence of maps of which the earlier win (go-yaml
 * walks it last to first, each overwriting); either overwrites the keys already there. Taken
 * first to last here, so keys keep the order they first appear in.
 */
function mergeInto(target: Record<string, unknown>, source: unknown): void {
  const merged = new Set<string>();
  for (const map of Array.isArray(source) ? source : [source]) {
    if (!isMapping(map)) throw new Error('map merge requires map or sequence of maps as the value');
    for (const key of Object.keys(map)) {
      if (merged.has(key)) continue;
      merged.add(key);
      setKey(target, key, map[key]);
    }
  }
}

/** Replaces the merge keys of `node` and everything in it (merged maps first), in place. */
function applyMerges(node: unknown, done: Set<object>): unknown {
  if (typeof node === 'string') return node.startsWith(MERGE_KEY) ? '<<' : node;
  if (typeof node !== 'object' || node === null || done.has(node)) return node;
  done.add(node);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = applyMerges(node[i], done);
    return node;
  }
  const map = node as Record<string, unknown>;
  const keys = Object.keys(map);
  for (const key of keys) {
    const value = applyMerges(map[key], done);
    if (value !== map[key]) setKey(map, key, value);
  }
  if (!keys.some((key) => key.startsWith(MERGE_KEY))) return map;
  const entries = keys.map((key) => [key, map[key]] as const);
  for (const key of keys) delete map[key];
  for (const [key, value] of entries) {
    if (key.startsWith(MERGE_KEY)) mergeInto(map, value);
    else setKey(map, key, value);
  }
  return map;
}
