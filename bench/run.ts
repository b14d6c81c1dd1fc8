// Benchmark driver (a report, not a test): always exits 0, prints FAIL for a missed target.
// 1. whole-process time and peak RSS of the quickstart (`node build/examples/quickstart/main.js <dir>`);
// 2. construct/synth time, peak RSS and YAML size for N ClusterSpiffeIds (bench/registrations.ts),
//    each N in fresh processes;
// 3. the identity plan of N workloads against N registrations (bench/plan.ts), in fresh processes;
// 4. a table, the targets with PASS/FAIL, and build/bench/results.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PlanResult } from './plan';
import type { RegistrationsResult } from './registrations';

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const QUICKSTART_MAIN = path.join(BUILD, 'examples', 'quickstart', 'main.js');
const REGISTRATIONS = path.join(BUILD, 'bench', 'registrations.js');
const PLAN = path.join(BUILD, 'bench', 'plan.js');
const RSS_PRELOAD = path.join(BUILD, 'bench', 'rss-preload.js');
const RESULTS = path.join(BUILD, 'bench', 'results.json');
const GNU_TIME = '/usr/bin/time';

const QUICKSTART_WARMUPS = 2;
const QUICKSTART_RUNS = 15;
const QUICKSTART_RSS_RUNS = 3;
const REGISTRATION_RUNS = 3;
/** 0 is the fixed cost (CRDs + SPIRE) subtracted to get the per-registration cost. */
const REGISTRATION_SIZES = [0, 1000, 3000, 10000];

const TARGET_QUICKSTART_MS = 400;
const TARGET_10K_TOTAL_MS = 3000;
const TARGET_10K_RSS_MB = 250;
const TARGET_LINEARITY = 1.5;
const PLAN_SIZE = 1000;
const PLAN_RUNS = 3;
const TARGET_PLAN_MS = 1000;

interface QuickstartResult {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly maxRssMb: number;
  readonly rssMethod: string;
}

interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

interface RunOutcome {
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): RunOutcome {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  }
  return { wallMs, stdout: child.stdout, stderr: child.stderr };
}

function withTempDir<T>(body: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-quickstart-'));
  try {
    return body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** GNU time's `-f %M` (peak RSS in KiB) if it works here, else a `--require` preload that reports it. */
function rssMethod(): 'gnu-time' | 'preload' {
  if (!fs.existsSync(GNU_TIME)) return 'preload';
  const probe = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', ''], { encoding: 'utf8' });
  const lines = (probe.stderr ?? '').trim().split('\n');
  return probe.status === 0 && /^\d+$/.test(lines[lines.length - 1] ?? '') ? 'gnu-time' : 'preload';
}

function peakRssKb(method: 'gnu-time' | 'preload', script: string, args: readonly string[]): number {
  const outcome = method === 'gnu-time'
    ? run(GNU_TIME, ['-f', '%M', process.execPath, script, ...args])
    : run(process.execPath, ['--require', RSS_PRELOAD, script, ...args]);
  const lines = outcome.stderr.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const match = method === 'gnu-time' ? /^(\d+)$/.exec(last) : /^__BENCH_MAXRSS_KB=(\d+)$/.exec(last);
  if (!match) throw new Error(`cannot read peak RSS (${method}) from: ${outcome.stderr}`);
  return Number(match[1]);
}

function benchQuickstart(): QuickstartResult {
  const quickstart = (dir: string): number => run(process.execPath, [QUICKSTART_MAIN, dir]).wallMs;
  for (let i = 0; i < QUICKSTART_WARMUPS; i++) withTempDir(quickstart);
  const times: number[] = [];
  for (let i = 0; i < QUICKSTART_RUNS; i++) times.push(withTempDir(quickstart));
  // Peak RSS in separate runs, so the timed runs are plain `node main.js`.
  const method = rssMethod();
  const rss: number[] = [];
  for (let i = 0; i < QUICKSTART_RSS_RUNS; i++) rss.push(withTempDir((dir) => peakRssKb(method, QUICKSTART_MAIN, [dir])));
  return {
    runs: QUICKSTART_RUNS,
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    maxMs: round(Math.max(...times)),
    maxRssMb: round(Math.max(...rss) / 1024),
    rssMethod: method === 'gnu-time' ? `${GNU_TIME} -f %M` : 'node --require rss-preload',
  };
}

function benchRegistrations(n: number): RegistrationsResult {
  const samples: RegistrationsResult[] = [];
  for (let i = 0; i < REGISTRATION_RUNS; i++) {
    const lines = run(process.execPath, [REGISTRATIONS, String(n)]).stdout.trim().split('\n');
    samples.push(JSON.parse(lines[lines.length - 1]) as RegistrationsResult);
  }
  const med = (key: keyof RegistrationsResult): number => round(median(samples.map((sample) => sample[key])));
  return {
    n,
    constructMs: med('constructMs'),
    synthMs: med('synthMs'),
    totalMs: med('totalMs'),
    maxRssMb: med('maxRssMb'),
    outputBytes: med('outputBytes'),
  };
}

function benchPlan(): PlanResult {
  const samples: PlanResult[] = [];
  for (let i = 0; i < PLAN_RUNS; i++) {
    const lines = run(process.execPath, [PLAN, String(PLAN_SIZE)]).stdout.trim().split('\n');
    samples.push(JSON.parse(lines[lines.length - 1]) as PlanResult);
  }
  const med = (key: keyof PlanResult): number => round(median(samples.map((sample) => sample[key])));
  return {
    workloads: PLAN_SIZE,
    registrations: samples[0].registrations,
    planMs: med('planMs'),
    renderMs: med('renderMs'),
    entries: samples[0].entries,
    findings: samples[0].findings,
  };
}

/** Numbers right-aligned, text left-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const numeric = header.map((_, column) => rows.every((row) => /^[-\d.]+$/.test(row[column])));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function main(): void {
  const loadAverageAtStart = os.loadavg().map((load) => round(load, 2));
  for (const file of [QUICKSTART_MAIN, REGISTRATIONS, PLAN, RSS_PRELOAD]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npx projen bench\` (it compiles first)`);
  }
  process.stdout.write(`cdk8s-spire benchmark — node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()}/${os.arch()}, `
    + `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} (other processes skew wall times)\n\n`);

  const quickstart = benchQuickstart();
  process.stdout.write(`Quickstart, whole process (node build/examples/quickstart/main.js <tmpdir>), ${quickstart.runs} runs after ${QUICKSTART_WARMUPS} warm-ups:\n`);
  process.stdout.write(table(['', 'median ms', 'min ms', 'max ms', 'max RSS MB'], [
    ['quickstart', String(quickstart.medianMs), String(quickstart.minMs), String(quickstart.maxMs), String(quickstart.maxRssMb)],
  ]) + `\n(RSS from ${QUICKSTART_RSS_RUNS} separate runs via ${quickstart.rssMethod})\n\n`);

  const registrations = REGISTRATION_SIZES.map(benchRegistrations);
  const base = registrations.find((r) => r.n === 0)!;
  // Marginal cost per registration: the fixed cost (CRDs + SPIRE, N = 0) subtracted.
  const perRegistrationUs = (r: RegistrationsResult): number => ((r.totalMs - base.totalMs) / r.n) * 1000;
  process.stdout.write(`ClusterSpiffeIds (median of ${REGISTRATION_RUNS} fresh processes each; construct and synth timed in-process):\n`);
  process.stdout.write(table(['N', 'construct ms', 'synth ms', 'total ms', 'max RSS MB', 'YAML bytes', 'µs/reg (marginal)', 'µs/reg (raw)'],
    registrations.map((r) => [
      String(r.n), String(r.constructMs), String(r.synthMs), String(r.totalMs), String(r.maxRssMb), String(r.outputBytes),
      r.n === 0 ? '-' : String(round(perRegistrationUs(r))), r.n === 0 ? '-' : String(round((r.totalMs / r.n) * 1000)),
    ])) + '\n\n');

  const plan = benchPlan();
  process.stdout.write(`Identity plan (median of ${PLAN_RUNS} fresh processes; planning timed in-process, rendering Markdown and JSON separately):\n`);
  process.stdout.write(table(['workloads', 'registrations', 'plan ms', 'render ms', 'entries', 'findings'], [
    [String(plan.workloads), String(plan.registrations), String(plan.planMs), String(plan.renderMs), String(plan.entries), String(plan.findings)],
  ]) + '\n\n');

  const at = (n: number): RegistrationsResult => registrations.find((r) => r.n === n)!;
  const tenK = at(10000);
  const oneK = at(1000);
  const linearity = perRegistrationUs(tenK) / perRegistrationUs(oneK);
  const rawLinearity = (tenK.totalMs / tenK.n) / (oneK.totalMs / oneK.n);
  const targets: TargetResult[] = [
    { target: `quickstart whole process median < ${TARGET_QUICKSTART_MS} ms`, measured: `${quickstart.medianMs} ms`, pass: quickstart.medianMs < TARGET_QUICKSTART_MS },
    { target: `10,000 registrations construct+synth < ${TARGET_10K_TOTAL_MS} ms`, measured: `${tenK.totalMs} ms`, pass: tenK.totalMs < TARGET_10K_TOTAL_MS },
    { target: `10,000 registrations max RSS < ${TARGET_10K_RSS_MB} MB`, measured: `${tenK.maxRssMb} MB`, pass: tenK.maxRssMb < TARGET_10K_RSS_MB },
    {
      target: `linear: per-registration time at 10k <= ${TARGET_LINEARITY}x at 1k`,
      measured: `${round(linearity, 2)}x marginal (raw total/N: ${round(rawLinearity, 2)}x)`,
      pass: linearity <= TARGET_LINEARITY,
    },
    {
      target: `plan ${PLAN_SIZE.toLocaleString('en')} workloads against ${PLAN_SIZE.toLocaleString('en')} registrations < ${TARGET_PLAN_MS} ms`,
      measured: `${plan.planMs} ms`,
      pass: plan.planMs < TARGET_PLAN_MS,
    },
  ];
  process.stdout.write('Targets:\n');
  process.stdout.write(table(['result', 'target', 'measured'], targets.map((t) => [t.pass ? 'PASS' : 'FAIL', t.target, t.measured])) + '\n');
  const failed = targets.filter((t) => !t.pass).length;
  process.stdout.write(failed === 0 ? '\nAll targets PASS.\n' : `\n*** ${failed} target(s) FAIL ***\n`);

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverageAtStart,
    quickstart,
    registrations,
    linearity: { marginalRatio: round(linearity, 3), rawRatio: round(rawLinearity, 3) },
    plan,
    targets,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, undefined, 2)}\n`);
  process.stdout.write(`\nResults written to ${path.relative(ROOT, RESULTS)}\n`);
}

try {
  main();
} catch (error) {
  // Missed targets exit 0 (a report); a benchmark that cannot run at all does not.
  process.stdout.write(`\nFAIL: benchmark could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
}
