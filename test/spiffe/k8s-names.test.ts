import {
  anchoredRegexProblem, dns1123LabelProblem, dns1123SubdomainProblem, escapeRegex, labelKeyProblem, labelSelectorProblem,
  labelValueProblem, quantityProblem,
} from '../../src/spiffe/k8s-names';

describe('dns1123LabelProblem', () => {
  test.each(['spire-system', 'a', '0', 'a1-b2', 'x'.repeat(63)])('accepts %s', (value) => {
    expect(dns1123LabelProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['x'.repeat(64), /^is 64 characters long, more than 63/],
    ['Spire-System', /^must be lowercase; use "spire-system"/],
    ['Spire_System', /^must be lowercase \(/],
    ['spire.system', /^contains the character "\."/],
    ['spire_system', /^contains the character "_"/],
    ['-spire', /^must start and end with an alphanumeric character/],
    ['spire-', /^must start and end with an alphanumeric character/],
  ])('rejects %j', (value, problem) => {
    expect(dns1123LabelProblem(value)).toMatch(problem);
    expect(dns1123LabelProblem(value)).toMatch(/\(Kubernetes: an RFC 1123 label .*\)$/);
  });
});

describe('dns1123SubdomainProblem', () => {
  test.each(['spire-server', 'csi.spiffe.io', 'a.b-c.d0', 'x'.repeat(253)])('accepts %s', (value) => {
    expect(dns1123SubdomainProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['x'.repeat(254), /^is 254 characters long, more than 253/],
    ['CSI.spiffe.io', /^must be lowercase; use "csi\.spiffe\.io"/],
    ['csi..spiffe.io', /^has an empty part/],
    ['.csi', /^has an empty part/],
    ['csi.', /^has an empty part/],
    ['csi_driver', /^contains the character "_"/],
    ['csi.-spiffe', /^must start and end each dot-separated part with an alphanumeric character/],
  ])('rejects %j', (value, problem) => {
    expect(dns1123SubdomainProblem(value)).toMatch(problem);
    expect(dns1123SubdomainProblem(value)).toMatch(/\(Kubernetes: an RFC 1123 subdomain .*\)$/);
  });
});

describe('labelKeyProblem', () => {
  test.each(['app', 'app.kubernetes.io/name', 'spiffe.io/spire-managed-identity', 'A_b.C-d', 'x'.repeat(63), `${'p'.repeat(253)}/n`])(
    'accepts %s', (value) => {
      expect(labelKeyProblem(value)).toBeUndefined();
    },
  );

  test.each<[string, RegExp]>([
    ['', /^must not be empty \(Kubernetes: a label key/],
    ['a/b/c', /^contains more than one "\/"/],
    ['/name', /^has an empty prefix before "\/"/],
    ['Example.com/name', /^has the prefix "Example\.com", which must be lowercase; use "example\.com" \(Kubernetes: an RFC 1123 subdomain/],
    ['example.com/', /^has an empty name after "\/"/],
    ['x'.repeat(64), /^has a name 64 characters long, more than 63/],
    ['-app', /^has the name "-app", which must start and end with an alphanumeric character \(Kubernetes: a label key/],
    ['app name', /^has the name "app name", which contains a space/],
  ])('rejects %j', (value, problem) => {
    expect(labelKeyProblem(value)).toMatch(problem);
  });
});

describe('labelValueProblem', () => {
  test.each(['', 'web', 'v1.2_3-x', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['x'.repeat(64), /^is 64 characters long, more than 63/],
    ['web-', /^must start and end with an alphanumeric character/],
    ['a/b', /^contains the character "\/"/],
  ])('rejects %j', (value, problem) => {
    expect(labelValueProblem(value)).toMatch(problem);
    expect(labelValueProblem(value)).toMatch(/\(Kubernetes: a label value .*\)$/);
  });
});

describe('labelSelectorProblem', () => {
  test.each([
    {},
    { matchLabels: { 'app': 'web', 'app.kubernetes.io/name': 'payments', 'empty': '' } },
    {
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['a', 'b'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'istio.io/rev', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
      ],
    },
  ])('accepts %j', (selector) => {
    expect(labelSelectorProblem(selector)).toBeUndefined();
  });

  test.each<[object, RegExp]>([
    [{ matchLabels: { 'bad key': 'x' } }, /^has the matchLabels key "bad key", which has the name "bad key", which contains a space/],
    [{ matchLabels: { app: 'bad value' } }, /^has the matchLabels value "bad value" for key "app", which contains a space/],
    [{ matchExpressions: [{ key: '-x', operator: 'Exists' }] }, /^has matchExpressions\[0\] with the key "-x", which/],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'app', operator: 'in', values: ['x'] }] },
      /^has matchExpressions\[1\] \(key "app"\) with the unknown operator "in"; use In \(Kubernetes: operators are In, NotIn, Exists and DoesNotExist/],
    [{ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }, /with the unknown operator "Equals" \(Kubernetes/],
    [{ matchExpressions: [{ key: 'app', operator: 'In' }] }, /^has matchExpressions\[0\] \(key "app"\) with operator In but no values/],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] }, /with operator NotIn but no values/],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, /with operator Exists and values; remove the values/],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['x'] }] }, /with operator DoesNotExist and values/],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['ok', 'not ok'] }] }, /^has matchExpressions\[0\] \(key "app"\) with the value "not ok", which contains a space/],
  ])('rejects %j', (selector, problem) => {
    expect(labelSelectorProblem(selector)).toMatch(problem);
  });
});

describe('quantityProblem', () => {
  test.each(['100m', '128Mi', '1.5', '1e3', '1E3', '2Gi', '0', '500k', '1.5Gi', '+1', '.5', '1E', '3n', '12u', '1e-3'])('accepts %s', (value) => {
    expect(quantityProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['abc', /^is not a Kubernetes quantity/],
    ['1 Gi', /^is not a Kubernetes quantity/],
    ['-1', /^must not be negative/],
    ['-100m', /^must not be negative/],
    ['1..5', /^has the malformed number "1\.\.5"/],
    ['.', /^has the malformed number "\."/],
    ['128mi', /^has the unknown suffix "mi" \(Kubernetes suffixes/],
    ['1K', /^has the unknown suffix "K"; use "1k"/],
    ['1ki', /^has the unknown suffix "ki"; use "1Ki"/],
    ['1MM', /^has the unknown suffix "MM"/],
  ])('rejects %j', (value, problem) => {
    expect(quantityProblem(value)).toMatch(problem);
    expect(quantityProblem(value)).toMatch(/\)$/);
  });
});

describe('anchoredRegexProblem', () => {
  test.each(['^kube-system$', '^kube-.*$', '^(?:a|b)$', '^a\\|b$', '^spire\\$$', '^[|]$'])('accepts %s', (value) => {
    expect(anchoredRegexProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty; an empty pattern matches every namespace/],
    ['kube-system', /^must be anchored; use "\^kube-system\$" \(the controller manager matches ignoreNamespaces with Go regexp\.MatchString, which is unanchored/],
    ['^kube-system', /^must be anchored; use "\^kube-system\$"/],
    ['kube-system$', /^must be anchored; use "\^kube-system\$"/],
    ['^kube\\$', /^must be anchored; use "\^kube\\\$\$"/],
    ['a|b', /^must be anchored; use "\^\(\?:a\|b\)\$"/],
    ['^a|b$', /^anchors only its first and last alternative; use "\^\(\?:a\|b\)\$"/],
    ['^(a$', /^does not compile as a regular expression \(/],
    ['^(?=a).*$', /^uses a lookaround, which the controller manager cannot compile \(Go regexp is RE2/],
    ['^(?<!a)b$', /^uses a lookaround/],
    ['^(a)\\1$', /^uses a backreference/],
  ])('rejects %j', (value, problem) => {
    expect(anchoredRegexProblem(value)).toMatch(problem);
  });

  test('suggestions are themselves valid', () => {
    for (const value of ['kube-system', 'a|b', '^a|b$']) {
      const suggestion = /use "([^"]*)"/.exec(anchoredRegexProblem(value)!)![1];
      expect(anchoredRegexProblem(suggestion)).toBeUndefined();
    }
  });
});

describe('escapeRegex', () => {
  test.each(['kube-system', 'a.b', 'x+y*z?', '^$', '(a)[b]{c}', 'a|b\\c'])('%s matches only itself once anchored', (value) => {
    const pattern = `^${escapeRegex(value)}$`;
    expect(anchoredRegexProblem(pattern)).toBeUndefined();
    expect(new RegExp(pattern).test(value)).toBe(true);
    expect(new RegExp(pattern).test(`${value}x`)).toBe(false);
  });

  test('escapes dots', () => {
    expect(escapeRegex('a.b')).toBe('a\\.b');
    expect(new RegExp(`^${escapeRegex('a.b')}$`).test('axb')).toBe(false);
  });
});
