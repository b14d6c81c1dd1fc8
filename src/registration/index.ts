export * from './label-selector';
export * from './bundle-endpoint-profile';
export * from './cluster-spiffe-id';
export * from './cluster-federated-trust-domain';
export * from './cluster-static-entry';
