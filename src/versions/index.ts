export * from './image-reference';
export * from './release-version';
export * from './spire-skew';
export * from './spire-components';
