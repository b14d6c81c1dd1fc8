export * from './image-reference';
export * from './release-version';
export * from './spire-skew';
export * from './spire-components';
export * from './known-defects';
export * from './image-checks';
export * from './image-findings';
