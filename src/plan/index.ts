// The identity planner: pure functions over plain Kubernetes objects, no cdk8s. Internal to the
// package: the public API is IdentityPlan / IdentityPlanReport (src/identity-plan) and the CLI.
export * from './model';
export * from './controller-settings';
export * from './planner';
export * from './render-report';
export * from './go-template';
export { flattenObjects } from './kube-list';
