// Child process of the benchmark: the quick start (examples/quickstart), or its
// cdk8s floor (the same objects as plain ApiObjects), timed by phase. Prints one
// JSON line. Nothing but node is loaded before the first timestamp.
//   node build/bench/quickstart.js lib <outdir>
//   node build/bench/quickstart.js floor <outdir> <floor-input.json>
//   node build/bench/quickstart.js capture <floor-input.json>
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The JSON line this script prints (lib and floor modes). */
export interface QuickstartPhases {
  readonly mode: 'lib' | 'floor';
  /** `require('cdk8s')`. */
  readonly cdk8sLoadMs: number;
  /** lib: `require('cdk8s-spire')` (the entry only; modules load on use). floor: reading its JSON input. */
  readonly inputMs: number;
  /** Building the construct tree (lib: including the library modules it loads). */
  readonly constructMs: number;
  /** `app.synth()`: validation, dependency resolution, YAML files. */
  readonly synthMs: number;
  /** Process uptime when done (node start-up included). */
  readonly uptimeMs: number;
  /** CPU time (user + system) of the whole process when done: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** sha256 of the written YAML files, to check that lib and floor write the same. */
  readonly outputHash: string;
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function hashOfYaml(dir: string): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.yaml')) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  }
  return hash.digest('hex');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function main(): void {
  const [mode, target, input] = process.argv.slice(2);
  if (mode === 'capture') {
    const { buildQuickstart } = require('../examples/quickstart/app') as typeof import('../examples/quickstart/app');
    const { captureCharts, writeFloorInput } = require('./floor') as typeof import('./floor');
    writeFloorInput(target, captureCharts(buildQuickstart(fs.mkdtempSync(`${target}-out-`))));
    return;
  }
  if ((mode !== 'lib' && mode !== 'floor') || !target || (mode === 'floor' && !input)) {
    process.stderr.write('usage: quickstart.js lib <outdir> | floor <outdir> <floor-input.json> | capture <floor-input.json>\n');
    process.exit(2);
  }
  const cdk8sStart = process.hrtime.bigint();
  const cdk8s = require('cdk8s') as typeof import('cdk8s');
  const cdk8sLoadMs = msSince(cdk8sStart);

  let constructMs: number;
  let inputMs: number;
  let app: import('cdk8s').App;
  if (mode === 'lib') {
    const inputStart = process.hrtime.bigint();
    require('cdk8s-spire');
    inputMs = msSince(inputStart);
    const constructStart = process.hrtime.bigint();
    const { buildQuickstart } = require('../examples/quickstart/app') as typeof import('../examples/quickstart/app');
    app = buildQuickstart(target);
    constructMs = msSince(constructStart);
  } else {
    const inputStart = process.hrtime.bigint();
    const { buildFloorCharts, readFloorInput } = require('./floor') as typeof import('./floor');
    const floorInput = readFloorInput(input);
    inputMs = msSince(inputStart);
    const constructStart = process.hrtime.bigint();
    app = new cdk8s.App({ outdir: target });
    buildFloorCharts(app, floorInput);
    constructMs = msSince(constructStart);
  }
  const synthStart = process.hrtime.bigint();
  app.synth();
  const synthMs = msSince(synthStart);
  const uptimeMs = process.uptime() * 1000;
  const cpu = process.cpuUsage();

  const result: QuickstartPhases = {
    mode,
    cdk8sLoadMs: round(cdk8sLoadMs),
    inputMs: round(inputMs),
    constructMs: round(constructMs),
    synthMs: round(synthMs),
    uptimeMs: round(uptimeMs),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    outputHash: hashOfYaml(target),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
