import { istioctlGatewayWorkloads } from './istioctl-gateways';
import { IdentityPlanReport } from 'cdk8s-spire';

/**
 * Writes identity-plan.md and identity-plan.json for the manifests in `outdir`,
 * counting the gateways istioctl will create from the IstioOperator there.
 */
export function writeIstioIdentityPlan(outdir: string): IdentityPlanReport {
  const report = IdentityPlanReport.fromDirectory(outdir, { additionalObjects: istioctlGatewayWorkloads(outdir) });
  report.writeFiles(outdir);
  return report;
}
