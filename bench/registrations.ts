// Child-process entry of the benchmark: builds the quickstart's CRD and SPIRE
// charts plus N ClusterSpiffeIds in an identities chart, times the construct
// and synth phases separately and prints one JSON line.
//   node build/bench/registrations.js <N> [--depend] [--floor <fixed.json> [--same-tree] [--own-classes]]
//   node build/bench/registrations.js 1 --capture <fixed.json>
// --depend: identities.addDependency(chart), as the README's contract writes it.
// --floor: the cdk8s floor, the same objects as plain ApiObjects (the CRD and
//   SPIRE charts from a --capture file, the N ClusterSPIFFEIDs built here), so
//   this process never loads the library.
// --same-tree: the floor's objects under plain Constructs at the library's
//   construct paths (its depth, none of its classes or code).
// --own-classes: as many empty construct classes of the floor's own in the tree
//   as the captured library app has (bench/floor.ts FloorShape); with
//   --same-tree, the library's whole shape in plain cdk8s.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, ApiObjectProps, App, Chart } from 'cdk8s';
import { buildFloorCharts, captureCharts, readFloorInput, writeFloorInput } from './floor';
import type { ClusterSpiffeIdProps } from 'cdk8s-spire';

/** The JSON line this script prints. */
export interface RegistrationsResult {
  readonly n: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  /** CPU time (user + system, all threads) of construct + synth: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly outputBytes: number;
  /** sha256 of the YAML written, to check that the floor writes the same. */
  readonly outputHash: string;
}

const STANDARD_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** Realistic variety: mostly the standard template, some literal paths, a few DNS names and workload selectors. */
function registrationProps(i: number): Omit<ClusterSpiffeIdProps, 'spire'> {
  const name = `svc-${i}`;
  const literalPath = i % 10 === 3;
  return {
    spiffeIdTemplate: literalPath ? `spiffe://{{ .TrustDomain }}/team/t${i % 50}/${name}` : STANDARD_TEMPLATE,
    podSelector: { matchLabels: { app: name } },
    dnsNameTemplates: i % 25 === 7
      ? [`${name}.{{ .PodMeta.Namespace }}.svc`, `${name}.{{ .PodMeta.Namespace }}.svc.cluster.local`]
      : undefined,
    workloadSelectorTemplates: i % 40 === 11
      ? ['k8s:ns:{{ .PodMeta.Namespace }}', `k8s:pod-label:app:${name}`]
      : undefined,
    autoPopulateDnsNames: i % 7 === 0 ? true : undefined,
    metadata: { name },
  };
}

/** What ClusterSpiffeId writes for registrationProps(i), as a plain object (the floor). */
function plainRegistration(i: number, className: string): ApiObjectProps {
  const props = registrationProps(i);
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: props.metadata,
    spec: {
      className,
      spiffeIDTemplate: props.spiffeIdTemplate,
      podSelector: props.podSelector,
      workloadSelectorTemplates: props.workloadSelectorTemplates,
      dnsNameTemplates: props.dnsNameTemplates,
      autoPopulateDNSNames: props.autoPopulateDnsNames,
    },
  };
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(file));
    else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) files.push(file);
  }
  return files.sort();
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

/* eslint-disable @typescript-eslint/no-require-imports */
function main(): void {
  const n = Number(process.argv[2]);
  const depend = process.argv.includes('--depend');
  const floorFile = option('--floor');
  const sameTree = process.argv.includes('--same-tree');
  const ownClasses = process.argv.includes('--own-classes');
  const captureFile = option('--capture');
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`usage: node ${path.basename(__filename)} <N registrations> [--depend] [--floor <fixed.json> [--same-tree] [--own-classes]] | 1 --capture <fixed.json>\n`);
    process.exit(2);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-bench-'));
  try {
    // Read outside the timed phases: it stands in for code, not work.
    const fixed = floorFile ? readFloorInput(floorFile) : undefined;
    const cpuStart = process.cpuUsage();
    const constructStart = process.hrtime.bigint();
    const app = new App({ outdir });
    let chart: Chart;
    let identities: Chart;
    if (fixed) {
      chart = buildFloorCharts(app, fixed, { sameTree, extraClasses: ownClasses ? fixed.ownClasses : 0 }).get('spire')!;
      identities = new Chart(app, 'spire-identities');
      if (depend) identities.addDependency(chart);
      const className = fixed.className!;
      for (let i = 0; i < n; i++) new ApiObject(identities, `svc-${i}`, plainRegistration(i, className));
    } else {
      // Loaded here, not at the top: a floor process never loads the library.
      const { ClusterSpiffeId, Spire, SpireCrds } = require('cdk8s-spire') as typeof import('cdk8s-spire');
      const crds = new Chart(app, 'spire-crds');
      new SpireCrds(crds, 'crds');
      chart = new Chart(app, 'spire');
      chart.addDependency(crds);
      const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster' });
      identities = new Chart(app, 'spire-identities');
      if (depend) identities.addDependency(chart);
      for (let i = 0; i < n; i++) {
        new ClusterSpiffeId(identities, `svc-${i}`, { spire, ...registrationProps(i) });
      }
      if (captureFile) {
        writeFloorInput(captureFile, { ...captureCharts(app, ['spire-crds', 'spire']), className: spire.className });
        return;
      }
    }
    const constructMs = msSince(constructStart);

    const synthStart = process.hrtime.bigint();
    app.synth();
    const synthMs = msSince(synthStart);
    const cpu = process.cpuUsage(cpuStart);

    const maxRssMb = round(process.resourceUsage().maxRSS / 1024);
    const hash = createHash('sha256');
    let outputBytes = 0;
    for (const file of yamlFiles(outdir)) {
      const content = fs.readFileSync(file);
      outputBytes += content.length;
      hash.update(path.basename(file)).update(content);
    }
    const result: RegistrationsResult = {
      n,
      constructMs: round(constructMs),
      synthMs: round(synthMs),
      totalMs: round(constructMs + synthMs),
      cpuMs: round((cpu.user + cpu.system) / 1000),
      maxRssMb,
      outputBytes,
      outputHash: hash.digest('hex'),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main();
