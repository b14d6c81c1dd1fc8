import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propertyMessage } from '../errors';
import { errorFindings } from '../plan/render-report';
import type { ISpire } from '../spire-ref';
import { IdentityPlanReport } from './identity-plan-report';

/** Properties of an IdentityPlan. */
export interface IdentityPlanProps {
  /**
   * The SPIRE installation whose controller manager does the registering: its trust domain,
   * cluster name, className, watchClassless and ignored namespaces.
   * @default - read from the ControllerManagerConfig among the app's objects
   */
  readonly spire?: ISpire;
  /**
   * Turn error findings (a workload enrolled in Istio without an ID, an ambiguous mesh
   * identity, an ID Istio rejects, federation without a bundle) into synth-time errors, so
   * nothing is written.
   * @default false
   */
  readonly failOnErrors?: boolean;
  /**
   * Cluster DNS domain for `autoPopulateDnsNames`.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Objects another tool deploys, planned with the app's own (for example the gateway
   * Deployments istioctl installs).
   * @default - none
   */
  readonly additionalObjects?: any[];
}

/**
 * Plans, at synth, which SPIFFE ID spire-controller-manager gives each workload of the app,
 * following its rules (className, namespace and pod selectors, ignored namespaces, fallback,
 * template rendering, identical-entry masking), and reports what will go wrong. Add one to
 * any chart; `report()` gives the plan, and `failOnErrors` stops synth on error findings.
 */
export class IdentityPlan extends Construct {
  private readonly props: IdentityPlanProps;

  constructor(scope: Construct, id: string, props: IdentityPlanProps = {}) {
    super(scope, id);
    this.props = props;
    if (props.failOnErrors) {
      this.node.addValidation({ validate: () => this.errors() });
    }
  }

  /** Plans every object of the app as it stands now. */
  public report(): IdentityPlanReport {
    const root = this.node.root;
    const objects = root.node.findAll().filter((c: IConstruct): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
    const spire = this.props.spire;
    return IdentityPlanReport.fromObjects(objects, {
      trustDomain: spire?.trustDomain,
      clusterName: spire?.clusterName,
      className: spire?.className,
      watchClassless: spire?.watchClassless,
      ignoreNamespaces: spire?.ignoredNamespacePatterns,
      clusterDomain: this.props.clusterDomain,
      additionalObjects: this.props.additionalObjects,
    });
  }

  private errors(): string[] {
    let report: IdentityPlanReport;
    try {
      report = this.report();
    } catch (e) {
      return [propertyMessage(this, 'spire', undefined, `is needed: the app has no ControllerManagerConfig to plan with (${(e as Error).message})`,
        'pass the Spire whose controller manager registers the workloads')];
    }
    return errorFindings(report._data).map((f) =>
      propertyMessage(this, f.rule, f.subject, `${f.message.replace(/\.$/, '')} (${f.source})`, f.fix.replace(/\.$/, '')));
  }
}
