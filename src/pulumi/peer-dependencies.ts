/**
 * The packages `cdk8s-spire/pulumi` needs next to it, with the versions it
 * supports. The published package.json declares them as optional peer
 * dependencies (projenrc/pack.ts adds them; jsii refuses them in the
 * repository's package.json), and the ./pulumi entry names them when one is
 * missing (dependencies.ts). Pure data: .projenrc tooling imports it too.
 *
 * @pulumi/kubernetes 4.10.0 is the first release with the yaml/v2 ConfigGroup
 * and its CRD-first ordering that SpireMesh deploys through; @pulumi/pulumi
 * ^3.142.0 is what the @pulumi/kubernetes line tested here (4.34) requires.
 */
export const PULUMI_PEER_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@pulumi/pulumi': '^3.142.0',
  '@pulumi/kubernetes': '^4.10.0',
};
