import { synthProduction } from './synth';

synthProduction(process.argv[2] ?? 'dist/production');
