// `cdk8s-spire plan <inputs...>`: the identity plan of manifests (ours, the Pulumi
// component's, or any other tool's rendered YAML), as a table, JSON or Markdown.

import { CommandIo, useColor, walkArgs } from './command-io';
import { readManifestInputs, readProcessStdin, STDIN } from './manifest-input';
import { IdentityPlanOptions, IdentityPlanReport } from '../identity-plan/identity-plan-report';

export type { CommandIo } from './command-io';

export const USAGE = `Usage: cdk8s-spire plan <directory-or-file>... [options]

Shows which SPIFFE ID spire-controller-manager will give each workload of the manifests,
and what will go wrong, before anything is applied.

Inputs: one or more directories (their *.yaml, *.yml, *.json files) or files, planned
together, or - for standard input:
  cdk8s-spire plan dist/istio dist/istio/istioctl
  helm template spire spiffe/spire -f values.yaml | cdk8s-spire plan -

Output (default: a table):
  --json                    the plan as JSON
  --markdown                Markdown with a Mermaid diagram, for a pull-request comment
  --no-color                no colours (also when NO_COLOR is set or stdout is not a terminal)

Controller manager settings (default: the ControllerManagerConfig found in the manifests):
  --trust-domain <td>       trust domain
  --cluster-name <name>     cluster name
  --cluster-domain <domain> cluster DNS domain (default cluster.local)
  --class-name <name>       className the controller reconciles
  --watch-classless         also reconcile resources without a className
  --ignore-namespace <re>   an ignored-namespace regular expression (repeatable; replaces the config's list)

Exit status: 0 no error findings, 1 error findings, 2 bad usage or unreadable input.
`;

interface Parsed {
  readonly targets: string[];
  readonly format: 'text' | 'json' | 'markdown';
  readonly color: boolean;
  readonly help: boolean;
  readonly options: IdentityPlanOptions;
}

function parseArgs(args: readonly string[]): Parsed | string {
  const targets: string[] = [];
  const options: { -readonly [K in keyof IdentityPlanOptions]: IdentityPlanOptions[K] } = {};
  const ignore: string[] = [];
  const common = walkArgs(args, (arg, value) => {
    switch (arg) {
      case '--trust-domain': options.trustDomain = value(); break;
      case '--cluster-name': options.clusterName = value(); break;
      case '--cluster-domain': options.clusterDomain = value(); break;
      case '--class-name': options.className = value(); break;
      case '--watch-classless': options.watchClassless = true; break;
      case '--ignore-namespace': ignore.push(value()); break;
      default: return false;
    }
    return true;
  }, (arg) => {
    if (arg === STDIN && targets.includes(STDIN)) return 'standard input (-) can be read only once';
    targets.push(arg);
    return undefined;
  });
  if (typeof common === 'string') return common;
  const { format, color, help } = common;
  if (ignore.length > 0) options.ignoreNamespaces = ignore;
  return { targets, format, color, help, options };
}

/** Runs `cdk8s-spire plan` with the arguments after the verb; returns the exit status. */
export function runPlan(rest: readonly string[], io: CommandIo): number {
  const parsed = parseArgs(rest);
  if (typeof parsed === 'string') {
    io.stderr(`cdk8s-spire plan: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.targets.length === 0) {
    io.stderr(`cdk8s-spire plan: name the directory of manifests, e.g. cdk8s-spire plan dist/\n\n${USAGE}`);
    return 2;
  }
  let report: IdentityPlanReport;
  try {
    const { objects, files } = readManifestInputs(parsed.targets, io.readStdin ?? readProcessStdin);
    if (io.stderrIsTty) io.stderr(`Read ${objects.length} objects from ${files.length} file(s) in ${parsed.targets.join(', ')}\n`);
    report = IdentityPlanReport.fromObjects(objects, parsed.options);
  } catch (e) {
    io.stderr(`cdk8s-spire plan: ${(e as Error).message}\n`);
    return 2;
  }
  const color = useColor(parsed.color, io);
  if (parsed.format === 'json') io.stdout(report.toJsonString());
  else if (parsed.format === 'markdown') io.stdout(report.toMarkdown());
  else io.stdout(report.toText(color));
  return report.errorCount > 0 ? 1 : 0;
}
