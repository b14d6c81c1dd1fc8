// The consumer's path, outside this repository: the packed tarball installed from
// npm's point of view into fresh projects, with cdk8s, constructs and the real
// cdk8s CLI from the registry (a cdk8s user), and with @pulumi/* and TypeScript
// (a Pulumi user). Slow (npm installs), so not part of the fast unit run:
// `npx projen test:package` runs it, and so does `npm test` (the test task).
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { PULUMI_PEER_DEPENDENCIES } from '../../src/pulumi/peer-dependencies';
import { readManifests, tempDir } from '../util/files';
import { validateAll } from '../util/k8s-validator';

const ROOT = path.join(__dirname, '..', '..');
const ownPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The cdk8s CLI release line that goes with cdk8s 2.70.x (research/TOOLCHAIN.md §0). */
const CDK8S_CLI_VERSION = '2.207.60';
/** What that CLI's `cdk8s init typescript-app` template installs (checked below). */
const CDK8S_TEMPLATE_TYPESCRIPT = '5.9.x';
const CDK8S_VERSION = ownPackage.devDependencies.cdk8s;
const CONSTRUCTS_VERSION = ownPackage.devDependencies.constructs;
const PULUMI_VERSION = ownPackage.devDependencies['@pulumi/pulumi'];
const PULUMI_KUBERNETES_VERSION = ownPackage.devDependencies['@pulumi/kubernetes'];
const TYPESCRIPT_VERSION = ownPackage.devDependencies.typescript;
const TYPES_NODE_VERSION = ownPackage.devDependencies['@types/node'];

const execFileAsync = promisify(execFile);

/**
 * The environment for child npm and node processes: without the npm_* variables
 * of the `npm test` that runs us, which would point npm at this repository.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1', ...extra };
}

async function npmInstall(dir: string, packages: readonly string[]): Promise<void> {
  // --prefer-offline: the npm cache answers when it can (CI re-runs are fast).
  await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages],
    { cwd: dir, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 });
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  try {
    const stdout = execFileSync(command, [...args], { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const error = e as { status?: number; stdout?: string; stderr?: string };
    return { status: error.status ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
  }
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
}

// main.ts of a cdk8s TypeScript app, compiled with the tsconfig.json that
// `cdk8s init typescript-app` writes (taken from the installed CLI's template).
const CDK8S_APP = `
import * as fs from 'fs';
import { App, Chart } from 'cdk8s';
import { ClusterSpiffeId, IstioIntegration, Spire, SpireCrds } from 'cdk8s-spire';

const app = new App();
const crds = new Chart(app, 'spire-crds');
new SpireCrds(crds, 'crds');
const chart = new Chart(app, 'spire');
chart.addDependency(crds);
const spire = new Spire(chart, 'spire', {
  trustDomain: process.env.TRUST_DOMAIN ?? 'example.org',
  clusterName: 'demo-cluster',
});
const identities = new Chart(app, 'spire-identities');
identities.addDependency(chart);
new ClusterSpiffeId(identities, 'payments', {
  spire,
  spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
  podSelector: { matchLabels: { app: 'payments' } },
  metadata: { name: 'payments' },
});
const istio = new IstioIntegration(identities, 'istio', { spire });
app.synth();
fs.writeFileSync(app.outdir + '/istiod-values.json', JSON.stringify(istio.istiodHelmValues()));
`;

const PULUMI_PROGRAM = `
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Duration } from 'cdk8s';
import { IstioGateway, LogLevel } from 'cdk8s-spire';
import { SpireMesh, SpireMeshArgs } from 'cdk8s-spire/pulumi';

const args: SpireMeshArgs = {
  trustDomain: 'example.org',
  clusterName: 'demo-cluster',
  server: { caTtl: Duration.hours(48), logLevel: LogLevel.INFO },
  registrations: [{
    id: 'payments',
    spiffeIdTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    podSelector: { matchLabels: { app: 'payments' } },
  }],
  istio: { istioVersion: '1.30.3', ingressGateways: [IstioGateway.ingress()] },
};
const provider = new k8s.Provider('cluster', {});
const mesh = new SpireMesh('spire', args, { provider });
new k8s.helm.v3.Release('istiod', {
  chart: 'istiod',
  version: '1.30.3',
  namespace: 'istio-system',
  repositoryOpts: { repo: 'https://istio-release.storage.googleapis.com/charts' },
  values: mesh.istiodHelmValues,
}, { provider, dependsOn: [mesh] });
export const urn: pulumi.Output<string> = mesh.urn;
`;

const PULUMI_TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, types: ['node'],
  },
  files: ['index.ts'],
});

const CDK8S_YAML = 'language: typescript\napp: node main.js\n';
const tscIn = (dir: string): Run => run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);

let templateTypescript: string;
let workDir: string;
let tarball: string;
let cdk8sApp: string;
let pulumiApp: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'pulumi', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen build:lib` first (the test task does)');
  }
  workDir = tempDir('cdk8s-spire-consumer-');
  tarball = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'projenrc', 'pack.ts'), workDir],
    { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' }).trim().split('\n').pop()!;
  cdk8sApp = path.join(workDir, 'cdk8s-app');
  pulumiApp = path.join(workDir, 'pulumi-app');
  for (const [dir, name] of [[cdk8sApp, 'cdk8s-app'], [pulumiApp, 'pulumi-app']]) {
    fs.mkdirSync(dir);
    writeFiles(dir, { 'package.json': JSON.stringify({ name, version: '1.0.0', private: true }) });
  }
  writeFiles(cdk8sApp, { 'main.ts': CDK8S_APP, 'cdk8s.yaml': CDK8S_YAML });
  writeFiles(pulumiApp, { 'index.ts': PULUMI_PROGRAM, 'tsconfig.json': PULUMI_TSCONFIG });
  // Both installs at once: each is mostly waiting on the registry or the cache.
  await Promise.all([
    npmInstall(cdk8sApp, [tarball, `cdk8s@${CDK8S_VERSION}`, `constructs@${CONSTRUCTS_VERSION}`, `cdk8s-cli@${CDK8S_CLI_VERSION}`,
      `typescript@${CDK8S_TEMPLATE_TYPESCRIPT}`, `@types/node@${TYPES_NODE_VERSION}`]),
    npmInstall(pulumiApp, [tarball, `cdk8s@${CDK8S_VERSION}`, `constructs@${CONSTRUCTS_VERSION}`,
      `@pulumi/pulumi@${PULUMI_VERSION}`, `@pulumi/kubernetes@${PULUMI_KUBERNETES_VERSION}`,
      `typescript@${TYPESCRIPT_VERSION}`, `@types/node@${TYPES_NODE_VERSION}`]),
  ]);
  const template = path.join(cdk8sApp, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
  fs.copyFileSync(path.join(template, 'tsconfig.json'), path.join(cdk8sApp, 'tsconfig.json'));
  templateTypescript = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf8')).devDependencies.typescript;
}, 170_000);

afterAll(() => {
  if (workDir && !process.env.KEEP_CONSUMER_APPS) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  test('declares @pulumi/* as optional peers, with the ranges the ./pulumi entry names', () => {
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(packed.peerDependencies).toEqual({
      cdk8s: ownPackage.peerDependencies.cdk8s,
      constructs: ownPackage.peerDependencies.constructs,
      ...PULUMI_PEER_DEPENDENCIES,
    });
    expect(packed.peerDependenciesMeta).toEqual({
      '@pulumi/pulumi': { optional: true },
      '@pulumi/kubernetes': { optional: true },
    });
    expect(packed.exports['./pulumi']).toEqual({ types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' });
  });

  test('bundles js-yaml (the manifest reader of `plan` and `diff`) and its dependency', () => {
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(packed.dependencies).toEqual({ 'js-yaml': ownPackage.dependencies['js-yaml'] });
    expect(packed.bundledDependencies).toEqual(['js-yaml']);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/node_modules/js-yaml/package.json', 'package/node_modules/argparse/package.json']));
  });
});

describe('a cdk8s app using the cdk8s CLI', () => {
  let synth: Run;
  let files: Map<string, any[]>;
  const outdir = (): string => path.join(cdk8sApp, 'dist');

  let compile: Run;

  beforeAll(() => {
    compile = tscIn(cdk8sApp);
    synth = run(path.join(cdk8sApp, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], cdk8sApp);
    files = fs.existsSync(outdir()) ? readManifests(outdir()) : new Map();
  });

  test('main.ts compiles with the tsconfig and TypeScript of `cdk8s init typescript-app`', () => {
    expect(templateTypescript).toBe(CDK8S_TEMPLATE_TYPESCRIPT);
    expect(compile.stdout + compile.stderr).toBe('');
    expect(compile.status).toBe(0);
  });

  test('gets no @pulumi package installed', () => {
    expect(fs.existsSync(path.join(cdk8sApp, 'node_modules', '@pulumi'))).toBe(false);
    expect(fs.existsSync(path.join(cdk8sApp, 'node_modules', 'cdk8s-spire', 'lib', 'pulumi', 'index.js'))).toBe(true);
  });

  test('`cdk8s synth` writes the three charts in dependency order', () => {
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain('dist/0000-spire-crds.k8s.yaml');
    expect([...files.keys()]).toEqual(['0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml']);
  });

  test('every object is valid Kubernetes, or a valid spire.spiffe.io resource', () => {
    const all = [...files.values()].flat();
    expect(all).toHaveLength(3 + 26 + 3);
    expect(validateAll(all)).toEqual([]);
  });

  test('each file holds the kinds it should', () => {
    const kinds = (file: string): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const obj of files.get(file)!) counts[obj.kind] = (counts[obj.kind] ?? 0) + 1;
      return counts;
    };
    expect(kinds('0000-spire-crds.k8s.yaml')).toEqual({ CustomResourceDefinition: 3 });
    expect(kinds('0001-spire.k8s.yaml')).toEqual({
      Namespace: 2,
      ServiceAccount: 3,
      ConfigMap: 4,
      StatefulSet: 1,
      Service: 2,
      DaemonSet: 2,
      CSIDriver: 1,
      ClusterRole: 3,
      ClusterRoleBinding: 3,
      Role: 2,
      RoleBinding: 2,
      ValidatingWebhookConfiguration: 1,
    });
    expect(files.get('0002-spire-identities.k8s.yaml')!.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterSPIFFEID/payments', 'ClusterSPIFFEID/istio-sidecar-reg', 'ClusterSPIFFEID/istio-ingressgateway-reg',
    ]);
  });

  test('registrations, controller manager, server and Istio agree on trust domain and className', () => {
    const spireObjects = files.get('0001-spire.k8s.yaml')!;
    const configMap = (name: string) => spireObjects.find(o => o.kind === 'ConfigMap' && o.metadata.name === name);
    const controllerConfig = JSON.parse(configMap('spire-controller-manager').data['controller-manager-config.json']);
    const serverConfig = JSON.parse(configMap('spire-server').data['server.conf']);
    expect(serverConfig.server.trust_domain).toBe('example.org');
    expect(controllerConfig.trustDomain).toBe('example.org');
    for (const registration of files.get('0002-spire-identities.k8s.yaml')!) {
      expect(registration.spec.className).toBe(controllerConfig.className);
    }
    const istiod = JSON.parse(fs.readFileSync(path.join(outdir(), 'istiod-values.json'), 'utf8'));
    expect(istiod.meshConfig.trustDomain).toBe('example.org');
  });

  test('an invalid app fails `cdk8s synth` with the property error and writes nothing', () => {
    fs.writeFileSync(path.join(cdk8sApp, 'cdk8s.yaml'), 'language: typescript\napp: TRUST_DOMAIN=Example.org node main.js\noutput: bad-dist\n');
    try {
      const failed = run(path.join(cdk8sApp, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], cdk8sApp);
      expect(failed.status).not.toBe(0);
      expect(failed.stderr).toContain('spire/spire (Spire): trustDomain "Example.org" must be lowercase');
      const badDist = path.join(cdk8sApp, 'bad-dist');
      expect(fs.existsSync(badDist) ? fs.readdirSync(badDist) : []).toEqual([]);
    } finally {
      fs.writeFileSync(path.join(cdk8sApp, 'cdk8s.yaml'), CDK8S_YAML);
    }
  });

  test('`npx cdk8s-spire plan` and `diff` read the synthesized manifests', () => {
    const plan = run('npx', ['--no', 'cdk8s-spire', 'plan', 'dist', '--json'], cdk8sApp);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    const report = JSON.parse(plan.stdout);
    expect(report.controller.trustDomain).toBe('example.org');
    expect(report.registrations.map((r: { ref: string }) => r.ref)).toEqual(expect.arrayContaining(['ClusterSPIFFEID/payments']));
    const diff = run('npx', ['--no', 'cdk8s-spire', 'diff', 'dist', 'dist'], cdk8sApp);
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('0 added, 0 removed, 0 changed');
    const broken = path.join(cdk8sApp, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: ConfigMap\n  data: [\n');
    const invalid = run('npx', ['--no', 'cdk8s-spire', 'plan', 'broken.yaml'], cdk8sApp);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('broken.yaml: not valid YAML: ');
  });

  test('ES modules import the named exports', () => {
    const esm = run(process.execPath, ['--input-type=module', '-e',
      'import { Spire, SpireCrds, ClusterSpiffeId, IstioIntegration, LogLevel } from "cdk8s-spire"; '
      + 'console.log([Spire, SpireCrds, ClusterSpiffeId, IstioIntegration].map(c => typeof c).join(","), LogLevel.INFO);'], cdk8sApp);
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function,function,function,function INFO');
  });

  test('cdk8s-spire/pulumi says which packages to install, with their ranges', () => {
    const loaded = run(process.execPath, ['-e', 'require("cdk8s-spire/pulumi")'], cdk8sApp);
    expect(loaded.status).not.toBe(0);
    const ranges = Object.entries(PULUMI_PEER_DEPENDENCIES).map(([name, range]) => `${name} ${range}`).join(', ');
    expect(loaded.stderr).toContain(`cdk8s-spire/pulumi needs @pulumi/pulumi and @pulumi/kubernetes: npm install @pulumi/pulumi @pulumi/kubernetes (supported: ${ranges})`);
  });
});

describe('a Pulumi program', () => {
  test('type-checks against the packed cdk8s-spire/pulumi', () => {
    const tsc = tscIn(pulumiApp);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  test('the packed ./pulumi entry loads with the Pulumi SDK installed', () => {
    const loaded = run(process.execPath, ['-e', 'const m = require("cdk8s-spire/pulumi"); console.log(typeof m.SpireMesh)'], pulumiApp);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout.trim()).toBe('function');
  });
});
