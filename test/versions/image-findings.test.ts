// imageFindings over plain objects: the Helm chart's rendered cases, our own output, and
// hand-made manifests for each rule (known defect, accepted defect, unreadable version, skew).
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ACCEPT_KNOWN_DEFECTS_ANNOTATION, imageFindings } from '../../src/versions';
import { synthSpire } from '../util/synth';

const fixtures = path.join(__dirname, '..', 'fixtures', 'helm-rendered');
const load = (file: string) => parseAllDocuments(fs.readFileSync(path.join(fixtures, file), 'utf8')).map(d => d.toJSON()).filter(o => o);
const brief = (objects: any[]) => imageFindings(objects).map(f => `${f.severity} ${f.rule} ${f.subject}`);

function daemonSet(name: string, images: Record<string, string>, annotations?: Record<string, string>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'spire-system', annotations },
    spec: { template: { spec: { containers: Object.entries(images).map(([n, image]) => ({ name: n, image })) } } },
  };
}
const statefulSet = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'spire-server' },
  spec: { template: { spec: { containers: [{ name: 'spire-server', image }] } } },
});

describe('the hardened Helm chart 0.30.0 (spiffe-csi-driver 0.2.7)', () => {
  test.each(['c-spire-istio-integration.yaml', 'd-spire-production.yaml'])('%s: the CSI driver DaemonSet has known defect spiffe-csi#331', file => {
    const findings = imageFindings(load(file));
    expect(findings.map(f => `${f.severity} ${f.rule} ${f.subject.replace(/\/[^/]+\//, '/*/')}`)).toEqual(['error known-defect DaemonSet/*/spire-spiffe-csi-driver']);
    expect(findings[0].message).toMatch(/^container "spiffe-csi-driver" image ghcr\.io\/spiffe\/spiffe-csi-driver:0\.2\.7 is spiffe-csi-driver 0\.2\.7, inside known defect spiffe-csi#331/);
    expect(findings[0].fix).toMatch(/use spiffe-csi-driver 0\.2\.12 or newer/);
    expect(findings[0].source).toBe('spiffe/spiffe-csi#331, fixed by #332 in 0.2.12');
  });

  test('a List wrapper is read through', () => {
    expect(brief([{ apiVersion: 'v1', kind: 'List', items: load('c-spire-istio-integration.yaml') }])).toEqual(['error known-defect DaemonSet/spire-server/spire-spiffe-csi-driver']);
  });
});

describe('our own output', () => {
  test('the defaults have no finding', () => {
    expect(brief(synthSpire().objects)).toEqual([]);
  });

  test('an accepted defect is a warning, carried by the workload annotation the Spire writes', () => {
    const { objects } = synthSpire({ csiDriver: { image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7' }, acceptKnownDefects: ['spiffe-csi#331'] });
    expect(brief(objects)).toEqual(['warning known-defect-accepted DaemonSet/spire-system/spiffe-csi-driver']);
  });
});

describe('rules', () => {
  test('known defect: one error per defect of each container, init containers too', () => {
    const ds = daemonSet('csi', { driver: 'mirror.example/spiffe/spiffe-csi-driver:0.2.4' });
    ds.spec.template.spec.initContainers = [{ name: 'old', image: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.2' }];
    expect(imageFindings([ds]).map(f => `${f.rule} ${f.message.slice(0, f.message.indexOf(' is '))} ${f.message.match(/known defect (\S+)/)![1]}`)).toEqual([
      'known-defect container "old" image ghcr.io/spiffe/spiffe-csi-driver:0.2.2 spiffe-csi#331',
      'known-defect container "old" image ghcr.io/spiffe/spiffe-csi-driver:0.2.2 spiffe-csi#158',
      'known-defect container "old" image ghcr.io/spiffe/spiffe-csi-driver:0.2.2 spiffe-csi#88',
      'known-defect container "driver" image mirror.example/spiffe/spiffe-csi-driver:0.2.4 spiffe-csi#331',
      'known-defect container "driver" image mirror.example/spiffe/spiffe-csi-driver:0.2.4 spiffe-csi#158',
    ]);
  });

  test('accepted by annotation: a warning naming the defect; an unrelated accepted id changes nothing', () => {
    expect(brief([daemonSet('csi', { d: 'x/spiffe-csi-driver:0.2.7' }, { [ACCEPT_KNOWN_DEFECTS_ANNOTATION]: 'spire-controller-manager#450, spiffe-csi#331' })]))
      .toEqual(['warning known-defect-accepted DaemonSet/spire-system/csi']);
    expect(brief([daemonSet('csi', { d: 'x/spiffe-csi-driver:0.2.7' }, { [ACCEPT_KNOWN_DEFECTS_ANNOTATION]: 'spire-controller-manager#450' })]))
      .toEqual(['error known-defect DaemonSet/spire-system/csi']);
  });

  test('a SPIRE image whose version cannot be read is a warning; images of other software are not judged', () => {
    expect(brief([daemonSet('a', { agent: 'ghcr.io/spiffe/spire-agent@sha256:0123', bash: 'cgr.dev/chainguard/bash:latest@sha256:9' })]))
      .toEqual(['warning image-version-unknown DaemonSet/spire-system/a']);
  });

  test('skew: an agent newer than the server, or two minors older, is an error naming the agent workload', () => {
    const server = statefulSet('spire-server', 'ghcr.io/spiffe/spire-server:1.15.3');
    expect(brief([server, daemonSet('agent', { a: 'ghcr.io/spiffe/spire-agent:1.16.0' })])).toEqual(['error spire-version-skew DaemonSet/spire-system/agent']);
    expect(brief([server, daemonSet('agent', { a: 'ghcr.io/spiffe/spire-agent:1.13.9' })])).toEqual(['error spire-version-skew DaemonSet/spire-system/agent']);
    expect(brief([server, daemonSet('agent', { a: 'ghcr.io/spiffe/spire-agent:1.14.0' })])).toEqual([]);
    expect(imageFindings([server, daemonSet('agent', { a: 'ghcr.io/spiffe/spire-agent:1.16.0' })])[0].message)
      .toMatch(/against StatefulSet\/spire-server\/spire-server \(ghcr\.io\/spiffe\/spire-server:1\.15\.3\): agent 1\.16\.0 is newer than server 1\.15\.3/);
  });

  test('skew: servers more than one minor apart', () => {
    expect(brief([statefulSet('a', 'ghcr.io/spiffe/spire-server:1.13.0'), statefulSet('b', 'ghcr.io/spiffe/spire-server:1.15.3')]))
      .toEqual(['error spire-version-skew StatefulSet/spire-server/b']);
    expect(brief([statefulSet('a', 'ghcr.io/spiffe/spire-server:1.14.0'), statefulSet('b', 'ghcr.io/spiffe/spire-server:1.15.3')])).toEqual([]);
  });
});
