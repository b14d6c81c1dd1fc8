// `cdk8s-spire plan <dir>`: the identity plan of a directory of manifests (ours, the Pulumi
// component's, or any other tool's rendered YAML), as a table, JSON or Markdown.

import { IdentityPlanOptions, IdentityPlanReport } from '../identity-plan/identity-plan-report';
import { readManifestDirectory } from '../identity-plan/yaml-documents';

/** Where the command writes, and what it knows about the terminal. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is a terminal (colours). */
  readonly stdoutIsTty: boolean;
  /** stderr is a terminal (progress). */
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const USAGE = `Usage: cdk8s-spire plan <directory-or-file> [options]

Shows which SPIFFE ID spire-controller-manager will give each workload of the manifests,
and what will go wrong, before anything is applied.

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
  readonly target?: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly color: boolean;
  readonly help: boolean;
  readonly options: IdentityPlanOptions;
}

function parseArgs(args: readonly string[]): Parsed | string {
  let format: Parsed['format'] = 'text';
  let color = true;
  let help = false;
  let target: string | undefined;
  const options: { -readonly [K in keyof IdentityPlanOptions]: IdentityPlanOptions[K] } = {};
  const ignore: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    try {
      switch (arg) {
        case '--help': case '-h': help = true; break;
        case '--json': format = 'json'; break;
        case '--markdown': format = 'markdown'; break;
        case '--no-color': color = false; break;
        case '--trust-domain': options.trustDomain = value(); break;
        case '--cluster-name': options.clusterName = value(); break;
        case '--cluster-domain': options.clusterDomain = value(); break;
        case '--class-name': options.className = value(); break;
        case '--watch-classless': options.watchClassless = true; break;
        case '--ignore-namespace': ignore.push(value()); break;
        default:
          if (arg.startsWith('-')) return `unknown option ${arg}`;
          if (target !== undefined) return `only one directory or file, got "${target}" and "${arg}"`;
          target = arg;
      }
    } catch (e) {
      if (e instanceof UsageError) return e.message;
      throw e;
    }
  }
  if (ignore.length > 0) options.ignoreNamespaces = ignore;
  return { target, format, color, help, options };
}

class UsageError extends Error {}

/** Runs the CLI; returns the exit status. */
export function runCli(argv: readonly string[], io: CommandIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'plan') {
    io.stderr(`cdk8s-spire: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const parsed = parseArgs(rest);
  if (typeof parsed === 'string') {
    io.stderr(`cdk8s-spire plan: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!parsed.target) {
    io.stderr(`cdk8s-spire plan: name the directory of manifests, e.g. cdk8s-spire plan dist/\n\n${USAGE}`);
    return 2;
  }
  let report: IdentityPlanReport;
  try {
    const { objects, files } = readManifestDirectory(parsed.target);
    if (io.stderrIsTty) io.stderr(`Read ${objects.length} objects from ${files.length} file(s) in ${parsed.target}\n`);
    report = IdentityPlanReport.fromObjects(objects, parsed.options);
  } catch (e) {
    io.stderr(`cdk8s-spire plan: ${(e as Error).message}\n`);
    return 2;
  }
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  const color = parsed.color && io.stdoutIsTty && !io.env.NO_COLOR;
  if (parsed.format === 'json') io.stdout(report.toJsonString());
  else if (parsed.format === 'markdown') io.stdout(report.toMarkdown());
  else io.stdout(report.toText(color));
  return report.errorCount > 0 ? 1 : 0;
}

/** Entry point of the `cdk8s-spire` bin. */
export function main(): void {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
  });
}
