import { synthQuickstart } from './synth';

synthQuickstart(process.argv[2] ?? 'dist');
