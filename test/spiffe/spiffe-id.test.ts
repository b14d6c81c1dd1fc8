import { MAX_SPIFFE_ID_BYTES, parseSpiffeId, pathSegmentProblem, spiffeIdProblem } from '../../src/spiffe/spiffe-id';

describe('parseSpiffeId', () => {
  test.each([
    ['spiffe://example.org', { trustDomain: 'example.org', path: '' }],
    ['spiffe://example.org/ns/default/sa/web', { trustDomain: 'example.org', path: '/ns/default/sa/web' }],
    ['spiffe://example.org/', { trustDomain: 'example.org', path: '/' }],
  ])('splits %s', (value, parts) => {
    expect(parseSpiffeId(value)).toEqual(parts);
  });

  test.each(['', 'example.org', 'SPIFFE://example.org', 'https://example.org', 'spiffe://', 'spiffe:///path'])('rejects %j', (value) => {
    expect(parseSpiffeId(value)).toBeUndefined();
  });
});

describe('spiffeIdProblem', () => {
  test.each([
    'spiffe://example.org',
    'spiffe://example.org/ns/default/sa/web',
    'spiffe://example.org/a.b/C_d/e-f/0',
    'spiffe://192.168.0.1/x',
    'spiffe://example.org/spire/agent/k8s_psat/demo/1234',
    `spiffe://example.org/${'a'.repeat(MAX_SPIFFE_ID_BYTES - 'spiffe://example.org/'.length)}`,
  ])('accepts %s', (value) => {
    expect(spiffeIdProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    [`spiffe://example.org/${'a'.repeat(MAX_SPIFFE_ID_BYTES)}`, /^is 2069 bytes long, more than 2048/],
    ['SPIFFE://example.org/x', /^must start with the lowercase scheme "spiffe:\/\/"; use "spiffe:\/\/example\.org\/x"/],
    ['https://example.org/x', /^must start with "spiffe:\/\/", not "https:\/\/"/],
    ['spiffe:example.org', /^must start with "spiffe:\/\/", not "spiffe:"/],
    ['example.org/ns/x', /^must start with "spiffe:\/\/"; use "spiffe:\/\/example\.org\/ns\/x"/],
    ['//bad id', /^must start with "spiffe:\/\/" \(/],
    ['spiffe://example.org/x?y=1', /^has a query/],
    ['spiffe://example.org/x#frag', /^has a fragment/],
    ['spiffe://example.org/a%20b', /^contains percent-encoding/],
    ['spiffe:///ns/x', /^has an empty trust domain/],
    ['spiffe://user@example.org/x', /^has user info \("user@"\)/],
    ['spiffe://example.org:443/x', /^has a port \(":443"\)/],
    ['spiffe://Example.org/x', /^has the trust domain "Example\.org", which must be lowercase; use "example\.org"/],
    ['spiffe://exa_mple!.org/x', /^has the trust domain "exa_mple!\.org", which contains the character "!"/],
    ['spiffe://example.org/', /^ends with "\/"; use "spiffe:\/\/example\.org"/],
    ['spiffe://example.org/ns//x', /^has an empty path segment \("\/\/"\)/],
    ['spiffe://example.org/ns/./x', /^has a "\." path segment/],
    ['spiffe://example.org/ns/../x', /^has a "\.\." path segment/],
    ['spiffe://example.org/ns/a b', /^contains a space in the path segment "a b"/],
    ['spiffe://example.org/ns/a:b', /^contains the character ":" in the path segment "a:b"/],
  ])('rejects %j', (value, problem) => {
    expect(spiffeIdProblem(value)).toMatch(problem);
  });

  test('workload IDs need a path outside /spire', () => {
    const workload = { workload: true };
    expect(spiffeIdProblem('spiffe://example.org/ns/default/sa/web', workload)).toBeUndefined();
    expect(spiffeIdProblem('spiffe://example.org/spireling', workload)).toBeUndefined();
    expect(spiffeIdProblem('spiffe://example.org', workload)).toMatch(/^has no path, but a workload ID needs one/);
    expect(spiffeIdProblem('spiffe://example.org/spire', workload)).toMatch(/^is under \/spire, which SPIRE reserves for its agents and servers/);
    expect(spiffeIdProblem('spiffe://example.org/spire/server', workload)).toMatch(/^is under \/spire/);
    // Without the option, /spire IDs (agents, servers) are fine.
    expect(spiffeIdProblem('spiffe://example.org/spire/server')).toBeUndefined();
  });

  test('the trust domain must match SPIRE\'s when given', () => {
    expect(spiffeIdProblem('spiffe://example.org/x', { trustDomain: 'example.org' })).toBeUndefined();
    expect(spiffeIdProblem('spiffe://other.org/x', { trustDomain: 'example.org' }))
      .toMatch(/^is in trust domain "other\.org", not "example\.org"; use "spiffe:\/\/example\.org\/x" \(SPIRE only issues IDs in its own trust domain\)/);
  });

  test('problems follow the phrase conventions', () => {
    for (const value of ['', 'https://x', 'spiffe://a/b/', 'spiffe://a?b', 'spiffe://A/b']) {
      const problem = spiffeIdProblem(value)!;
      expect(problem).toMatch(/^[a-z]/);
      expect(problem).toMatch(/\)$/);
    }
  });
});

describe('pathSegmentProblem', () => {
  test.each(['demo-cluster', 'Prod_1', 'a.b', '...', 'x'])('accepts %s', (value) => {
    expect(pathSegmentProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['.', /^must not be "\." or "\.\."/],
    ['..', /^must not be "\." or "\.\."/],
    ['a/b', /^contains "\/", which would split it into more than one path segment/],
    ['my cluster', /^contains a space, which a SPIFFE ID path segment cannot have/],
    ['c@1', /^contains the character "@"/],
  ])('rejects %j', (value, problem) => {
    expect(pathSegmentProblem(value)).toMatch(problem);
    expect(pathSegmentProblem(value)).toMatch(/\(SPIFFE-ID spec: a path segment uses only \[A-Za-z0-9._-\] and is not "\." or "\.\."\)$/);
  });
});
