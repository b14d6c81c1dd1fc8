// Child-process entry of the benchmark: builds the quickstart's three charts
// plus N ClusterSpiffeIds, times the construct and synth phases separately and
// prints one JSON line. Run as `node build/bench/registrations.js <N>`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ClusterSpiffeId, ClusterSpiffeIdProps, Spire, SpireCrds } from 'cdk8s-spire';

/** The JSON line this script prints. */
export interface RegistrationsResult {
  readonly n: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  readonly maxRssMb: number;
  readonly outputBytes: number;
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

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function bytesOfYaml(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      total += bytesOfYaml(file);
    } else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) {
      total += fs.statSync(file).size;
    }
  }
  return total;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function main(): void {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`usage: node ${path.basename(__filename)} <N registrations>\n`);
    process.exit(2);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-bench-'));
  try {
    const constructStart = process.hrtime.bigint();
    const app = new App({ outdir });
    const crds = new Chart(app, 'spire-crds');
    new SpireCrds(crds, 'crds');
    const chart = new Chart(app, 'spire');
    chart.addDependency(crds);
    const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster' });
    // Created last, so written last, as in the quickstart; an explicit
    // identities.addDependency(chart) would make cdk8s link all N registrations
    // to every SPIRE object (about twice the synth time at 10k).
    const identities = new Chart(app, 'spire-identities');
    for (let i = 0; i < n; i++) {
      new ClusterSpiffeId(identities, `svc-${i}`, { spire, ...registrationProps(i) });
    }
    const constructMs = msSince(constructStart);

    const synthStart = process.hrtime.bigint();
    app.synth();
    const synthMs = msSince(synthStart);

    const result: RegistrationsResult = {
      n,
      constructMs: round(constructMs),
      synthMs: round(synthMs),
      totalMs: round(constructMs + synthMs),
      maxRssMb: round(process.resourceUsage().maxRSS / 1024),
      outputBytes: bytesOfYaml(outdir),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main();
