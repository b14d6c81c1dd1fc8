import { hostNameProblem } from '../../src/spiffe/host-name';

describe('hostNameProblem', () => {
  test.each([
    'example.org',
    'web',
    'web.default.svc.cluster.local',
    '*.example.org',
    'xn--bcher-kva.example',
    'A-1.Example.ORG',
    `${'a'.repeat(63)}.org`,
    Array(4).fill('a'.repeat(62)).join('.') + '.a', // 253 characters
  ])('accepts %s', (value) => {
    expect(hostNameProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['*', /^is a bare wildcard; add the domain it covers/],
    ['example.org.', /^ends with "\."; use "example\.org"/],
    [Array(4).fill('a'.repeat(62)).join('.') + '.ab', /^is 254 characters long, more than 253/],
    ['.example.org', /^starts with "\."/],
    ['bücher.example', /^contains non-ASCII characters; use the punycode \("xn--"\) form/],
    ['a..b', /^has an empty label \("\.\."\)/],
    ['a.*.org', /^has a wildcard label "\*" that is not the first label/],
    ['*.*.org', /^has a wildcard label "\*" that is not the first label/],
    ['w*.example.org', /^has "\*" inside the label "w\*"/],
    [`${'a'.repeat(64)}.org`, /^has the label "a+\.\.\.", which is 64 characters long, more than 63/],
    ['web_1.example.org', /^contains the character "_", which a host name cannot have/],
    ['a b.org', /^contains a space/],
    ['-web.example.org', /^has the label "-web", which starts or ends with "-"/],
    ['web-.example.org', /^has the label "web-", which starts or ends with "-"/],
  ])('rejects %j', (value, problem) => {
    expect(hostNameProblem(value)).toMatch(problem);
    expect(hostNameProblem(value)).toMatch(/\(RFC 1123 host name: ASCII labels .*\)$/);
  });
});
