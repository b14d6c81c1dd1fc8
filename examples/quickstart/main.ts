import { buildQuickstart } from './app';

buildQuickstart(process.argv[2] ?? 'dist').synth();
