export * from './json';
export * from './plugins';
export * from './server-config';
export * from './agent-config';
export * from './controller-manager-config';
