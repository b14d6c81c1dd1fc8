import { synthIstioExample } from './app';

synthIstioExample(process.argv[2] ?? 'dist/istio');
