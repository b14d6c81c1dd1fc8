import * as spiffe from '../../src/spiffe';

test('the folder index re-exports every public check', () => {
  for (const name of [
    'trustDomainProblem', 'MAX_TRUST_DOMAIN_BYTES', 'parseSpiffeId', 'spiffeIdProblem', 'pathSegmentProblem', 'MAX_SPIFFE_ID_BYTES',
    'templateSyntaxProblem', 'spiffeIdTemplateProblem', 'selectorTemplateProblem', 'dnsNameTemplateProblem', 'selectorProblem',
    'dnsNameProblem', 'dns1123LabelProblem', 'dns1123SubdomainProblem', 'labelKeyProblem', 'labelValueProblem',
    'labelSelectorProblem', 'quantityProblem', 'anchoredRegexProblem', 'escapeRegex', 'goDuration', 'durationProblem', 'durationMillis',
  ]) {
    expect(spiffe).toHaveProperty(name);
  }
  // Internal helpers stay internal.
  expect(spiffe).not.toHaveProperty('lexTemplate');
});
