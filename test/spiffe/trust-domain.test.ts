import { MAX_TRUST_DOMAIN_BYTES, trustDomainProblem } from '../../src/spiffe/trust-domain';

describe('trustDomainProblem', () => {
  test.each([
    'example.org',
    'a',
    'prod-cluster_1.example.org',
    '192.168.0.1',
    'localhost',
    'x'.repeat(MAX_TRUST_DOMAIN_BYTES),
  ])('accepts %s', (value) => {
    expect(trustDomainProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['x'.repeat(MAX_TRUST_DOMAIN_BYTES + 1), /^is 256 bytes long, more than 255/],
    ['Example.org', /^must be lowercase; use "example\.org"/],
    ['spiffe://example.org', /^is a URL, not a trust domain; drop the "spiffe:\/\/" scheme and use "example\.org"/],
    ['https://user@Example.org:8443/path', /drop the "https:\/\/" scheme and use "example\.org"/],
    ['spiffe://', /^is a URL, not a trust domain; drop the "spiffe:\/\/" scheme \(/],
    ['example.org:8443', /^contains ":" \(a port\).*; use "example\.org"/],
    ['user@example.org', /^contains "@" \(user info\).*; use "example\.org"/],
    ['example.org/ns/default', /^contains "\/" \(a path\).*; use "example\.org"/],
    ['exa mple.org', /^contains a space, which a trust domain cannot have/],
    ['example.org\n', /^contains the whitespace character "\\n"/],
    ['exämple.org', /^contains the character "ä"/],
    ['example+org', /^contains the character "\+"/],
  ])('rejects %j', (value, problem) => {
    expect(trustDomainProblem(value)).toMatch(problem);
  });

  test('counts bytes, not characters', () => {
    // 128 two-byte characters are 256 bytes.
    expect(trustDomainProblem('é'.repeat(128))).toMatch(/256 bytes/);
  });

  test('problems follow the phrase conventions', () => {
    for (const value of ['', 'Example.org', 'spiffe://example.org', 'a:1', 'a b']) {
      const problem = trustDomainProblem(value)!;
      expect(problem).toMatch(/^[a-z]/);
      expect(problem).not.toMatch(/\.$/);
      expect(problem).toMatch(/\(SPIFFE-ID spec: a trust domain uses only \[a-z0-9._-\] and at most 255 bytes\)$/);
    }
  });
});
