import { lexTemplate, TemplateAction, TemplateToken } from '../../src/spiffe/template-lexer';

function tokens(template: string): readonly TemplateToken[] {
  const result = lexTemplate(template);
  expect(result.problem).toBeUndefined();
  return result.tokens;
}

function words(template: string): Array<[string, string, string]> {
  const action = tokens(template).find((t): t is TemplateAction => t.kind === 'action')!;
  return action.words.map((w) => [w.kind, w.text, w.fields.join('.')]);
}

describe('lexTemplate', () => {
  test('splits text and actions', () => {
    expect(tokens('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}')).toEqual([
      { kind: 'text', text: 'spiffe://' },
      { kind: 'action', source: '{{ .TrustDomain }}', comment: false, words: [{ kind: 'field', text: '', fields: ['TrustDomain'] }] },
      { kind: 'text', text: '/ns/' },
      { kind: 'action', source: '{{ .PodMeta.Namespace }}', comment: false, words: [{ kind: 'field', text: '', fields: ['PodMeta', 'Namespace'] }] },
    ]);
    expect(tokens('')).toEqual([]);
    expect(tokens('no actions')).toEqual([{ kind: 'text', text: 'no actions' }]);
  });

  test('trim markers remove white space next to the action', () => {
    const texts = (template: string) => tokens(template).filter((t) => t.kind === 'text').map((t) => (t as { text: string }).text);
    expect(texts('a \n {{- .PodMeta.Name -}} \t b')).toEqual(['a', 'b']);
    expect(texts('a {{ .PodMeta.Name -}} b')).toEqual(['a ', 'b']);
    expect(texts('a {{- .PodMeta.Name }} b')).toEqual(['a', ' b']);
    expect(texts('   {{- .PodMeta.Name -}}   ')).toEqual([]);
    // "{{-3}}" is the number -3, not a trim marker.
    expect(words('a {{-3}} b')).toEqual([['number', '-3', '']]);
    expect(texts('a {{-3}} b')).toEqual(['a ', ' b']);
  });

  test('comments are whole actions', () => {
    expect(tokens('{{/* x }} y */}}')).toEqual([{ kind: 'action', source: '{{/* x }} y */}}', comment: true, words: [] }]);
    expect(tokens('a {{- /* x */ -}} b')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'action', source: '{{- /* x */ -}}', comment: true, words: [] },
      { kind: 'text', text: 'b' },
    ]);
  });

  test('classifies words', () => {
    expect(words('{{ range $i, $v := .PodMeta.Labels }}')).toEqual([
      ['identifier', 'range', ''], ['variable', '$i', ''], ['comma', ',', ''], ['variable', '$v', ''], ['declare', ':=', ''],
      ['field', '', 'PodMeta.Labels'],
    ]);
    expect(words('{{ $x = $.TrustDomain | printf "%s" }}')).toEqual([
      ['variable', '$x', ''], ['assign', '=', ''], ['variable', '$', 'TrustDomain'], ['pipe', '|', ''], ['identifier', 'printf', ''], ['string', '"%s"', ''],
    ]);
    expect(words('{{ (index .PodMeta.Labels `a}}b`).Name . \'c\' 1.5e-3 0x1F }}')).toEqual([
      ['open', '(', ''], ['identifier', 'index', ''], ['field', '', 'PodMeta.Labels'], ['string', '`a}}b`', ''], ['close', ')', 'Name'],
      ['dot', '.', ''], ['char', '\'c\'', ''], ['number', '1.5e-3', ''], ['number', '0x1F', ''],
    ]);
    expect(words('{{ "a\\"}}b" $c.Name fn.Field .5 }}')).toEqual([
      ['string', '"a\\"}}b"', ''], ['variable', '$c', 'Name'], ['identifier', 'fn', 'Field'], ['number', '.5', ''],
    ]);
    expect(words('{{\n.PodMeta.Name\n}}')).toEqual([['field', '', 'PodMeta.Name']]);
  });

  test.each<[string, RegExp]>([
    ['{{ .A', /^has an unclosed "\{\{" in "\{\{ \.A"/],
    ['{{', /^has an unclosed "\{\{"/],
    ['{{ .A {{ .B }}', /^has an unclosed "\{\{"/],
    ['{{/* x */', /^has an unclosed "\{\{"/],
    ['}}', /^has "\}\}" without an opening "\{\{"/],
    ['{{ .A }} }}', /^has "\}\}" without an opening "\{\{" near "\{\{ \.A \}\} \}\}"/],
    ['{{ (.A }}', /^has a "\(" without a matching "\)" in "\{\{ \(\.A \}\}"/],
    ['{{ .A) }}', /^has a "\)" without a matching "\(" in "\{\{ \.A\) \}\}"/],
    ['{{ "a }}', /^has an unterminated string/],
    ['{{ \'a }}', /^has an unterminated character/],
    ['{{ `a }}', /^has an unterminated raw string/],
    ['{{/* a', /^has an unclosed comment/],
    ['{{/* a */ b }}', /^has a comment followed by more text before "\}\}"/],
    ['{{ /* a */ }}', /^has a comment that does not touch the delimiters/],
    ['{{ .A-}}', /^has "-\}\}" without white space before the "-"/],
    ['{{ .A ; }}', /^contains the character ";" inside the action "\{\{ \.A ; \}\}"/],
    ['{{ .A : .B }}', /^contains the character ":"/],
    ['{{ é }}', /^contains the character "é"/],
    ['{{ - }}', /^contains the character "-"/],
  ])('rejects %j', (template, problem) => {
    expect(lexTemplate(template).problem).toMatch(problem);
    expect(lexTemplate(template).problem).toMatch(/\(Go text\/template: .*\)$/);
  });

  test('an unclosed action at the end of a long template is reported quickly', () => {
    const template = `${'{{ .PodMeta.Name }}'.repeat(50_000)}{{ .PodMeta.Name`;
    const start = Date.now();
    expect(lexTemplate(template).problem).toMatch(/unclosed/);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
