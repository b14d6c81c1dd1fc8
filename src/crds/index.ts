export * from './spire-crds';
