// `cdk8s-spire diff` and `plan` with several inputs or standard input, on the quick start's
// real output written by `app.synth()`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Size } from 'cdk8s';
import { buildQuickstart } from '../../examples/quickstart/app';
import { LogLevel } from '../../src';
import { runCli } from '../../src/cli/cli';
import { tempDir } from '../util/files';

const root = path.join(__dirname, '..', '..');
const work = tempDir();
function synth(name: string, overrides = {}): string {
  const dir = path.join(work, name);
  buildQuickstart(dir, overrides).synth();
  return dir;
}
const before = synth('before');
const storage = synth('storage', { server: { storageSize: Size.gibibytes(5) } });
const logLevel = synth('log-level', { server: { logLevel: LogLevel.DEBUG } });
const spireFile = (dir: string) => path.join(dir, '0001-spire.k8s.yaml');

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(args: string[], options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    stdoutIsTty: options.tty ?? false,
    stderrIsTty: false,
    env: options.env ?? {},
    readStdin: () => {
      if (options.stdin === undefined) throw new Error('no stdin in this test');
      return options.stdin;
    },
  });
  return { code, stdout, stderr };
}

describe('cdk8s-spire diff', () => {
  test('a refused update: exit 1, the report names the object, the rule, the fix and the rollout', () => {
    const { code, stdout } = run(['diff', before, storage]);
    expect(code).toBe(1);
    expect(stdout).toContain('ERROR   statefulset-forbidden-update  StatefulSet/spire-server/spire-server  spec.volumeClaimTemplates');
    expect(stdout).toContain('fix: kubectl delete statefulset spire-server -n spire-server --cascade=orphan');
    expect(stdout).toContain('rule: kubernetes/kubernetes:pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate');
    expect(stdout).toMatch(/Rollout\n1\. Make room for the updates the API server refuses/);
    // The rollout names the file the server's objects come from.
    expect(stdout).toContain(`kubectl apply -f ${spireFile(storage)}`);
  });

  test('an ordinary change: exit 0', () => {
    const { code, stdout } = run(['diff', before, logLevel]);
    expect(code).toBe(0);
    expect(stdout).toContain('Findings: 0 error(s), 0 warning(s), 0 info');
  });

  test('--json: findings with severity, rule, object, field, message and fix', () => {
    const json = JSON.parse(run(['diff', before, storage, '--json']).stdout);
    expect(json.summary).toEqual({ error: 1, warning: 0, info: 0 });
    expect(json.findings[0]).toMatchObject({
      severity: 'error',
      rule: 'statefulset-forbidden-update',
      object: { kind: 'StatefulSet', namespace: 'spire-server', name: 'spire-server' },
      field: 'spec.volumeClaimTemplates',
      fix: expect.arrayContaining([expect.stringMatching(/^kubectl patch pvc spire-data-spire-server-0 -n spire-server/)]),
    });
    expect(json.objects).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 30 });
    expect(json.identities.skipped).toEqual([]);
    expect(json.rollout.map((s: any) => s.title)).toEqual(['Make room for the updates the API server refuses', 'SPIRE server, then wait for it']);
  });

  test('--markdown: a pull-request comment', () => {
    const md = run(['diff', before, storage, '--markdown']).stdout;
    expect(md).toMatch(/^# cdk8s-spire diff\n\n🛑 \*\*1 error\(s\)\*\*/);
    expect(md).toContain('### 🛑 ERROR `statefulset-forbidden-update` StatefulSet/spire-server/spire-server');
    expect(md).toContain('```sh\nkubectl delete statefulset spire-server -n spire-server --cascade=orphan');
    expect(md).toContain('## Rollout');
  });

  test('- reads one side from standard input; files and several inputs per side', () => {
    const text = fs.readFileSync(spireFile(before), 'utf8');
    expect(run(['diff', '-', spireFile(storage)], { stdin: text }).code).toBe(1);
    expect(run(['diff', spireFile(before), '-'], { stdin: fs.readFileSync(spireFile(logLevel), 'utf8') }).code).toBe(0);
    const several = run(['diff', '--before', path.join(before, '0000-spire-crds.k8s.yaml'), '--before', spireFile(before),
      '--after', path.join(storage, '0000-spire-crds.k8s.yaml'), '--after', spireFile(storage), '--json']);
    expect(JSON.parse(several.stdout).objects).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 28 });
  });

  test('colours only on a terminal, never with NO_COLOR or --no-color', () => {
    expect(run(['diff', before, storage], { tty: true }).stdout).toContain('\u001b[');
    expect(run(['diff', before, storage], { tty: true, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(run(['diff', before, storage, '--no-color'], { tty: true }).stdout).not.toContain('\u001b[');
    expect(run(['diff', before, storage]).stdout).not.toContain('\u001b[');
  });

  test('--help prints its usage', () => {
    expect(run(['diff', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: cdk8s-spire diff <before> <after>') });
    expect(run(['--help']).stdout).toContain('diff <before> <after>');
  });

  test.each([
    [['diff'], 'name both sides'],
    [['diff', 'a'], 'name two inputs, before and after (got 1)'],
    [['diff', 'a', 'b', 'c'], 'name two inputs, before and after (got 3)'],
    [['diff', '-', '-'], 'only one side can read standard input'],
    [['diff', 'a', '--before', 'b', '--after', 'c'], 'not both'],
    [['diff', '--before', 'a'], 'name both sides'],
    [['diff', 'a', 'b', '--bogus'], 'unknown option --bogus'],
    [['diff', '--after'], '--after needs a value'],
    [['diff', '/nonexistent/before', '/nonexistent/after'], 'ENOENT'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('unreadable YAML is exit 2 and names the input', () => {
    const { code, stderr } = run(['diff', '-', before], { stdin: 'kind: [' });
    expect(code).toBe(2);
    expect(stderr).toContain('standard input: not valid YAML');
  });
});

describe('another tool\'s manifests: the hardened Helm chart\'s Istio render (c) against its production render (d)', () => {
  test('reads the chart\'s JSON server.conf and YAML controller config: trust domain and datastore change', () => {
    const fixtures = path.join(root, 'test', 'fixtures', 'helm-rendered');
    const { code, stdout } = run(['diff', path.join(fixtures, 'c-spire-istio-integration.yaml'), path.join(fixtures, 'd-spire-production.yaml'), '--json']);
    const json = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(json.findings.filter((f: any) => f.severity === 'error').map((f: any) => f.rule)).toEqual(expect.arrayContaining(['trust-domain-changed', 'datastore-changed']));
    expect(json.identities).toMatchObject({ skipped: [], trustDomainBefore: 'example.org', trustDomainAfter: 'prod.example.com' });
  });

  test('the chart\'s CSI driver 0.2.7 is a known defect on the new side (spiffe-csi#331)', () => {
    const fixtures = path.join(root, 'test', 'fixtures', 'helm-rendered');
    const { stdout } = run(['diff', path.join(fixtures, 'c-spire-istio-integration.yaml'), path.join(fixtures, 'd-spire-production.yaml'), '--json']);
    const defects = JSON.parse(stdout).findings.filter((f: any) => f.rule === 'known-defect');
    expect(defects).toEqual([expect.objectContaining({
      severity: 'error',
      object: { kind: 'DaemonSet', namespace: expect.any(String), name: expect.stringContaining('spiffe-csi-driver') },
      message: expect.stringContaining('spiffe-csi#331'),
    })]);
  });
});

describe('cdk8s-spire plan with several inputs and standard input', () => {
  test('plan - reads standard input (helm template ... | cdk8s-spire plan -)', () => {
    const chart = fs.readFileSync(path.join(root, 'test', 'fixtures', 'helm-rendered', 'c-spire-istio-integration.yaml'), 'utf8');
    const { code, stdout } = run(['plan', '-', '--json'], { stdin: chart });
    // Exit 1: the chart deploys spiffe-csi-driver 0.2.7, a known defect (spiffe-csi#331).
    expect(code).toBe(1);
    const plan = JSON.parse(stdout);
    expect(plan.controller.trustDomain).toBe('example.org');
    expect(plan.findings.filter((f: any) => f.severity === 'error').map((f: any) => f.rule)).toEqual(['known-defect']);
  });

  test('several inputs are planned together', () => {
    const extra = tempDir();
    fs.writeFileSync(path.join(extra, 'shop.yaml'), [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: { name: payments, namespace: shop }',
      'spec:', '  selector: { matchLabels: { app: payments } }', '  template:', '    metadata: { labels: { app: payments } }',
      '    spec: { serviceAccountName: payments, containers: [] }', '',
    ].join('\n'));
    const plan = JSON.parse(run(['plan', before, extra, '--json']).stdout);
    expect(plan.workloads.find((w: any) => w.ref === 'Deployment/shop/payments').entries.map((e: any) => e.spiffeId))
      .toEqual(['spiffe://example.org/ns/shop/sa/payments']);
    expect(run(['plan', '-', '-'], { stdin: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('standard input (-) can be read only once') });
    fs.rmSync(extra, { recursive: true, force: true });
  });
});

describe('the package bin', () => {
  test('bin/cdk8s-spire dispatches diff to the built CLI', () => {
    if (!fs.existsSync(path.join(root, 'lib', 'cli', 'cli.js'))) throw new Error('lib/ is not built: run `npx projen compile` first');
    const child = spawnSync(process.execPath, [path.join(root, 'bin', 'cdk8s-spire'), 'diff', before, storage, '--json'], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(JSON.parse(child.stdout).summary.error).toBe(1);
  });
});
