// Child-process entry of the benchmark: `cdk8s-spire diff` of two outputs of the library with
// N ClusterSpiffeIds each (the second: server log level DEBUG, every tenth registration's
// template changed, 1% of them dropped and 1% new), written as YAML by `app.synth()`, then
// read, diffed (rules, identities on both sides, rollout) and rendered as the CLI does.
// Prints one JSON line. Run as `node build/bench/diff.js <N>`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import type * as CliInput from '../src/cli/manifest-input';
import type * as Diff from '../src/diff';
import type * as Yaml from '../src/identity-plan/yaml-documents';
import { ClusterSpiffeId, LogLevel, Spire, SpireCrds } from 'cdk8s-spire';

/** The JSON line this script prints. */
export interface DiffResult {
  readonly registrations: number;
  readonly objectsPerSide: number;
  /** Reading both sides' YAML (the CLI's reader). */
  readonly readMs: number;
  /** Rules, identities on both sides and rollout. */
  readonly diffMs: number;
  readonly renderMs: number;
  readonly findings: number;
  readonly identityChanges: number;
}

const LIB = path.resolve(__dirname, '..', '..', 'lib');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diffManifests, renderDiffJson, renderDiffMarkdown, renderDiffText } = require(path.join(LIB, 'diff')) as typeof Diff;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readManifestInputs } = require(path.join(LIB, 'cli', 'manifest-input')) as typeof CliInput;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseConfigText } = require(path.join(LIB, 'identity-plan', 'yaml-documents')) as typeof Yaml;

const STANDARD_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

function write(dir: string, n: number, changed: boolean): void {
  const app = new App({ outdir: dir });
  const crds = new Chart(app, 'spire-crds');
  new SpireCrds(crds, 'crds');
  const chart = new Chart(app, 'spire');
  chart.addDependency(crds);
  const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'bench', server: changed ? { logLevel: LogLevel.DEBUG } : {} });
  const identities = new Chart(app, 'spire-identities');
  identities.addDependency(chart);
  const first = changed ? n / 100 : 0;
  for (let i = first; i < n + first; i++) {
    const name = `svc-${i}`;
    new ClusterSpiffeId(identities, name, {
      spire,
      spiffeIdTemplate: changed && i % 10 === 3 ? `spiffe://{{ .TrustDomain }}/team/t${i % 50}/${name}` : STANDARD_TEMPLATE,
      podSelector: { matchLabels: { app: name } },
      metadata: { name },
    });
  }
  app.synth();
}

function msSince(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;
}

const n = Number(process.argv[2] ?? '10000');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-diff-bench-'));
try {
  const beforeDir = path.join(work, 'before');
  const afterDir = path.join(work, 'after');
  write(beforeDir, n, false);
  write(afterDir, n, true);
  const noStdin = () => '';
  const readStart = process.hrtime.bigint();
  const before = readManifestInputs([beforeDir], noStdin);
  const after = readManifestInputs([afterDir], noStdin);
  const readMs = msSince(readStart);
  const diffStart = process.hrtime.bigint();
  const data = diffManifests({ objects: before.objects as any[], sources: before.files, objectSources: before.objectSources },
    { objects: after.objects as any[], sources: after.files, objectSources: after.objectSources }, { parseConfig: parseConfigText });
  const diffMs = msSince(diffStart);
  const renderStart = process.hrtime.bigint();
  renderDiffText(data, false);
  renderDiffMarkdown(data);
  renderDiffJson(data);
  const renderMs = msSince(renderStart);
  const result: DiffResult = {
    registrations: n,
    objectsPerSide: after.objects.length,
    readMs,
    diffMs,
    renderMs,
    findings: data.findings.length,
    identityChanges: data.identities.workloads.filter((w) => w.change !== 'unchanged').length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
