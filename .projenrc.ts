import { cdk8s, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { TypeScriptRunner } from 'projen/lib/typescript';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-spire',
  packageName: 'cdk8s-spire',
  description: 'SPIRE (server, agent, SPIFFE CSI driver, controller manager) and its Istio integration as typed, validated cdk8s constructs, with a Pulumi component.',
  author: 'cdk8s-spire maintainers',
  authorAddress: 'maintainers@cdk8s-spire.invalid',
  repositoryUrl: 'https://github.com/cdk8s-spire/cdk8s-spire.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  // ts-node does not run under TypeScript 6; tsx (esbuild) does.
  projenrcTsOptions: { runner: TypeScriptRunner.tsx() },
  packageManager: javascript.NodePackageManager.NPM,
  keywords: ['cdk8s', 'spire', 'spiffe', 'istio', 'kubernetes', 'pulumi'],
  minNodeVersion: '20.16.0',

  // Versions measured together on this toolchain (research/TOOLCHAIN.md §0).
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.16',
  // The jsii 6 line is named explicitly: projen's defaults predate it.
  jsiiRosettaVersion: '~6.0.17',
  // Runtime dependencies that are not jsii modules must be bundled (jsii
  // refuses them otherwise). js-yaml reads manifests for `plan`, `diff` and
  // IdentityPlanReport with Kubernetes' YAML 1.1 resolution
  // (src/identity-plan/go-yaml-schema.ts); loaded only on those paths.
  bundledDeps: ['js-yaml@^4.3.2'],
  devDeps: [
    '@types/js-yaml@^4.0.9',
    // Pinned through devDeps, not typescriptVersion: that option asks the
    // registry for an @types/node dist-tag this mirror does not have.
    'typescript@~6.0.3',
    '@types/node@^20',
    'jsii-docgen@10.12.6',
    'jest@30.5.2',
    'ts-jest@29.4.15',
    // Types for every Kubernetes object we build (type-only in src/) and the
    // OpenAPI validators the tests run. 4.x ships CommonJS, which jest loads.
    'kubernetes-models@4.5.1',
    // Field lists of every built-in kind (attributeTypeMap), for the strict
    // unknown-field check kubectl's server-side validation applies. 0.22 is
    // the last CommonJS line, which jest loads.
    '@kubernetes/client-node@0.22.3',
    'ajv@^8.17.1',
    'yaml@^2.8.0',
    'cdk8s-plus-28@2.5.6',
    // Test-only: validates the cert-manager Certificate the bundle endpoint emits (CommonJS line).
    '@kubernetes-models/cert-manager@4.4.4',
    // Only the ./pulumi subpath uses these; they never reach the root entry.
    '@pulumi/pulumi@3.248.0',
    '@pulumi/kubernetes@4.34.2',
    // Bundles the lazy root entry (projenrc/lazy-index.ts); the version tsx
    // already installs.
    'esbuild@0.28.2',
  ],

  // Manifests go to dist/ (README quick start); package artifacts elsewhere.
  artifactsDirectory: 'build/package',
  docgen: true,
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  // src/pulumi is compiled by plain tsc after jsii (TOOLCHAIN option A).
  excludeTypescript: ['src/pulumi/**'],
  tsconfig: {
    exclude: ['src/pulumi'],
    compilerOptions: {},
  },
  // test/tsconfig.json: used by ts-jest and by the typecheck step. Package
  // self-references map to src/ so a fresh clone type-checks before compile.
  tsconfigDev: {
    include: ['**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: {
      paths: {
        'cdk8s-spire': ['../src/index.ts'],
        'cdk8s-spire/pulumi': ['../src/pulumi/index.ts'],
      },
    },
  },

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    // A one-line summary; the per-file table drowns the test report.
    coverageText: false,
    jestConfig: {
      moduleNameMapper: {
        '^cdk8s-spire$': '<rootDir>/src/index.ts',
        '^cdk8s-spire/pulumi$': '<rootDir>/src/pulumi/index.ts',
      },
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageReporters: ['text-summary'],
      testTimeout: 60_000,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'lib/', 'build/', 'dist/', 'coverage/'],
    // Tests must never edit the tree.
    commandOptions: { fix: false },
    // Resolves the package self-reference ('cdk8s-spire') to src/, so linting
    // works on a fresh clone before anything is compiled.
    tsconfigPath: './test/tsconfig.json',
  },
});

// The mirror lacks some unrs-resolver 1.13 bindings, which breaks `npm ci`
// (research/TOOLCHAIN.md §1.1 hazard b).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Root entry for cdk8s users; ./pulumi for Pulumi users. Self-references
// ('cdk8s-spire', 'cdk8s-spire/pulumi') resolve through these.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});

// This machine (and CI) runs Node 20, which jsii 6 flags as end-of-life with a
// banner on every compile; the README states the supported Node versions.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Lazy, bundled root entry: lib/index.js (and lib/cold.js, the modules the quick
// start never uses) are bundles whose modules initialize on first use of one of
// their names, so `require('cdk8s-spire')` costs nothing and synth runs only what
// it uses (projenrc/lazy-index.ts; jsii still sees src/index.ts unchanged).
project.compileTask.exec('tsx projenrc/lazy-index.ts');

// Pulumi half: plain tsc after jsii, into lib/pulumi.
project.postCompileTask.exec('tsc -p src/pulumi/tsconfig.json');

// The published tarball: what `npm pack` selects, plus the ./pulumi subpath's
// optional peer dependencies, which jsii refuses in package.json itself
// (projenrc/pack.ts, src/pulumi/peer-dependencies.ts).
project.tasks.tryFind('package:js')?.reset('tsx projenrc/pack.ts build/package/js');

// Type-check tests, examples and the benchmark (ts-jest only transpiles).
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples and benchmark without emitting',
  exec: 'tsc -p test/tsconfig.json --noEmit',
});

// The test command builds the package first: jsii must accept the API, and
// the entry-point tests load lib/ (./pulumi included) the way consumers do.
// API.md must match the code; docgen writes a scratch copy to compare.
const buildLib = project.addTask('build:lib', {
  description: 'Compile src with jsii and src/pulumi with tsc (no docs, no tests)',
});
buildLib.spawn(project.compileTask);
buildLib.exec('tsc -p src/pulumi/tsconfig.json');
const checkApiDocs = project.addTask('check:api-docs', {
  description: 'Fail when API.md is not what jsii-docgen generates',
  exec: 'jsii-docgen -o build/API.md && node -e "const fs=require(\'fs\');'
    + 'if(fs.readFileSync(\'API.md\',\'utf8\')!==fs.readFileSync(\'build/API.md\',\'utf8\')){'
    + 'console.error(\'API.md is out of date: run npx projen docgen\');process.exit(1)}"',
});
project.testTask.prependSpawn(checkApiDocs);
project.testTask.prependSpawn(buildLib);
project.testTask.prependSpawn(typecheck);

// The consumer's path (test/package): pack, install into fresh cdk8s and Pulumi
// projects from the registry, run the real `cdk8s synth`, type-check a Pulumi
// program. About a minute of npm installs, so apart from the unit run; the
// test command runs it after jest, on the lib/ that build:lib just built.
const PACKAGE_TEST = 'jest --ci --coverage=false --reporters=default '
  + '--testMatch "<rootDir>/test/package/**/*.package-test.ts" --testTimeout=170000';
const testPackage = project.addTask('test:package', {
  description: 'Pack, install into fresh cdk8s and Pulumi projects, run cdk8s synth and tsc there',
});
testPackage.spawn(buildLib);
testPackage.exec(PACKAGE_TEST);
project.testTask.exec(PACKAGE_TEST);

// Quick start: write the manifests of examples/quickstart to dist/.
const buildExamples = project.addTask('build:examples', {
  description: 'Compile examples and benchmark to build/',
  exec: 'tsc -p examples/tsconfig.json',
});
// Each example: compile, then run its main.js, which writes its manifests.
function exampleTask(name: string, example: string, description: string): void {
  const task = project.addTask(name, { description });
  task.spawn(project.compileTask);
  task.spawn(buildExamples);
  task.exec(`node build/examples/${example}/main.js`);
}
exampleTask('synth', 'quickstart', 'Synthesize examples/quickstart into dist/');
exampleTask('synth:istio', 'istio', 'Synthesize examples/istio into dist/istio/');
exampleTask('synth:production', 'production', 'Synthesize examples/production (the Helm chart\'s production case) into dist/production/');
exampleTask('synth:federation', 'federation', 'Synthesize examples/federation into dist/federation/ (cluster-a/, cluster-b/, exchange-bundles.sh)');

const bench = project.addTask('bench', {
  description: 'Measure synth time and memory (quickstart, 1k and 10k registrations) and identity planning (1k workloads x 1k registrations)',
});
bench.spawn(project.compileTask);
bench.spawn(buildExamples);
bench.exec('node build/bench/run.js');

// `npx cdk8s-spire plan <dir>`: the identity plan of any directory of manifests.
project.package.addBin({ 'cdk8s-spire': 'bin/cdk8s-spire' });

project.gitignore.exclude('/build/', '/dist/');
project.npmignore?.exclude('/build/', '/examples/', '/bench/', '/dist/', '/.ci/');

project.synth();
