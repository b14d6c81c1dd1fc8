import { synthIstioExample } from './app';
import { writeIstioIdentityPlan } from './identity-plan';

const outdir = process.argv[2] ?? 'dist/istio';
synthIstioExample(outdir);
writeIstioIdentityPlan(outdir);
