import { buildProduction } from './app';

buildProduction(process.argv[2] ?? 'dist/production').synth();
