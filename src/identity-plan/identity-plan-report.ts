import * as fs from 'fs';
import * as path from 'path';
import { parseConfigText, readManifestDirectory } from './yaml-documents';
import { controllerSettings, findControllerConfigs } from '../plan/controller-settings';
import type { IdentityPlanData, KubeObject } from '../plan/model';
import { planIdentities } from '../plan/planner';
import { errorFindings, renderJson, renderMarkdown, renderText, summarise } from '../plan/render-report';

/** Controller manager settings for a plan; each one overrides the ControllerManagerConfig found in the manifests. */
export interface IdentityPlanOptions {
  /**
   * The controller manager's trust domain.
   * @default - from the ControllerManagerConfig in the manifests (required when there is none)
   */
  readonly trustDomain?: string;
  /**
   * The controller manager's cluster name.
   * @default - from the ControllerManagerConfig in the manifests (required when there is none)
   */
  readonly clusterName?: string;
  /**
   * Cluster DNS domain for `autoPopulateDNSNames` (`<svc>.<ns>.svc.<clusterDomain>`).
   * @default - the config's clusterDomain, else "cluster.local" (the controller detects it at start-up)
   */
  readonly clusterDomain?: string;
  /**
   * The className the controller manager reconciles.
   * @default - the config's className, else "" (classless resources only)
   */
  readonly className?: string;
  /**
   * Whether the controller also reconciles resources without a className.
   * @default - the config's watchClassless, else false
   */
  readonly watchClassless?: boolean;
  /**
   * Namespaces the controller ignores: unanchored regular expressions.
   * @default - the config's ignoreNamespaces, else kube-system, kube-public, spire-system
   */
  readonly ignoreNamespaces?: string[];
  /**
   * More objects to plan with, such as workloads another tool installs (istioctl's gateways).
   * @default - none
   */
  readonly additionalObjects?: any[];
}

/** File names `writeFiles` uses. */
const MARKDOWN_FILE = 'identity-plan.md';
const JSON_FILE = 'identity-plan.json';

/**
 * Which SPIFFE ID each workload of a set of manifests gets from spire-controller-manager, and
 * what will go wrong (workloads enrolled in Istio without an ID, pods matched by several
 * registrations, IDs Istio rejects, federation without a bundle), computed before anything is
 * applied by following the controller manager's own rules.
 */
export class IdentityPlanReport {
  /** Plans `objects` (plain Kubernetes objects, `List`s flattened). */
  public static fromObjects(objects: any[], options: IdentityPlanOptions = {}): IdentityPlanReport {
    const all = [...objects, ...(options.additionalObjects ?? [])] as KubeObject[];
    const configs = findControllerConfigs(all, parseConfigText);
    const [first] = configs;
    const settings = controllerSettings(first?.config, first?.source, {
      trustDomain: options.trustDomain,
      clusterName: options.clusterName,
      clusterDomain: options.clusterDomain,
      className: options.className,
      watchClassless: options.watchClassless,
      ignoreNamespaces: options.ignoreNamespaces,
    });
    if (typeof settings === 'string') throw new Error(`identity plan: ${settings}`);
    return new IdentityPlanReport(planIdentities(all, settings), configs.length);
  }

  /** Plans the manifests (`*.yaml`, `*.yml`, `*.json`) in `directory`, or one manifest file. */
  public static fromDirectory(directory: string, options: IdentityPlanOptions = {}): IdentityPlanReport {
    return IdentityPlanReport.fromObjects(readManifestDirectory(directory).objects, options);
  }

  /** Findings that are errors. */
  public readonly errorCount: number;
  /** Findings that are warnings. */
  public readonly warningCount: number;
  /** Findings that are informational. */
  public readonly infoCount: number;
  /** How many ControllerManagerConfigs the manifests hold (the first one is used). */
  public readonly controllerConfigCount: number;

  private constructor(private readonly data: IdentityPlanData, controllerConfigs: number) {
    const counts = summarise(data);
    this.errorCount = counts.error;
    this.warningCount = counts.warning;
    this.infoCount = counts.info;
    this.controllerConfigCount = controllerConfigs;
  }

  /** One line per error finding: subject, message and fix. */
  public errorMessages(): string[] {
    return errorFindings(this.data).map((f) => `${f.rule} ${f.subject}: ${f.message}. Fix: ${f.fix}.`);
  }

  /** The plan as Markdown with a Mermaid diagram, for a pull-request comment. */
  public toMarkdown(): string {
    return renderMarkdown(this.data);
  }

  /** The plan as a terminal table. */
  public toText(color: boolean = false): string {
    return renderText(this.data, color);
  }

  /** The plan as JSON text. */
  public toJsonString(): string {
    return renderJson(this.data);
  }

  /** The plan as a plain object (what `toJsonString` serialises). */
  public toJson(): any {
    return JSON.parse(renderJson(this.data));
  }

  /** Writes `identity-plan.md` and `identity-plan.json` into `directory`. */
  public writeFiles(directory: string): void {
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, MARKDOWN_FILE), this.toMarkdown());
    fs.writeFileSync(path.join(directory, JSON_FILE), this.toJsonString());
  }

  /** @internal The plan data, for the construct and the CLI. */
  public get _data(): IdentityPlanData {
    return this.data;
  }
}
