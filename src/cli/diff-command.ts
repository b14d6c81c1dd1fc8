// `cdk8s-spire diff <before> <after>`: what applying the new manifests over the old ones will
// do (refused updates, identities taken away, SPIRE upgrade rules, objects left behind), the
// identities side by side and the rollout, as a report, JSON or Markdown.

import { CommandIo, useColor, walkArgs } from './command-io';
import { ManifestInput, readManifestInputs, readProcessStdin, STDIN } from './manifest-input';
import { countFindings, diffManifests, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../diff';
import type { ManifestDiffData } from '../diff';
import { parseConfigText } from '../identity-plan/yaml-documents';
import type { KubeObject } from '../plan/model';

export const DIFF_USAGE = `Usage: cdk8s-spire diff <before> <after> [options]
       cdk8s-spire diff --before <input> [--before <input>...] --after <input> [--after <input>...] [options]

Compares the manifests applied now (before) with the ones about to be applied (after), and
says what \`kubectl apply\` will do: updates the API server refuses, changes it accepts that take
SPIFFE identities away (trust domain, datastore, server location, socket path, CSI driver name,
federation), SPIRE upgrade-order violations and objects it leaves behind; then each workload's
SPIFFE IDs before and after, and the rollout this change needs.

Inputs: each side is a directory (its *.yaml, *.yml, *.json files), a file, or - for standard
input (one side at most). Several inputs per side with --before/--after, repeated:
  cdk8s-spire diff old/ dist/
  git show main:dist/0001-spire.k8s.yaml | cdk8s-spire diff - dist/0001-spire.k8s.yaml
  cdk8s-spire diff --before old/ --before old/istioctl --after dist/ --after dist/istioctl

Output (default: a report):
  --json                    the findings, identities and rollout as JSON
  --markdown                Markdown, for a pull-request comment
  --no-color                no colours (also when NO_COLOR is set or stdout is not a terminal)

Exit status: 0 no error findings, 1 error findings, 2 bad usage or unreadable input.
`;

interface ParsedDiff {
  readonly before: string[];
  readonly after: string[];
  readonly format: 'text' | 'json' | 'markdown';
  readonly color: boolean;
  readonly help: boolean;
}

function parseDiffArgs(args: readonly string[]): ParsedDiff | string {
  const before: string[] = [];
  const after: string[] = [];
  const positional: string[] = [];
  const common = walkArgs(args, (arg, value) => {
    if (arg === '--before') before.push(value());
    else if (arg === '--after') after.push(value());
    else return false;
    return true;
  }, (arg) => {
    positional.push(arg);
    return undefined;
  });
  if (typeof common === 'string') return common;
  const { format, color, help } = common;
  if (help) return { before, after, format, color, help };
  if (positional.length > 0) {
    if (before.length > 0 || after.length > 0) return 'give the inputs either as <before> <after> or with --before/--after, not both';
    if (positional.length !== 2) return `name two inputs, before and after (got ${positional.length}); use --before/--after for several per side`;
    before.push(positional[0]);
    after.push(positional[1]);
  }
  if (before.length === 0 || after.length === 0) return 'name both sides: cdk8s-spire diff <before> <after>';
  if ([...before, ...after].filter((t) => t === STDIN).length > 1) return 'only one side can read standard input (-)';
  return { before, after, format, color, help };
}

/** Runs `cdk8s-spire diff` with the arguments after the verb; returns the exit status. */
export function runDiff(rest: readonly string[], io: CommandIo): number {
  const parsed = parseDiffArgs(rest);
  if (typeof parsed === 'string') {
    io.stderr(`cdk8s-spire diff: ${parsed}\n\n${DIFF_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(DIFF_USAGE);
    return 0;
  }
  let data: ManifestDiffData;
  try {
    const readStdin = io.readStdin ?? readProcessStdin;
    const before = readManifestInputs(parsed.before, readStdin);
    const after = readManifestInputs(parsed.after, readStdin);
    if (io.stderrIsTty) io.stderr(`Read ${before.objects.length} objects before and ${after.objects.length} after\n`);
    data = diffManifests(manifestSet(before), manifestSet(after), { parseConfig: parseConfigText });
  } catch (e) {
    io.stderr(`cdk8s-spire diff: ${(e as Error).message}\n`);
    return 2;
  }
  if (parsed.format === 'json') io.stdout(renderDiffJson(data));
  else if (parsed.format === 'markdown') io.stdout(renderDiffMarkdown(data));
  else io.stdout(renderDiffText(data, useColor(parsed.color, io)));
  return countFindings(data).error > 0 ? 1 : 0;
}

function manifestSet(input: ManifestInput) {
  return { objects: input.objects as KubeObject[], sources: input.files, objectSources: input.objectSources };
}
