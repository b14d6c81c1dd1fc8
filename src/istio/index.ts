export * from './mesh-enrollment';
export * from './native-sidecar-mode';
export * from './socket-readiness';
export * from './istio-gateway';
export * from './istio-operator-options';
export * from './istio-integration-props';
export * from './istio-integration';
