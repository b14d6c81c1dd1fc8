import { istioctlInstallObjects } from './istioctl-gateways';
import { IdentityPlanReport } from 'cdk8s-spire';

/**
 * Writes identity-plan.md and identity-plan.json for the manifests in `outdir`,
 * with what istioctl installs from the IstioOperator there (its gateways, its injector's templates).
 */
export function writeIstioIdentityPlan(outdir: string): IdentityPlanReport {
  const report = IdentityPlanReport.fromDirectory(outdir, { additionalObjects: istioctlInstallObjects(outdir) });
  report.writeFiles(outdir);
  return report;
}
