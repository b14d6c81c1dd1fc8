// The built package, in fresh node processes (jest maps 'cdk8s-spire' to src/
// and shares one module registry, so it cannot show what a consumer loads).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** Runs a script in a fresh node process at the package root and parses the JSON it prints. */
function runNode(script: string): any {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'lib', 'pulumi', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen build` (or `npx projen compile && npx tsc -p src/pulumi/tsconfig.json`) first');
  }
});

test('the root entry never loads @pulumi', () => {
  const loaded: string[] = runNode('require(\'./lib/index.js\'); console.log(JSON.stringify(Object.keys(require.cache)));');
  expect(loaded).toContain(path.join(root, 'lib', 'index.js'));
  expect(loaded.filter(file => file.includes(`${path.sep}@pulumi${path.sep}`))).toEqual([]);
});

test('cdk8s-spire/pulumi resolves to the tsc-built lib/pulumi and loads the Pulumi SDK', () => {
  const { exports, loaded } = runNode('const m = require(\'cdk8s-spire/pulumi\'); '
    + 'console.log(JSON.stringify({ exports: Object.keys(m).sort(), loaded: Object.keys(require.cache) }));');
  expect(exports).toEqual(['SPIRE_MESH_TYPE', 'SpireMesh', 'buildSpireMeshManifests']);
  expect(loaded).toEqual(expect.arrayContaining([
    path.join(root, 'lib', 'pulumi', 'index.js'),
    path.join(root, 'lib', 'pulumi', 'dependencies.js'),
    path.join(root, 'lib', 'index.js'),
  ]));
  expect(loaded.some((file: string) => file.includes(`${path.sep}@pulumi${path.sep}kubernetes${path.sep}`))).toBe(true);
});
