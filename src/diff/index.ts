// The manifest diff: pure functions over plain Kubernetes objects, no cdk8s. Internal to the
// package: its public face is the `cdk8s-spire diff` command (src/cli/diff-command.ts).
export * from './model';
export * from './diff';
export * from './render';
export { DIFF_RULES } from './rules';
export type { DiffRule } from './rules';
