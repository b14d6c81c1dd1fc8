export * from './oidc-key-source';
export * from './oidc-serving';
export * from './oidc-discovery-provider-props';
export * from './oidc-discovery-provider';
