// Loaded first by index.ts, before anything requires @pulumi/*: @pulumi/pulumi and
// @pulumi/kubernetes are optional peer dependencies of the package (a cdk8s user
// never installs them), so without this a cdk8s-only user who imports the
// ./pulumi subpath gets a bare "Cannot find module".

import { PULUMI_PEER_DEPENDENCIES } from './peer-dependencies';

/** The packages `cdk8s-spire/pulumi` needs next to it, with the ranges it supports. */
const REQUIRED_PACKAGES: ReadonlyArray<readonly [name: string, range: string]> = Object.entries(PULUMI_PEER_DEPENDENCIES);

/**
 * Checks that the Pulumi packages `cdk8s-spire/pulumi` needs can be found, and
 * throws an Error naming the missing ones and the command that installs them.
 *
 * Pure apart from calling `resolve`, so it is testable without uninstalling
 * anything.
 *
 * @param resolve resolves a package name the way `require.resolve` does:
 * returns anything when found, throws when not.
 */
export function checkPulumiDependencies(resolve: (request: string) => unknown): void {
  const missing = REQUIRED_PACKAGES.filter(([name]) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  }).map(([name]) => name);
  if (missing.length === 0) return;
  const supported = REQUIRED_PACKAGES.map(([name, range]) => `${name} ${range}`).join(', ');
  throw new Error(`cdk8s-spire/pulumi needs ${missing.join(' and ')}: npm install ${REQUIRED_PACKAGES.map(([name]) => name).join(' ')} `
    + `(supported: ${supported}). The cdk8s constructs ('cdk8s-spire') work without them.`);
}

checkPulumiDependencies(request => require.resolve(request));
