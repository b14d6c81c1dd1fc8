// Pure validation of SPIFFE and Kubernetes values; no constructs. template-lexer, template-data
// and describe are internal helpers and stay unexported.
export * from './dns-name';
export * from './duration';
export * from './entry-hint';
export * from './host-name';
export * from './k8s-names';
export * from './selector';
export * from './spiffe-id';
export * from './template';
export * from './trust-domain';
export * from './url';
