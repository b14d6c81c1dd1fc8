// Benchmark driver (a report, not a test): always exits 0, prints FAIL for a missed target.
// 1. the quick start as a whole process, interleaved with its cdk8s floor (the same
//    objects as plain ApiObjects, bench/floor.ts): the library's own part is the
//    difference, measured in the same run, plus a per-phase breakdown;
// 2. construct/synth time, peak RSS and YAML size for N ClusterSpiffeIds (bench/registrations.ts),
//    each N in fresh processes, in creation order and with identities.addDependency(chart),
//    each against its floor at 10,000, and against two floors shaped like the library's app
//    (its number of construct classes; then also its construct paths) to split the gap;
// 3. the identity plan of N workloads against N registrations (bench/plan.ts), in fresh processes;
// 4. `cdk8s-spire diff` of two outputs with N registrations each (bench/diff.ts), in fresh processes;
// 5. a table, the targets with PASS/FAIL, and build/bench/results.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DiffResult } from './diff';
import type { PlanResult } from './plan';
import type { QuickstartPhases } from './quickstart';
import type { RegistrationsResult } from './registrations';

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const QUICKSTART = path.join(BUILD, 'bench', 'quickstart.js');
const REGISTRATIONS = path.join(BUILD, 'bench', 'registrations.js');
const PLAN = path.join(BUILD, 'bench', 'plan.js');
const DIFF = path.join(BUILD, 'bench', 'diff.js');
const RSS_PRELOAD = path.join(BUILD, 'bench', 'rss-preload.js');
const RESULTS = path.join(BUILD, 'bench', 'results.json');
const GNU_TIME = '/usr/bin/time';

const QUICKSTART_WARMUPS = 2;
/** Each run is one library process and one floor process, interleaved. */
const QUICKSTART_RUNS = 15;
const QUICKSTART_RSS_RUNS = 3;
const REGISTRATION_RUNS = 3;
/** 0 is the fixed cost (CRDs + SPIRE) subtracted to get the per-registration cost. */
const REGISTRATION_SIZES = [0, 1000, 3000, 10000];
/** The size at which each variant is compared with its cdk8s floor. */
const FLOOR_N = 10000;
/** Interleaved rounds (library and each floor) per variant: wall times on a shared machine swing by tens of percent, so 3 were too few for a 1.1x target. */
const FLOOR_PAIRS = 7;

const TARGET_QUICKSTART_MS = 400;
const TARGET_LIBRARY_PART_MS = 20;
const TARGET_DEPEND_FLOOR_RATIO = 1.1;
const TARGET_10K_TOTAL_MS = 3000;
const TARGET_10K_RSS_MB = 250;
const TARGET_LINEARITY = 1.5;
const PLAN_SIZE = 1000;
const PLAN_RUNS = 3;
const TARGET_PLAN_MS = 1000;
const DIFF_SIZE = 10000;
const DIFF_RUNS = 3;
const TARGET_DIFF_MS = 1000;

interface ProcessStats {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly maxRssMb: number;
  /** Median CPU time (user + system) of the whole process. */
  readonly cpuMs: number;
  /** Medians of the in-process phases. */
  readonly cdk8sLoadMs: number;
  readonly inputMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
}

interface QuickstartResult {
  readonly runs: number;
  readonly library: ProcessStats;
  readonly floor: ProcessStats;
  /** Median of (library process - floor process) wall time over the interleaved pairs. */
  readonly libraryPartMs: number;
  /** The same for CPU time, which other processes on the machine disturb less. */
  readonly libraryPartCpuMs: number;
  /** library median / floor median. */
  readonly ratio: number;
  /** Whether both wrote byte-identical YAML (the floor really is the same objects). */
  readonly sameOutput: boolean;
  readonly rssMethod: string;
}

interface RegistrationVariant {
  readonly name: string;
  readonly args: readonly string[];
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

function quickstartRun(args: readonly string[]): { wallMs: number; phases: QuickstartPhases } {
  return withTempDir((dir) => {
    const outcome = run(process.execPath, [QUICKSTART, args[0], dir, ...args.slice(1)]);
    const lines = outcome.stdout.trim().split('\n');
    return { wallMs: outcome.wallMs, phases: JSON.parse(lines[lines.length - 1]) as QuickstartPhases };
  });
}

function processStats(samples: readonly { wallMs: number; phases: QuickstartPhases }[], rssKb: readonly number[]): ProcessStats {
  const times = samples.map((sample) => sample.wallMs);
  const phase = (key: 'cdk8sLoadMs' | 'inputMs' | 'constructMs' | 'synthMs'): number => round(median(samples.map((sample) => sample.phases[key])), 2);
  return {
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    maxMs: round(Math.max(...times)),
    maxRssMb: round(Math.max(...rssKb) / 1024),
    cpuMs: round(median(samples.map((sample) => sample.phases.cpuMs))),
    cdk8sLoadMs: phase('cdk8sLoadMs'),
    inputMs: phase('inputMs'),
    constructMs: phase('constructMs'),
    synthMs: phase('synthMs'),
  };
}

function benchQuickstart(floorInput: string): QuickstartResult {
  const libraryArgs = ['lib'];
  const floorArgs = ['floor', floorInput];
  for (let i = 0; i < QUICKSTART_WARMUPS; i++) {
    quickstartRun(floorArgs);
    quickstartRun(libraryArgs);
  }
  const library: { wallMs: number; phases: QuickstartPhases }[] = [];
  const floor: { wallMs: number; phases: QuickstartPhases }[] = [];
  // Interleaved, so both see the same machine load; the difference is per pair.
  for (let i = 0; i < QUICKSTART_RUNS; i++) {
    floor.push(quickstartRun(floorArgs));
    library.push(quickstartRun(libraryArgs));
  }
  // Peak RSS in separate runs, so the timed runs are plain `node quickstart.js`.
  const method = rssMethod();
  const rss = (args: readonly string[]): number[] => Array.from({ length: QUICKSTART_RSS_RUNS },
    () => withTempDir((dir) => peakRssKb(method, QUICKSTART, [args[0], dir, ...args.slice(1)])));
  const libraryStats = processStats(library, rss(libraryArgs));
  const floorStats = processStats(floor, rss(floorArgs));
  return {
    runs: QUICKSTART_RUNS,
    library: libraryStats,
    floor: floorStats,
    libraryPartMs: round(median(library.map((sample, i) => sample.wallMs - floor[i].wallMs))),
    libraryPartCpuMs: round(median(library.map((sample, i) => sample.phases.cpuMs - floor[i].phases.cpuMs))),
    ratio: round(libraryStats.medianMs / floorStats.medianMs, 3),
    sameOutput: library.every((sample) => sample.phases.outputHash === floor[0].phases.outputHash),
    rssMethod: method === 'gnu-time' ? `${GNU_TIME} -f %M` : 'node --require rss-preload',
  };
}

function registrationsRun(n: number, args: readonly string[]): RegistrationsResult {
  const lines = run(process.execPath, [REGISTRATIONS, String(n), ...args]).stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as RegistrationsResult;
}

function medianResult(samples: readonly RegistrationsResult[]): RegistrationsResult {
  const med = (key: 'constructMs' | 'synthMs' | 'totalMs' | 'cpuMs' | 'maxRssMb' | 'outputBytes'): number => round(median(samples.map((sample) => sample[key])));
  return {
    n: samples[0].n,
    constructMs: med('constructMs'),
    synthMs: med('synthMs'),
    totalMs: med('totalMs'),
    cpuMs: med('cpuMs'),
    maxRssMb: med('maxRssMb'),
    outputBytes: med('outputBytes'),
    outputHash: samples[0].outputHash,
  };
}

function benchRegistrations(n: number, args: readonly string[]): RegistrationsResult {
  return medianResult(Array.from({ length: REGISTRATION_RUNS }, () => registrationsRun(n, args)));
}

interface FloorComparison {
  readonly variant: string;
  readonly library: RegistrationsResult;
  readonly floor: RegistrationsResult;
  /** The flat floor plus as many construct classes of its own as the library's app: what V8 charges cdk8s for the class count. */
  readonly ownClassesFloor: RegistrationsResult;
  /** That, with the objects also under plain Constructs at the library's construct paths: the library's shape, none of its code. */
  readonly shapeFloor: RegistrationsResult;
  /** library / floor, wall time (construct + synth), median of the per-round ratios (as every ratio here). */
  readonly timeRatio: number;
  /** library / floor, CPU time (construct + synth). */
  readonly cpuRatio: number;
  readonly rssRatio: number;
  /** floor + own classes / floor, wall time. */
  readonly ownClassesFloorRatio: number;
  /** shape floor / floor, wall time. */
  readonly shapeFloorRatio: number;
  /** library / shape floor, wall time: the library's own code, once its shape is paid by both. */
  readonly libraryToShapeRatio: number;
  readonly sameOutput: boolean;
}

/**
 * The library and the three floors, FLOOR_PAIRS rounds of one process each,
 * the order rotated per round. Ratios are medians of the per-round ratios:
 * this machine's speed drifts by tens of percent over minutes, and processes
 * run back to back see nearly the same machine.
 */
function compareWithFloor(variant: RegistrationVariant, fixedInput: string): FloorComparison {
  const kinds = {
    floor: ['--floor', fixedInput],
    ownClasses: ['--floor', fixedInput, '--own-classes'],
    shape: ['--floor', fixedInput, '--own-classes', '--same-tree'],
    library: [],
  };
  const samples = { floor: [], ownClasses: [], shape: [], library: [] } as Record<keyof typeof kinds, RegistrationsResult[]>;
  const order = Object.keys(kinds) as (keyof typeof kinds)[];
  for (let i = 0; i < FLOOR_PAIRS; i++) {
    for (let j = 0; j < order.length; j++) {
      const kind = order[(i + j) % order.length];
      samples[kind].push(registrationsRun(FLOOR_N, [...variant.args, ...kinds[kind]]));
    }
  }
  const ratio = (a: RegistrationsResult[], b: RegistrationsResult[], key: 'totalMs' | 'cpuMs' | 'maxRssMb'): number =>
    round(median(a.map((sample, i) => sample[key] / b[i][key])), 3);
  const lib = medianResult(samples.library);
  const flo = medianResult(samples.floor);
  const own = medianResult(samples.ownClasses);
  const shape = medianResult(samples.shape);
  return {
    variant: variant.name,
    library: lib,
    floor: flo,
    ownClassesFloor: own,
    shapeFloor: shape,
    timeRatio: ratio(samples.library, samples.floor, 'totalMs'),
    cpuRatio: ratio(samples.library, samples.floor, 'cpuMs'),
    rssRatio: ratio(samples.library, samples.floor, 'maxRssMb'),
    ownClassesFloorRatio: ratio(samples.ownClasses, samples.floor, 'totalMs'),
    shapeFloorRatio: ratio(samples.shape, samples.floor, 'totalMs'),
    libraryToShapeRatio: ratio(samples.library, samples.shape, 'totalMs'),
    sameOutput: [...samples.library, ...samples.ownClasses, ...samples.shape].every((sample) => sample.outputHash === samples.floor[0].outputHash),
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

/** The diff's medians, and the median of read + diff per process: what `cdk8s-spire diff` makes a user wait. */
function benchDiff(): DiffResult & { readAndDiffMs: number } {
  const samples: DiffResult[] = [];
  for (let i = 0; i < DIFF_RUNS; i++) {
    const lines = run(process.execPath, [DIFF, String(DIFF_SIZE)]).stdout.trim().split('\n');
    samples.push(JSON.parse(lines[lines.length - 1]) as DiffResult);
  }
  const med = (key: keyof DiffResult): number => round(median(samples.map((sample) => sample[key])));
  return {
    ...samples[0],
    readMs: med('readMs'),
    diffMs: med('diffMs'),
    renderMs: med('renderMs'),
    readAndDiffMs: round(median(samples.map((sample) => sample.readMs + sample.diffMs))),
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
  for (const file of [QUICKSTART, REGISTRATIONS, PLAN, DIFF, RSS_PRELOAD]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npx projen bench\` (it compiles first)`);
  }
  process.stdout.write(`cdk8s-spire benchmark — node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()}/${os.arch()}, `
    + `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} (other processes skew wall times)\n\n`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-bench-floor-'));
  try {
    return report(loadAverageAtStart, scratch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function report(loadAverageAtStart: number[], scratch: string): void {
  const quickstartInput = path.join(scratch, 'quickstart.json');
  run(process.execPath, [QUICKSTART, 'capture', quickstartInput]);
  const fixedInput = path.join(scratch, 'fixed.json');
  // One registration, so the capture sees every construct class a registrations app has.
  run(process.execPath, [REGISTRATIONS, '1', '--capture', fixedInput]);

  const quickstart = benchQuickstart(quickstartInput);
  const { library: lib, floor } = quickstart;
  process.stdout.write(`Quick start (examples/quickstart) against its cdk8s floor (the same ${''
  }objects as plain ApiObjects), whole process, ${quickstart.runs} interleaved pairs after ${QUICKSTART_WARMUPS} warm-ups:\n`);
  process.stdout.write(table(['', 'median ms', 'min ms', 'max ms', 'CPU ms', 'max RSS MB', 'load cdk8s', 'entry / input', 'construct', 'synth'], [
    ['cdk8s-spire', lib], ['cdk8s floor', floor],
  ].map(([name, stats]) => {
    const s = stats as ProcessStats;
    return [name as string, String(s.medianMs), String(s.minMs), String(s.maxMs), String(s.cpuMs), String(s.maxRssMb),
      String(s.cdk8sLoadMs), String(s.inputMs), String(s.constructMs), String(s.synthMs)];
  })) + '\n');
  process.stdout.write('(entry / input: require(\'cdk8s-spire\') for the library, reading the captured objects for the floor)\n');
  process.stdout.write(`Library's own part: ${quickstart.libraryPartMs} ms wall, ${quickstart.libraryPartCpuMs} ms CPU per process `
    + '(medians of the pairwise differences), '
    + `ratio ${quickstart.ratio}x the floor; in process: construct +${round(lib.constructMs - floor.constructMs, 2)} ms, `
    + `synth +${round(lib.synthMs - floor.synthMs, 2)} ms, entry ${lib.inputMs} ms. Same YAML as the floor: ${quickstart.sameOutput ? 'yes' : 'NO'}.\n`);
  process.stdout.write(`(phases are in-process medians in ms; RSS from ${QUICKSTART_RSS_RUNS} separate runs each via ${quickstart.rssMethod})\n\n`);

  const registrations = REGISTRATION_SIZES.map((n) => benchRegistrations(n, []));
  const base = registrations.find((r) => r.n === 0)!;
  // Marginal cost per registration: the fixed cost (CRDs + SPIRE, N = 0) subtracted.
  const perRegistrationUs = (r: RegistrationsResult): number => ((r.totalMs - base.totalMs) / r.n) * 1000;
  process.stdout.write(`ClusterSpiffeIds in creation order (median of ${REGISTRATION_RUNS} fresh processes each; construct and synth timed in-process):\n`);
  process.stdout.write(table(['N', 'construct ms', 'synth ms', 'total ms', 'max RSS MB', 'YAML bytes', 'µs/reg (marginal)', 'µs/reg (raw)'],
    registrations.map((r) => [
      String(r.n), String(r.constructMs), String(r.synthMs), String(r.totalMs), String(r.maxRssMb), String(r.outputBytes),
      r.n === 0 ? '-' : String(round(perRegistrationUs(r))), r.n === 0 ? '-' : String(round((r.totalMs / r.n) * 1000)),
    ])) + '\n\n');

  const variants: RegistrationVariant[] = [
    { name: 'creation order', args: [] },
    { name: 'identities.addDependency(chart)', args: ['--depend'] },
  ];
  const comparisons = variants.map((variant) => compareWithFloor(variant, fixedInput));
  process.stdout.write(`${FLOOR_N} ClusterSpiffeIds against the cdk8s floor (plain ApiObjects, same objects and chart dependencies), `
    + `${FLOOR_PAIRS} rounds; times are medians, ratios medians of the per-round ratios. Two shaped floors split the gap: "+ own classes" adds as many empty construct `
    + 'classes as the library\'s app has (V8\'s cost for cdk8s\'s isChart check on that many classes); "+ same tree" also puts the '
    + 'objects under plain Constructs at the library\'s construct paths (cdk8s\'s cost for that depth). What is left is the library\'s code:\n');
  const row = (c: FloorComparison, what: string, r: RegistrationsResult, ratio: string, rss: string, same: string): string[] => [
    c.variant, what, String(r.constructMs), String(r.synthMs), String(r.totalMs), String(r.cpuMs), String(r.maxRssMb), ratio, rss, same,
  ];
  process.stdout.write(table(['variant', 'what', 'construct ms', 'synth ms', 'total ms', 'CPU ms', 'max RSS MB', 'vs floor', 'RSS ratio', 'same YAML'],
    comparisons.flatMap((c) => [
      row(c, 'cdk8s-spire', c.library, `${c.timeRatio} (CPU ${c.cpuRatio}; ${c.libraryToShapeRatio} vs shape)`, String(c.rssRatio),
        c.sameOutput ? 'yes' : 'NO'),
      row(c, 'cdk8s floor', c.floor, '-', '-', '-'),
      row(c, 'floor + own classes', c.ownClassesFloor, String(c.ownClassesFloorRatio), '-', '-'),
      row(c, '+ same tree', c.shapeFloor, String(c.shapeFloorRatio), '-', '-'),
    ])) + '\n');
  process.stdout.write('(total and CPU: construct + synth in process; CPU counts every thread, so the garbage collector\'s helpers too)\n\n');

  const plan = benchPlan();
  process.stdout.write(`Identity plan (median of ${PLAN_RUNS} fresh processes; planning timed in-process, rendering Markdown and JSON separately):\n`);
  process.stdout.write(table(['workloads', 'registrations', 'plan ms', 'render ms', 'entries', 'findings'], [
    [String(plan.workloads), String(plan.registrations), String(plan.planMs), String(plan.renderMs), String(plan.entries), String(plan.findings)],
  ]) + '\n\n');

  const diff = benchDiff();
  process.stdout.write(`Diff (median of ${DIFF_RUNS} fresh processes; reading the YAML, diffing (rules, both identity plans, rollout) and rendering timed separately):\n`);
  process.stdout.write(table(['registrations', 'objects/side', 'read ms', 'diff ms', 'read + diff ms', 'render ms', 'findings'], [
    [String(diff.registrations), String(diff.objectsPerSide), String(diff.readMs), String(diff.diffMs), String(diff.readAndDiffMs),
      String(diff.renderMs), String(diff.findings)],
  ]) + '\n\n');

  const at = (n: number): RegistrationsResult => registrations.find((r) => r.n === n)!;
  const tenK = at(10000);
  const oneK = at(1000);
  const linearity = perRegistrationUs(tenK) / perRegistrationUs(oneK);
  const rawLinearity = (tenK.totalMs / tenK.n) / (oneK.totalMs / oneK.n);
  const depend = comparisons.find((c) => c.variant.startsWith('identities'))!;
  const targets: TargetResult[] = [
    { target: `quickstart whole process median < ${TARGET_QUICKSTART_MS} ms`, measured: `${lib.medianMs} ms`, pass: lib.medianMs < TARGET_QUICKSTART_MS },
    {
      target: `quickstart: library's own part (vs. the cdk8s floor), wall and CPU, < ${TARGET_LIBRARY_PART_MS} ms`,
      measured: `${quickstart.libraryPartMs} ms wall, ${quickstart.libraryPartCpuMs} ms CPU (${quickstart.ratio}x the floor)`,
      // Both measures: wall time is what a user waits, CPU time is steadier on a shared machine.
      pass: Math.max(quickstart.libraryPartMs, quickstart.libraryPartCpuMs) < TARGET_LIBRARY_PART_MS && quickstart.sameOutput,
    },
    { target: `10,000 registrations construct+synth < ${TARGET_10K_TOTAL_MS} ms`, measured: `${tenK.totalMs} ms`, pass: tenK.totalMs < TARGET_10K_TOTAL_MS },
    { target: `10,000 registrations max RSS < ${TARGET_10K_RSS_MB} MB`, measured: `${tenK.maxRssMb} MB`, pass: tenK.maxRssMb < TARGET_10K_RSS_MB },
    {
      target: `linear: per-registration time at 10k <= ${TARGET_LINEARITY}x at 1k`,
      measured: `${round(linearity, 2)}x marginal (raw total/N: ${round(rawLinearity, 2)}x)`,
      pass: linearity <= TARGET_LINEARITY,
    },
    {
      target: `10,000 registrations with addDependency within ${TARGET_DEPEND_FLOOR_RATIO}x of the cdk8s floor (wall, CPU and RSS)`,
      measured: `${depend.timeRatio}x wall (${depend.library.totalMs} vs ${depend.floor.totalMs} ms), ${depend.cpuRatio}x CPU, ${depend.rssRatio}x RSS; `
        + `its shape in plain cdk8s: own classes ${depend.ownClassesFloorRatio}x, + same tree ${depend.shapeFloorRatio}x; library vs shape ${depend.libraryToShapeRatio}x`,
      // Both time measures, as for the quick start: one lucky wall-time run must not pass it.
      pass: Math.max(depend.timeRatio, depend.cpuRatio, depend.rssRatio) <= TARGET_DEPEND_FLOOR_RATIO && depend.sameOutput,
    },
    {
      target: `plan ${PLAN_SIZE.toLocaleString('en')} workloads against ${PLAN_SIZE.toLocaleString('en')} registrations < ${TARGET_PLAN_MS} ms`,
      measured: `${plan.planMs} ms`,
      pass: plan.planMs < TARGET_PLAN_MS,
    },
    {
      target: `diff of two outputs with ${DIFF_SIZE.toLocaleString('en')} registrations each < ${TARGET_DIFF_MS} ms (reading the YAML apart)`,
      measured: `${diff.diffMs} ms (+ ${diff.readMs} ms reading both sides' YAML)`,
      pass: diff.diffMs < TARGET_DIFF_MS,
    },
    {
      target: `read and diff two outputs with ${DIFF_SIZE.toLocaleString('en')} registrations each < ${TARGET_DIFF_MS} ms (what \`cdk8s-spire diff\` waits for)`,
      measured: `${diff.readAndDiffMs} ms`,
      pass: diff.readAndDiffMs < TARGET_DIFF_MS,
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
    floorComparisons: comparisons,
    linearity: { marginalRatio: round(linearity, 3), rawRatio: round(rawLinearity, 3) },
    plan,
    diff,
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
