// The DNS names of SPIRE entries, checked as SPIRE server 1.15 checks them: spiffe/spire
// pkg/common/x509util/dns.go ValidateLabel (idna with StrictDomainName(false), after lowering
// case), called by pkg/server/api/entry.go. The constructs, the template checks and the identity
// plan all use this one check.
import { dnsNameProblem, dnsNameShapeProblem } from '../../src/spiffe/dns-name';
import { dnsNameTemplateProblem } from '../../src/spiffe/template';

describe('dnsNameProblem: SPIRE x509util.ValidateLabel', () => {
  test.each([
    'example.org',
    'web',
    'web.default.svc.cluster.local',
    '*.example.org',
    'xn--bcher-kva.example',
    'A-1.Example.ORG', // lowered before idna (RFC 4343)
    'web_1.example.org', // no STD3 rule: "_" is accepted
    '_grpc._tcp.example.org',
    '1.2.3.4',
    ' padded.example.org ', // TrimSpace
    `${'a'.repeat(63)}.org`,
    Array(4).fill('a'.repeat(62)).join('.') + '.a', // 253 characters
  ])('accepts %j', (value) => {
    expect(dnsNameProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^is empty \("empty or only whitespace"\)/],
    ['   ', /^is empty/],
    ['*', /^has a "\*" that is not a leading "\*\." label \("wildcard must be first label"\)/],
    ['*.', /^is empty/],
    ['example.org.', /^ends with "\." \("domain ends with dot"\)/],
    [Array(4).fill('a'.repeat(62)).join('.') + '.ab', /^is 254 characters long, more than 253/],
    ['.example.org', /^has an empty label/],
    ['bücher.example', /^is not ASCII \("name must be ascii"\); use the punycode/],
    ['a..b', /^has an empty label/],
    ['a.*.org', /^has a "\*" that is not a leading/],
    ['*.*.org', /^has more than one "\*" \("too many wildcards"\)/],
    ['w*.example.org', /^has a "\*" that is not a leading/],
    [`${'a'.repeat(64)}.org`, /^has the label "a+\.\.\.", of 64 characters, more than 63/],
    ['-web.example.org', /^has the label "-web", which starts or ends with "-" \(idna CheckHyphens\)/],
    ['web-.example.org', /^has the label "web-", which starts or ends with "-"/],
    ['ab--cd.example.org', /^has the label "ab--cd", with "--" in positions 3 and 4/],
    ['xn--abc.org', /^has the label "xn--abc", which is not valid punycode/],
  ])('refuses %j', (value, problem) => {
    expect(dnsNameProblem(value)).toMatch(problem);
    expect(dnsNameProblem(value)).toMatch(/\(SPIRE server: pkg\/common\/x509util\/dns\.go ValidateLabel: .*"_" and upper case are accepted\)$/);
  });
});

describe('dnsNameShapeProblem: a name partly known before run time', () => {
  test.each<[Array<string | undefined>]>([
    [[undefined, '.shop.svc']],
    [['web-', undefined, '.shop']], // the run-time text ends the label
    [[undefined, 'b--c.example.org']], // positions 3-4 depend on the run-time text
    [['xn--', undefined, '.org']], // whether it is punycode is known only at run time
    [['a'.repeat(60), undefined, '.org']], // the run-time text may be short
  ])('does not refuse %j', (pieces) => {
    expect(dnsNameShapeProblem(pieces)).toBeUndefined();
  });

  test.each<[Array<string | undefined>, RegExp]>([
    [['-', undefined, '.shop'], /starts or ends with "-"/],
    [[undefined, '-.shop'], /starts or ends with "-"/],
    [[undefined, '.shop.'], /ends with "\."/],
    [[undefined, '..shop'], /empty label/],
    [['ab--', undefined], /"--" in positions 3 and 4/],
    [[undefined, '.*.org'], /not a leading "\*\."/],
    [['a'.repeat(64), undefined], /of at least 64 characters/],
  ])('refuses %j', (pieces, problem) => {
    expect(dnsNameShapeProblem(pieces)).toMatch(problem);
  });
});

describe('dnsNameTemplateProblem uses the same check', () => {
  test('accepts "_" as SPIRE does', () => {
    expect(dnsNameTemplateProblem('{{ .PodMeta.Name }}_grpc.{{ .PodMeta.Namespace }}.svc')).toBeUndefined();
  });

  test('refuses what SPIRE refuses whatever the values render', () => {
    expect(dnsNameTemplateProblem('{{ .PodMeta.Name }}.*.example.org')).toMatch(/not a leading "\*\."/);
    expect(dnsNameTemplateProblem('-{{ .PodMeta.Name }}.example.org')).toMatch(/starts or ends with "-".*ValidateLabel/);
  });
});
