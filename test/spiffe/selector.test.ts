import { selectorProblem } from '../../src/spiffe/selector';

describe('selectorProblem', () => {
  test.each(['k8s:ns:default', 'k8s:sa:istio-ingressgateway-service-account', 'k8s:pod-label:app:web', 'unix:uid:0', 'k8s:pod-uid:1234', 'a:b'])(
    'accepts %s', (value) => {
      expect(selectorProblem(value)).toBeUndefined();
    },
  );

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    [' k8s:ns:default', /^has leading or trailing whitespace; use "k8s:ns:default"/],
    ['k8s:ns:default\n', /^has leading or trailing whitespace/],
    ['k8s', /^has no ":" between type and value/],
    [':ns:default', /^has an empty type before ":"/],
    ['k8s:', /^has an empty value after "k8s:"/],
  ])('rejects %j', (value, problem) => {
    expect(selectorProblem(value)).toMatch(problem);
    expect(selectorProblem(value)).toMatch(/\(SPIRE: a selector is <type>:<value> with both parts non-empty.*\)$/);
  });
});
