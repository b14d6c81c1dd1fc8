// Packs the library the way it is published: the files `npm pack` selects, with
// the optional peer dependencies of the ./pulumi subpath added to the packed
// package.json.
//
// Why not in package.json itself: jsii loads every peer dependency as a jsii
// assembly and fails on @pulumi/* ("Unable to find a JSII dependency",
// research/TOOLCHAIN.md §1.4), optional or not. So the repository's package.json
// (jsii's input) leaves them out, and the published one declares them, optional,
// so npm never installs them for a cdk8s user and tells a Pulumi user the range.
//
// Usage: tsx projenrc/pack.ts <destination directory>   (prints the tarball path)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PULUMI_PEER_DEPENDENCIES } from '../src/pulumi/peer-dependencies';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: readonly string[], cwd: string): string {
  return execFileSync(NPM, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const destination = path.resolve(process.argv[2] ?? path.join(root, 'build', 'package', 'js'));
  fs.mkdirSync(destination, { recursive: true });

  // The file list npm would publish from the repository (.npmignore applies).
  const [dryRun] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as [{ files: { path: string }[] }];
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-pack-'));
  try {
    for (const { path: file } of dryRun.files) {
      fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(stage, file));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    manifest.peerDependencies = { ...manifest.peerDependencies, ...PULUMI_PEER_DEPENDENCIES };
    manifest.peerDependenciesMeta = {
      ...manifest.peerDependenciesMeta,
      ...Object.fromEntries(Object.keys(PULUMI_PEER_DEPENDENCIES).map((name) => [name, { optional: true }])),
    };
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, undefined, 2)}\n`);

    const [packed] = JSON.parse(npm(['pack', stage, '--json', '--ignore-scripts', '--pack-destination', destination], root)) as [{ filename: string }];
    process.stdout.write(`${path.join(destination, packed.filename)}\n`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
