import { synthFederationExample } from './app';

synthFederationExample(process.argv[2] ?? 'dist/federation');
