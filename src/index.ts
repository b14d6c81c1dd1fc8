// The public API (jsii reads every export below).
//
// Start-up rule: `require('cdk8s-spire')` must stay almost free and the quick
// start (Spire, SpireCrds, ClusterSpiffeId) must load only what it uses.
// - lib/index.js is not tsc's output of this file: projenrc/lazy-index.ts turns
//   each `export *` below into a getter that initializes its module on first use
//   of one of its names, and bundles the result into that file, with istio/**,
//   workload/**, plan/**, identity-plan/** and federation's construct side in a
//   second one, lib/cold.js, read on their first use. So only
//   `export * from './module';` lines belong here.
// - A module on the quick start's path (spire.ts, components/**, registration/**,
//   crds/**, config/**, spiffe/**) imports a rarely used module (istio/**,
//   workload/**, federation or identity-plan helpers, anything pulling in
//   cdk8s-plus) only with `import type`, and loads it where it is used, as
//   Spire.mountWorkloadApi does with workload/workload-target.
// - No work at import time: no top-level computation beyond constants; build
//   tables lazily. @pulumi/* only in src/pulumi (the ./pulumi subpath).
// test/startup/lazy-entry.test.ts checks the quick start's static imports.
export * from './images';
export * from './spire-props';
export * from './spire-ref';
export * from './spire';
export * from './components/common/log-level';
export * from './components/common/container-resources';
export * from './components/common/log-format';
export * from './components/common/telemetry';
export * from './components/common/topology';
export * from './components/server/key-type';
export * from './components/server/ca-subject';
export * from './components/server/data-store';
export * from './components/server/upstream-authority';
export * from './components/server/server-key-manager';
export * from './components/server/network-policy-options';
export * from './components/server/server-options';
export * from './components/server/controller-manager-options';
export * from './components/agent/kubelet-verification';
export * from './components/agent/agent-sds-options';
export * from './components/agent/agent-options';
export * from './components/agent/agent-key-manager';
export * from './components/agent/workload-attestor-options';
export * from './components/csi/csi-driver-options';
export * from './components/oidc';
export * from './crds';
export * from './registration';
export * from './federation';
export * from './workload/workload-api-mount-options';
export * from './istio';
export * from './identity-plan';
