// The known-defects table and the verdict on one image (src/versions/known-defects.ts,
// image-checks.ts). Each row's range is checked at its edges.
import { defectsOf, judgeImage, KNOWN_DEFECTS, knownDefect, parseReleaseVersion } from '../../src/versions';

const v = (text: string) => parseReleaseVersion(text)!;
const ids = (component: Parameters<typeof defectsOf>[0], version: string) => defectsOf(component, v(version)).map(d => d.id);

describe('the table', () => {
  test('ids are unique and name an upstream repository and issue', () => {
    expect(new Set(KNOWN_DEFECTS.map(d => d.id)).size).toBe(KNOWN_DEFECTS.length);
    for (const d of KNOWN_DEFECTS) {
      expect(d.id).toMatch(/^[a-z-]+#\d+$/);
      expect(parseReleaseVersion(d.introducedIn)).toBeDefined();
      expect(parseReleaseVersion(d.fixedIn)).toBeDefined();
      expect(d.source).toContain(d.id.split('#')[0]);
    }
  });

  test('spiffe-csi#331: every release before 0.2.12 (spiffe/spiffe-csi#331, fix #332)', () => {
    expect(knownDefect('spiffe-csi#331')).toMatchObject({ component: 'spiffe-csi-driver', fixedIn: '0.2.12' });
    expect(ids('spiffe-csi-driver', '0.2.7')).toEqual(['spiffe-csi#331']);
    expect(ids('spiffe-csi-driver', '0.2.11')).toEqual(['spiffe-csi#331']);
    expect(ids('spiffe-csi-driver', '0.2.12')).toEqual([]);
    expect(ids('spiffe-csi-driver', '0.2.13')).toEqual([]);
    expect(ids('spiffe-csi-driver', '0.3.0')).toEqual([]);
  });

  test('spiffe-csi#158 (before 0.2.5) and spiffe-csi#88 (0.2.2 only) stack on older releases', () => {
    expect(ids('spiffe-csi-driver', '0.2.4')).toEqual(['spiffe-csi#331', 'spiffe-csi#158']);
    expect(ids('spiffe-csi-driver', '0.2.2')).toEqual(['spiffe-csi#331', 'spiffe-csi#158', 'spiffe-csi#88']);
    expect(ids('spiffe-csi-driver', '0.2.3')).toEqual(['spiffe-csi#331', 'spiffe-csi#158']);
    expect(ids('spiffe-csi-driver', '0.2.5')).toEqual(['spiffe-csi#331']);
  });

  test('spire-controller-manager#450 before 0.6.1, #32 before 0.2.1', () => {
    expect(ids('spire-controller-manager', '0.6.0')).toEqual(['spire-controller-manager#450']);
    expect(ids('spire-controller-manager', '0.6.1')).toEqual([]);
    expect(ids('spire-controller-manager', '0.7.0')).toEqual([]);
    expect(ids('spire-controller-manager', '0.2.0')).toEqual(['spire-controller-manager#450', 'spire-controller-manager#32']);
  });

  test('a row of one component never matches another', () => {
    expect(ids('spire-agent', '0.2.7')).toEqual([]);
    expect(ids('spire-server', '0.6.0')).toEqual([]);
  });
});

describe('judgeImage', () => {
  test('a version tag decides, with or without a v and a registry', () => {
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7').defects.map(d => d.id)).toEqual(['spiffe-csi#331']);
    expect(judgeImage('spiffe-csi-driver', 'mirror.local:5000/csi:v0.2.11').defects.map(d => d.id)).toEqual(['spiffe-csi#331']);
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver:0.2.12').defects).toEqual([]);
  });

  test('a tag beside a digest still decides: name:0.2.7@sha256 is a pinned 0.2.7', () => {
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7@sha256:abc').defects.map(d => d.id)).toEqual(['spiffe-csi#331']);
  });

  test('an accepted id moves the defect to accepted', () => {
    const verdict = judgeImage('spiffe-csi-driver', 'x/spiffe-csi-driver:0.2.7', ['spiffe-csi#331']);
    expect([verdict.defects, verdict.accepted.map(d => d.id)]).toEqual([[], ['spiffe-csi#331']]);
  });

  test('a digest alone or a tag like latest cannot be judged, and says why', () => {
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver@sha256:abc')).toMatchObject({ defects: [], unreadable: expect.stringMatching(/digest alone/) });
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver:latest')).toMatchObject({ defects: [], unreadable: expect.stringMatching(/tag "latest" names no release version/) });
    expect(judgeImage('spiffe-csi-driver', 'ghcr.io/spiffe/spiffe-csi-driver')).toMatchObject({ unreadable: expect.stringMatching(/no tag \(the runtime pulls "latest"\)/) });
  });
});
