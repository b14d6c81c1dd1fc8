// Synth-time version checks of the Spire and the OIDC discovery provider: known defects of an
// image override are refused unless accepted (acceptKnownDefects), unreadable versions pass
// with a warning, and SPIRE's agent/server skew rule (doc/upgrading.md) holds in one app.
import { Chart, Testing } from 'cdk8s';
import { OidcDiscoveryProvider, Spire, SpireProps } from '../../src';
import { warningsOf } from '../../src/errors';
import { ACCEPT_KNOWN_DEFECTS_ANNOTATION } from '../../src/versions';
import { errorOf } from '../util/errors';
import { find, synthSpire } from '../util/synth';

const PATH = 'spire/spire (Spire): ';
let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());

function spireWarnings(props: Partial<SpireProps>): string[] {
  const { chart } = synthSpire(props);
  return warningsOf(chart);
}

describe('known defects', () => {
  test('the defaults pass without a warning', () => {
    expect(spireWarnings({})).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  test('csiDriver.image inside spiffe-csi#331 is refused: construct, property, value, rule, source and fix', () => {
    const message = errorOf(() => synthSpire({ csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7' } }));
    expect(message).toContain(`${PATH}csiDriver.image "ghcr.io/spiffe/spiffe-csi-driver:0.2.7" is spiffe-csi-driver 0.2.7, inside known defect spiffe-csi#331 (releases 0.1.0 to before 0.2.12)`);
    expect(message).toMatch(/mounts multiply/);
    expect(message).toContain('(spiffe/spiffe-csi#331, fixed by #332 in 0.2.12)');
    expect(message).toContain('Fix: use spiffe-csi-driver 0.2.12 or newer (the default is ghcr.io/spiffe/spiffe-csi-driver:0.2.12), or accept the risk for this component with acceptKnownDefects: [\'spiffe-csi#331\'].');
  });

  test('a mirror, a v prefix and a pinned digest beside the tag are judged by the tag', () => {
    expect(errorOf(() => synthSpire({ csiDriver: { image: 'registry.example.com:5000/mirror/csi:v0.2.11@sha256:abcd' } })))
      .toContain('csiDriver.image "registry.example.com:5000/mirror/csi:v0.2.11@sha256:abcd" is spiffe-csi-driver 0.2.11, inside known defect spiffe-csi#331');
    expect(errorOf(() => synthSpire({ csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.12' } }))).toBe('');
  });

  test('controllerManager.image inside spire-controller-manager#450 is refused', () => {
    expect(errorOf(() => synthSpire({ controllerManager: { image: 'ghcr.io/spiffe/spire-controller-manager:0.6.0' } })))
      .toContain(`${PATH}controllerManager.image "ghcr.io/spiffe/spire-controller-manager:0.6.0" is spire-controller-manager 0.6.0, inside known defect spire-controller-manager#450`);
  });

  test('accepting the defect by id lets it through, annotates the DaemonSet and nothing else', () => {
    const { objects, chart } = synthSpire({ csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7' }, acceptKnownDefects: ['spiffe-csi#331'] });
    expect(find(objects, 'DaemonSet', 'spiffe-csi-driver').metadata.annotations).toEqual({ [ACCEPT_KNOWN_DEFECTS_ANNOTATION]: 'spiffe-csi#331' });
    expect(find(objects, 'DaemonSet', 'spiffe-csi-driver').spec.template.metadata.annotations?.[ACCEPT_KNOWN_DEFECTS_ANNOTATION]).toBeUndefined();
    expect(find(objects, 'DaemonSet', 'spire-agent').metadata.annotations?.[ACCEPT_KNOWN_DEFECTS_ANNOTATION]).toBeUndefined();
    expect(warningsOf(chart)).toEqual([]);
  });

  test('accepting one defect does not accept another of the same image', () => {
    expect(errorOf(() => synthSpire({ csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.4' }, acceptKnownDefects: ['spiffe-csi#331'] })))
      .toContain('inside known defect spiffe-csi#158');
  });

  test('an id the table does not know is refused (a typo would accept nothing)', () => {
    expect(errorOf(() => synthSpire({ acceptKnownDefects: ['spiffe-csi#331', 'spiffe-csi#999'] })))
      .toContain(`${PATH}acceptKnownDefects[1] "spiffe-csi#999" names no known defect. Fix: use an id of the known-defects table: spiffe-csi#331,`);
  });

  test('an accepted id that matches no image is a warning', () => {
    expect(spireWarnings({ acceptKnownDefects: ['spiffe-csi#331'] })).toEqual([
      `${PATH}acceptKnownDefects[0] "spiffe-csi#331" matches no image of this construct (spiffe-csi-driver 0.2.12 and newer are fixed). `
      + 'Fix: remove it, so that a later change into the defect is refused again.',
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[cdk8s-spire] warning: spire/spire (Spire): acceptKnownDefects[0]'));
  });

  test.each([
    ['a digest alone', 'ghcr.io/spiffe/spiffe-csi-driver@sha256:0123456789abcdef', /pinned by digest alone/],
    ['latest', 'ghcr.io/spiffe/spiffe-csi-driver:latest', /tag "latest" names no release version/],
    ['no tag', 'ghcr.io/spiffe/spiffe-csi-driver', /no tag \(the runtime pulls "latest"\)/],
  ])('%s passes with a warning', (_name, image, rule) => {
    const warnings = spireWarnings({ csiDriver: { image } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${PATH}csiDriver.image ${JSON.stringify(image)} passes unchecked: `);
    expect(warnings[0]).toMatch(rule);
    expect(warnings[0]).toContain('Fix: pin a release tag with the digest (such as "ghcr.io/spiffe/spiffe-csi-driver:0.2.12@sha256:<digest>")');
  });
});

describe('SPIRE version skew (doc/upgrading.md)', () => {
  test('an agent newer than the server is refused', () => {
    expect(errorOf(() => synthSpire({ agent: { image: 'ghcr.io/spiffe/spire-agent:1.16.0' } }))).toContain(
      `${PATH}agent.image "ghcr.io/spiffe/spire-agent:1.16.0" does not fit server.image "ghcr.io/spiffe/spire-server:1.15.3": `
      + 'agent 1.16.0 is newer than server 1.15.3: agents must not be newer than the oldest server they talk to (spiffe/spire doc/upgrading.md). '
      + 'Fix: run agents at the server\'s minor version (1.15.x) or one minor older;');
  });

  test('an agent more than one minor older is refused; one minor older and patch differences pass', () => {
    expect(errorOf(() => synthSpire({ server: { image: 'ghcr.io/spiffe/spire-server:1.17.0' } })))
      .toContain('agent.image "ghcr.io/spiffe/spire-agent:1.15.3" does not fit server.image "ghcr.io/spiffe/spire-server:1.17.0"');
    expect(errorOf(() => synthSpire({ agent: { image: 'ghcr.io/spiffe/spire-agent:1.13.0' } }))).toContain('is more than one minor version older');
    expect(errorOf(() => synthSpire({ agent: { image: 'ghcr.io/spiffe/spire-agent:1.14.9' } }))).toBe('');
    expect(errorOf(() => synthSpire({ server: { image: 'ghcr.io/spiffe/spire-server:1.16.0' } }))).toBe('');
    expect(errorOf(() => synthSpire({ agent: { image: 'ghcr.io/spiffe/spire-agent:1.15.0' } }))).toBe('');
  });

  test('an unreadable version skips the comparison with the warning of the image', () => {
    expect(spireWarnings({ agent: { image: 'ghcr.io/spiffe/spire-agent:nightly' } })).toEqual([
      expect.stringContaining('agent.image "ghcr.io/spiffe/spire-agent:nightly" passes unchecked: its tag "nightly" names no release version, so the known-defect and version-skew checks'),
    ]);
  });
});

describe('OIDC discovery provider', () => {
  function oidc(image?: string, acceptKnownDefects?: string[]) {
    const app = Testing.app();
    const spire = new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'c', server: { jwtIssuer: 'https://oidc.example.org' } });
    const identities = new Chart(app, 'identities');
    new OidcDiscoveryProvider(identities, 'oidc', { spire, image, acceptKnownDefects });
    return warningsOf(identities);
  }

  test('released with SPIRE: another minor than the server is a warning, a patch difference is not', () => {
    expect(oidc()).toEqual([]);
    expect(oidc('ghcr.io/spiffe/oidc-discovery-provider:1.15.0')).toEqual([]);
    expect(oidc('ghcr.io/spiffe/oidc-discovery-provider:1.14.2')).toEqual([
      'identities/oidc (OidcDiscoveryProvider): image "ghcr.io/spiffe/oidc-discovery-provider:1.14.2" is oidc-discovery-provider 1.14, but the Spire\'s server.image '
      + '"ghcr.io/spiffe/spire-server:1.15.3" is SPIRE 1.15: it is released with SPIRE and upstream publishes no skew rule for running it at another minor version. '
      + 'Fix: use oidc-discovery-provider at the server\'s version (1.15.3).',
    ]);
  });

  test('its own acceptKnownDefects: unknown ids refused, ids of components it does not run warned', () => {
    expect(errorOf(() => oidc(undefined, ['nope#1']))).toContain('identities/oidc (OidcDiscoveryProvider): acceptKnownDefects[0] "nope#1" names no known defect');
    expect(oidc(undefined, ['spiffe-csi#331'])).toEqual([expect.stringContaining('acceptKnownDefects[0] "spiffe-csi#331" concerns spiffe-csi-driver, which this construct does not deploy')]);
  });
});
