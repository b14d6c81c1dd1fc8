// The `cdk8s-spire` command: dispatches on its verb.

import type { CommandIo } from './command-io';
import { DIFF_USAGE, runDiff } from './diff-command';
import { runPlan, USAGE as PLAN_USAGE } from './plan-command';

export type { CommandIo } from './command-io';

export const USAGE = `Usage: cdk8s-spire <command> [options]

Commands:
  plan <inputs...>          which SPIFFE ID each workload of the manifests gets, and what will go wrong
  diff <before> <after>     what applying the new manifests over the old ones will break, and the rollout

Run \`cdk8s-spire <command> --help\` for a command's options.

${PLAN_USAGE}
${DIFF_USAGE}`;

const COMMANDS: Record<string, (args: readonly string[], io: CommandIo) => number> = {
  plan: runPlan,
  diff: runDiff,
};

/** Runs the CLI; returns the exit status. */
export function runCli(argv: readonly string[], io: CommandIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`cdk8s-spire: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return run(rest, io);
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
