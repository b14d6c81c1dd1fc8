// The manifest reader (src/identity-plan/go-yaml-schema.ts, go-yaml-resolve.ts) against the one
// it replaced (the `yaml` package with version '1.1', the parser cdk8s bundles, same version as
// the devDependency) and against go-yaml v2, which reads manifests for kubectl
// (sigs.k8s.io/yaml): identical JSON on every manifest in the repository and on crafted edge
// cases; where go-yaml v2 and `yaml` 1.1 disagree, go-yaml is the judge and each case says why.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { synthFederationExample } from '../../examples/federation/app';
import { synthIstioExample } from '../../examples/istio/app';
import { synthProduction } from '../../examples/production/synth';
import { synthQuickstart } from '../../examples/quickstart/synth';
import { decodeGoYamlBinary, isGoYamlTimestamp, resolveGoYamlPlain, resolveGoYamlTagged } from '../../src/identity-plan/go-yaml-resolve';
import { loadGoYamlDocuments } from '../../src/identity-plan/go-yaml-schema';
import { manifestObjects, yamlDocuments } from '../../src/identity-plan/yaml-documents';
import { tempDir } from '../util/files';

const root = path.join(__dirname, '..', '..');

/** The reader this one replaced: `yaml` with YAML 1.1, the full Document model, then toJSON. */
function yaml11(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJSON();
  });
}

/** Both readers' documents as JSON text (what the diff and the planner consume). */
function bothAsJson(text: string): { reader: string; yaml11: string } {
  return { reader: JSON.stringify(loadGoYamlDocuments(text)), yaml11: JSON.stringify(yaml11(text)) };
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(entry.name) ? [file] : [];
  });
}

describe('every manifest in the repository reads the same as with `yaml` 1.1', () => {
  const outdir = tempDir('go-yaml-reader-');
  synthQuickstart(path.join(outdir, 'quickstart'));
  synthIstioExample(path.join(outdir, 'istio'));
  synthProduction(path.join(outdir, 'production'));
  synthFederationExample(path.join(outdir, 'federation'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const corpus = [
    ...yamlFiles(path.join(root, 'test', 'fixtures')),
    // The Helm chart's renders (research material beside the repository, when it is there).
    ...yamlFiles(path.join(root, '..', 'shared', 'reference', 'helm-rendered')),
    ...yamlFiles(outdir),
  ];

  test('the corpus has the fixtures and the four examples\' outputs', () => {
    expect(corpus.filter((file) => file.startsWith(outdir)).length).toBeGreaterThanOrEqual(12);
    expect(corpus.filter((file) => file.includes(path.join('test', 'fixtures'))).length).toBeGreaterThanOrEqual(6);
  });

  const nameOf = (file: string): string => (file.startsWith(outdir) ? path.join('examples-output', path.relative(outdir, file))
    : file.startsWith(root + path.sep) ? path.relative(root, file) : path.relative(path.join(root, '..'), file));
  test.each(corpus.map((file) => [nameOf(file), file]))('%s', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const { reader, yaml11: reference } = bothAsJson(text);
    expect(reader.length).toBeGreaterThan(2);
    expect(reader).toBe(reference);
  });
});

/** `v: <text>` read by both: [the reader's value, `yaml` 1.1's value] as JSON values. */
function valueOf(text: string): { reader: unknown; yaml11: unknown } {
  const document = `v: ${text}\n`;
  return { reader: (loadGoYamlDocuments(document)[0] as any).v, yaml11: (yaml11(document)[0] as any).v };
}

describe('scalars both readers resolve alike (go-yaml v2 resolve.go agrees)', () => {
  test.each([
    // resolveMap's booleans, YAML 1.1's: only these spellings.
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((t) => [t, true]),
    ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((t) => [t, false]),
    ['yEs', 'yEs'], ['oN', 'oN'], ['tRUE', 'tRUE'], ['nO', 'nO'],
    // Nulls.
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null], ['nUll', 'nUll'],
    // Ints: strconv.ParseInt base 0 after removing `_`; a leading 0 is octal.
    ['0', 0], ['8081', 8081], ['+12', 12], ['-12', -12], ['0777', 511], ['0x1F', 31], ['-0x1F', -31], ['+0x1f', 31],
    ['0b101', 5], ['-0b101', -5], ['1_000', 1000], ['0x_1F', 31], ['1_', 1], ['00', 0], ['-0', 0],
    // Not octal (8): ParseInt fails, yamlStyleFloat matches: 8.
    ['08', 8], ['09.5', 9.5],
    // Beyond int64 / uint64: floats (JavaScript rounds the same way).
    ['99999999999999999999', 1e20], ['18446744073709551615', 18446744073709551615], ['0x1FFFFFFFFFFFFFFFFF', 0x1FFFFFFFFFFFFFFFFF],
    // Floats.
    ['1.5', 1.5], ['.5', 0.5], ['-.5', -0.5], ['1e3', 1000], ['1E3', 1000], ['1.', 1], ['0.', 0], ['685.230_15e+03', 685230.15], ['1_2.3_4', 12.34],
    ['.inf', Infinity], ['.Inf', Infinity], ['+.inf', Infinity], ['-.INF', -Infinity], ['.nan', NaN], ['.NaN', NaN],
    // Strings, Kubernetes-shaped ones first.
    ['v1.2', 'v1.2'], ['1.33.0', '1.33.0'], ['10.0.0.1', '10.0.0.1'], ['0.0.0.0/0', '0.0.0.0/0'], ['2001:db8::1', '2001:db8::1'],
    ['500m', '500m'], ['1Gi', '1Gi'], ['12h', '12h'], ['80/TCP', '80/TCP'], ['"*"', '*'], ['spiffe://example.org/ns/a', 'spiffe://example.org/ns/a'],
    ['1,000', '1,000'], ['1.5e', '1.5e'], ['0x', '0x'], ['0b', '0b'], ['0o8', '0o8'], ['_1', '_1'], ['+', '+'], ['.iNf', '.iNf'], ['1-2', '1-2'],
    ['0.1.2', '0.1.2'], ['<<', '<<'],
    // Quoted and block scalars are never resolved.
    ['"yes"', 'yes'], ["'0x1F'", '0x1F'], ['"null"', 'null'], ['|\n  yes\n', 'yes\n'], ['>-\n  on\n', 'on'],
    // Explicit tags: resolve() with that tag.
    ['!!int "0x1F"', 31], ['!!str 123', '123'], ['!!str yes', 'yes'], ['!!bool yes', true], ['!!null ""', null], ['!!float 1.5', 1.5],
    // Unknown tags keep the text; `!` is the non-specific tag.
    ['!foo bar', 'bar'], ['! test', 'test'], ['!foo 123', '123'],
  ] as Array<[string, unknown]>)('v: %s', (text, expected) => {
    const { reader, yaml11: reference } = valueOf(text);
    expect(reader).toEqual(expected);
    expect(JSON.stringify(reference)).toBe(JSON.stringify(reader));
  });

  test('keys are resolved too, then made strings (sigs.k8s.io/yaml convertToJSONableObject)', () => {
    const text = 'yes: 1\n0x10: 3\n1.5: 4\noff: 5\n"no": 6\ny: 7\n';
    // `y` is a YAML 1.1 boolean too: the same key as `yes`, and the last one wins.
    expect(loadGoYamlDocuments(text)).toEqual([{ true: 7, 16: 3, 1.5: 4, false: 5, no: 6 }]);
    expect(bothAsJson(text.replace('y: 7\n', '')).reader).toBe(bothAsJson(text.replace('y: 7\n', '')).yaml11);
  });

  test('anchors, aliases and merge keys with explicit keys after the merge (yaml.org/type/merge.html, goyaml.v2 TestMerge)', () => {
    const text = [
      'anchors:',
      // Quoted: a plain y is the boolean true in YAML 1.1.
      '  - &CENTER { x: 1, "y": 2 }',
      '  - &LEFT { x: 0, "y": 2 }',
      '  - &BIG { r: 10 }',
      '  - &SMALL { r: 1 }',
      'mergeOne:',
      '  << : *CENTER',
      '  r: 10',
      'mergeMultiple:',
      '  << : [ *CENTER, *BIG ]',
      'override:',
      '  << : [ *BIG, *LEFT, *SMALL ]',
      '  x: 1',
      'inlineMap:',
      '  << : { x: 1, "y": 2, r: 10 }',
      'inlineSequenceMap:',
      '  << : [ *CENTER, { r: 10 } ]',
      'alias: *CENTER',
      'quotedKey:',
      '  "<<": not a merge',
      '',
    ].join('\n');
    const [document] = loadGoYamlDocuments(text) as any[];
    const want = { x: 1, y: 2, r: 10 };
    for (const name of ['mergeOne', 'mergeMultiple', 'override', 'inlineMap', 'inlineSequenceMap']) expect([name, document[name]]).toEqual([name, want]);
    expect(document.alias).toEqual({ x: 1, y: 2 });
    expect(document.quotedKey).toEqual({ '<<': 'not a merge' });
    expect(bothAsJson(text).reader).toBe(bothAsJson(text).yaml11);
  });

  test('documents: several, empty ones, comments, `...`, a leading %YAML directive', () => {
    const text = '%YAML 1.1\n---\na: 1\n...\n---\n# only a comment\n---\n---\nb: yes\n---\nnull\n';
    expect(bothAsJson(text).reader).toBe(bothAsJson(text).yaml11);
    expect(yamlDocuments(text)).toEqual([{ a: 1 }, { b: true }]);
  });
});

describe('where go-yaml v2 and `yaml` 1.1 disagree, the reader follows go-yaml (kubectl)', () => {
  test.each([
    // Go 1.13+ strconv.ParseInt base 0 accepts 0o/0O, 0X and 0B prefixes; `yaml` 1.1 only 0x, 0b.
    ['0o17', 15, '"0o17"'], ['0O17', 15, '"0O17"'], ['0X1F', 31, '"0X1F"'], ['0B101', 5, '"0B101"'],
    // Every `_` is removed before parsing ints: `0_` is 0 (`yaml` reads NaN); `-_1` is -1.
    ['0_', 0, 'null'], ['-_1', -1, '"-_1"'],
    // First character '.': strconv.ParseFloat, which refuses `_` and a lone dot.
    ['.5_0', '.5_0', '0.5'], ['.', '.', 'null'],
    // No base-60 numbers: "Base 60 floats are a bad idea ... purposefully unsupported" (resolve.go).
    ['1:30', '1:30', '90'], ['190:20:30.15', '190:20:30.15', '685230.15'], ['-1:30', '-1:30', '-90'],
    // ParseFloat's range error leaves the text a string; `yaml` reads Infinity.
    ['1e400', '1e400', 'null'], ['.1e400', '.1e400', 'null'],
    // A signed hex beyond int64: ParseUint refuses the sign, so no big.Int: a string.
    ['-0x1FFFFFFFFFFFFFFFFF', '-0x1FFFFFFFFFFFFFFFFF', '-590295810358705700000'],
    // Timestamps decoded into interface{} stay the text as written (decode.go scalar()); `yaml`
    // made Date objects of them, written back in another form.
    ['2015-01-01', '2015-01-01', '"2015-01-01T00:00:00.000Z"'],
    ['2015-02-24T18:19:39Z', '2015-02-24T18:19:39Z', '"2015-02-24T18:19:39.000Z"'],
    ['2015-02-24 18:19:39', '2015-02-24 18:19:39', '"2015-02-24T18:19:39.000Z"'],
    ['!!timestamp 2015-01-01', '2015-01-01', '"2015-01-01T00:00:00.000Z"'],
    // An int given !!float is converted (resolve()'s deferred check); `yaml` kept the text.
    ['!!float 1', 1, '"1"'],
    // !!binary: the decoded bytes as a string, invalid UTF-8 as U+FFFD per byte (encoding/json).
    ['!!binary gIGC', '\uFFFD\uFFFD\uFFFD', '{"type":"Buffer","data":[128,129,130]}'],
    ['!!binary aGVsbG8=', 'hello', '{"type":"Buffer","data":[104,101,108,108,111]}'],
    // Collections are decoded whatever their tag: !!set is a map of nulls (`yaml`: a Set).
    ['!!set {a, b}', { a: null, b: null }, '{}'],
  ] as Array<[string, unknown, string]>)('v: %s', (text, goYaml, yamlPackageJson) => {
    const { reader, yaml11: reference } = valueOf(text);
    expect(reader).toEqual(goYaml);
    expect(JSON.stringify(reference)).toBe(yamlPackageJson);
    expect(JSON.stringify(reader)).not.toBe(yamlPackageJson);
  });

  test('a repeated key: the last one wins, as in kubectl (non-strict sigs.k8s.io/yaml); `yaml` refused the file', () => {
    // cli-runtime's StreamVisitor uses NewYAMLOrJSONDecoder without WithStrict; goyaml.v2
    // setMapIndex() reports "key ... already set in map" only when strict. kubernetes/kubernetes#99286:
    // a Deployment with `envFrom` twice was applied with the second one.
    const text = 'kind: ConfigMap\ndata:\n  a: "1"\n  a: "2"\nkind: Secret\n';
    expect(loadGoYamlDocuments(text)).toEqual([{ kind: 'Secret', data: { a: '2' } }]);
    expect(() => yaml11(text)).toThrow(/Map keys must be unique/);
  });

  test('a key before `<<` is overwritten by the merge, one after it wins (decode.go mapping(): merges in document order)', () => {
    const text = 'base: &base { a: 2, b: 2 }\nbefore:\n  a: 1\n  <<: *base\nafter:\n  <<: *base\n  a: 1\ntwice:\n  <<: { a: 1 }\n  <<: { a: 2 }\n';
    const [document] = loadGoYamlDocuments(text) as any[];
    expect(document.before).toEqual({ a: 2, b: 2 });
    expect(document.after).toEqual({ a: 1, b: 2 });
    expect(document.twice).toEqual({ a: 2 });
    // YAML's merge spec (and `yaml`): explicit keys win wherever they stand.
    expect((yaml11(text)[0] as any).before).toEqual({ a: 1, b: 2 });
  });

  test('merges apply inside merged maps and sequences, and `<<` as a value stays the text', () => {
    const text = 'inner: &inner { a: 1 }\nouter: &outer { <<: *inner, b: 2 }\nlist:\n  - <<: *outer\n    c: 3\nvalue: <<\nseq: [<<]\n';
    expect(loadGoYamlDocuments(text)).toEqual([{ inner: { a: 1 }, outer: { a: 1, b: 2 }, list: [{ a: 1, b: 2, c: 3 }], value: '<<', seq: ['<<'] }]);
  });

  test('a merge of anything but maps fails as in go-yaml', () => {
    for (const text of ['<<: 1\n', 'a: &a [1]\nb:\n  <<: *a\n', 'b:\n  <<: [ { a: 1 }, 2 ]\n', 'a: &x null\n<<: *x\n']) {
      expect(() => loadGoYamlDocuments(text)).toThrow('map merge requires map or sequence of maps as the value');
    }
  });

  test('explicit standard tags must resolve to their type, as resolve() requires ("cannot decode ... as a ...")', () => {
    for (const text of ['v: !!int abc\n', 'v: !!int 1.5\n', 'v: !!bool 1\n', 'v: !!float yes\n', 'v: !!null 0\n', 'v: !!binary "not base64!"\n', 'v: !!timestamp 2015-13-01\n']) {
      expect(() => loadGoYamlDocuments(text)).toThrow(/cannot resolve a node with !<tag:yaml.org,2002:\w+> explicit tag/);
    }
  });
});

describe('what go-yaml v2 and kubectl do that the reader does not (as the `yaml` reader did not either)', () => {
  test('kubectl refuses a null, sequence or map key ("unsupported map key", "invalid map key"); the reader keeps them as text keys', () => {
    expect(loadGoYamlDocuments('~: 1\n')).toEqual([{ null: 1 }]);
    expect(loadGoYamlDocuments('? [a, b]\n: 1\n')).toEqual([{ 'a,b': 1 }]);
  });

  test('.inf and .nan: kubectl\'s JSON conversion refuses them (json: unsupported value); the reader keeps the number', () => {
    expect(loadGoYamlDocuments('a: .inf\nb: .nan\n')).toEqual([{ a: Infinity, b: NaN }]);
  });
});

describe('resolveGoYamlPlain and friends', () => {
  test('int64 and uint64 bounds: ints; beyond, decimals are floats and hex is a big int', () => {
    expect(resolveGoYamlPlain('9223372036854775807')).toEqual({ tag: '!!int', value: 9223372036854775807 });
    expect(resolveGoYamlPlain('-9223372036854775808')).toEqual({ tag: '!!int', value: -9223372036854775808 });
    expect(resolveGoYamlPlain('18446744073709551615')).toEqual({ tag: '!!int', value: 18446744073709551615 });
    expect(resolveGoYamlPlain('-9223372036854775809')).toEqual({ tag: '!!float', value: -9223372036854775809 });
    expect(resolveGoYamlPlain('0x10000000000000000')).toEqual({ tag: '!!int', value: 2 ** 64 });
    expect(resolveGoYamlPlain('0777777777777777777777777')).toEqual({ tag: '!!float', value: 777777777777777777777777 });
  });

  test('a float that overflows is the text; one that underflows is 0 (Go ParseFloat)', () => {
    expect(resolveGoYamlPlain('1e309')).toEqual({ tag: '!!str', value: '1e309' });
    expect(resolveGoYamlPlain('1e-400')).toEqual({ tag: '!!float', value: 0 });
  });

  test('explicit tags: an int is accepted as a float, nothing else converts', () => {
    expect(resolveGoYamlTagged('!!float', '3')).toEqual({ tag: '!!float', value: 3 });
    expect(resolveGoYamlTagged('!!int', '3.5')).toBeUndefined();
    expect(resolveGoYamlTagged('!!bool', 'on')).toEqual({ tag: '!!bool', value: true });
    expect(resolveGoYamlTagged('!!null', '')).toEqual({ tag: '!!null', value: null });
  });

  test('timestamps: the layouts of parseTimestamp, with Go\'s range checks', () => {
    for (const ok of ['2015-01-01', '2015-1-2', '2015-02-24T18:19:39Z', '2015-02-24t18:19:39.123456789-03:00', '2015-02-24 18:19:39', '2016-02-29']) {
      expect([ok, isGoYamlTimestamp(ok)]).toEqual([ok, true]);
    }
    for (const bad of ['2015-13-01', '2015-02-30', '15-01-01', '2015-02-24T18:19:39', '2015-02-24 25:00:00', '2001-12-14 21:59:43.10 -5', '2015-01-01x']) {
      expect([bad, isGoYamlTimestamp(bad)]).toEqual([bad, false]);
    }
  });

  test('!!binary: padding required, line breaks skipped, invalid UTF-8 byte by byte', () => {
    expect(decodeGoYamlBinary('aGVs\nbG8=')).toBe('hello');
    expect(decodeGoYamlBinary('aGVsbG8')).toBeUndefined();
    // A truncated 3-byte sequence (E2 82) is two invalid bytes to Go, one to WHATWG decoders.
    expect(decodeGoYamlBinary(Buffer.from([0x61, 0xe2, 0x82, 0x62]).toString('base64'))).toBe('a\uFFFD\uFFFDb');
    expect(decodeGoYamlBinary(Buffer.from('é€😀').toString('base64'))).toBe('é€😀');
  });
});

describe('errors', () => {
  test('invalid YAML names the file and says why', () => {
    expect(() => manifestObjects('kind: ConfigMap\n  data: [\n', 'dist/broken.yaml')).toThrow(/^dist\/broken\.yaml: not valid YAML: .+/);
    expect(() => manifestObjects('a: 1\n<<: 2\n', 'merge.yaml')).toThrow('merge.yaml: not valid YAML: map merge requires map or sequence of maps as the value');
  });

  test('a JSON file is read as JSON', () => {
    expect(manifestObjects('{"kind": "ConfigMap", "data": {"a": "yes"}}', 'x.json')).toEqual([{ kind: 'ConfigMap', data: { a: 'yes' } }]);
  });
});
