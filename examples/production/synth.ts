import { buildProduction } from './app';
import { IdentityPlan } from 'cdk8s-spire';

/**
 * Writes the production example's manifests and, next to them, its identity
 * plan (identity-plan.md and identity-plan.json). Error findings stop synth
 * before anything is written.
 */
export function synthProduction(outdir = 'dist/production'): void {
  const app = buildProduction(outdir);
  const plan = new IdentityPlan(app, 'identity-plan', { failOnErrors: true });
  app.synth();
  plan.report().writeFiles(outdir);
}
