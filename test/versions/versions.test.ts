import {
  agentServerSkewProblem, componentImage, compareReleaseVersions, parseImageReference, parseReleaseVersion,
  serverServerSkewProblem, upgradeStepProblem,
} from '../../src/versions';

const v = (text: string) => parseReleaseVersion(text)!;

describe('parseImageReference (distribution/reference splitDockerDomain)', () => {
  test('registry, repository, tag', () => {
    expect(parseImageReference('ghcr.io/spiffe/spire-server:1.15.3')).toMatchObject({
      registry: 'ghcr.io', repository: 'spiffe/spire-server', name: 'spire-server', tag: '1.15.3', digest: undefined,
    });
  });
  test('a registry with a port is not a tag', () => {
    expect(parseImageReference('localhost:5000/spire-agent')).toMatchObject({ registry: 'localhost:5000', name: 'spire-agent', tag: undefined });
  });
  test('no registry: the first component has no dot, colon and is not localhost', () => {
    expect(parseImageReference('spiffe/spire-agent:1.14.0')).toMatchObject({ registry: undefined, repository: 'spiffe/spire-agent', tag: '1.14.0' });
  });
  test('tag and digest', () => {
    const ref = parseImageReference('ghcr.io/spiffe/spiffe-csi-driver:0.2.7@sha256:abc');
    expect(ref).toMatchObject({ tag: '0.2.7', digest: 'sha256:abc', name: 'spiffe-csi-driver' });
  });
  test('digest only', () => {
    expect(parseImageReference('ghcr.io/spiffe/spire-server@sha256:abc')).toMatchObject({ tag: undefined, digest: 'sha256:abc' });
  });
});

describe('parseReleaseVersion', () => {
  test.each([
    ['1.15.3', [1, 15, 3, undefined]],
    ['v0.2.12', [0, 2, 12, undefined]],
    ['1.37.0-uclibc', [1, 37, 0, 'uclibc']],
    ['v2.15.0', [2, 15, 0, undefined]],
    ['1.14', [1, 14, 0, undefined]],
  ])('%s', (tag, [major, minor, patch, suffix]) => {
    expect(parseReleaseVersion(tag)).toMatchObject({ major, minor, patch, suffix });
  });
  test.each(['latest', 'nightly', '', 'main-abc123', '1'])('%s names no version', tag => {
    expect(parseReleaseVersion(tag)).toBeUndefined();
  });
  test('ordering ignores the suffix', () => {
    expect(compareReleaseVersions(v('1.15.3'), v('1.15.10'))).toBeLessThan(0);
    expect(compareReleaseVersions(v('2.0.0'), v('1.99.0'))).toBeGreaterThan(0);
    expect(compareReleaseVersions(v('1.37.0-uclibc'), v('1.37.0'))).toBe(0);
  });
});

describe('SPIRE skew (spiffe/spire doc/upgrading.md)', () => {
  test('an agent of the server version or one minor older is supported', () => {
    expect(agentServerSkewProblem(v('1.15.3'), v('1.15.3'))).toBeUndefined();
    expect(agentServerSkewProblem(v('1.15.3'), v('1.14.0'))).toBeUndefined();
    expect(agentServerSkewProblem(v('1.15.3'), v('1.15.1'))).toBeUndefined();
  });
  test('an agent newer than the server is not, even by a patch', () => {
    expect(agentServerSkewProblem(v('1.15.2'), v('1.15.3'))).toMatch(/agent 1.15.3 is newer than server 1.15.2/);
  });
  test('an agent two minors older is not', () => {
    expect(agentServerSkewProblem(v('1.15.3'), v('1.13.0'))).toMatch(/more than one minor version older/);
  });
  test('across a major line the distance is unknown, so it is refused', () => {
    expect(agentServerSkewProblem(v('2.0.0'), v('1.15.0'))).toMatch(/more than one minor/);
  });
  test('servers within one minor', () => {
    expect(serverServerSkewProblem(v('1.14.9'), v('1.15.0'))).toBeUndefined();
    expect(serverServerSkewProblem(v('1.13.0'), v('1.15.0'))).toMatch(/more than one minor version apart/);
  });
  test('upgrade steps: one minor, any patch; downgrades the same', () => {
    expect(upgradeStepProblem(v('1.14.0'), v('1.15.3'))).toBeUndefined();
    expect(upgradeStepProblem(v('1.15.3'), v('1.15.0'))).toBeUndefined();
    expect(upgradeStepProblem(v('1.13.2'), v('1.15.3'))).toMatch(/^upgrade from 1.13.2 to 1.15.3 skips a minor version/);
    expect(upgradeStepProblem(v('1.15.3'), v('1.13.0'))).toMatch(/^downgrade/);
  });
});

describe('componentImage', () => {
  test('recognises a mirror by the repository name', () => {
    expect(componentImage('registry.example.com/mirror/spire-server:1.15.3')).toMatchObject({ component: 'spire-server', version: { minor: 15 } });
  });
  test('unknown repositories have no component', () => {
    expect(componentImage('nginx:1.27').component).toBeUndefined();
  });
  test('a digest is reported', () => {
    expect(componentImage('ghcr.io/spiffe/spiffe-csi-driver@sha256:00').digest).toBe('sha256:00');
  });
});
