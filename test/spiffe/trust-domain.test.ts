import { trustDomainProblem } from '../../src/spiffe/trust-domain';

test('trust domain', () => {
  expect(trustDomainProblem('example.org')).toBeUndefined();
  expect(trustDomainProblem('Example.org')).toBe('must be lowercase');
});
