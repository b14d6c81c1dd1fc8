export * from './bundle-endpoint-serving';
export * from './bundle-endpoint-exposure';
export * from './bundle-endpoint-options';
export * from './federation-options';
