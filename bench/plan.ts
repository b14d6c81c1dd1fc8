// Child-process entry of the benchmark: plans N workloads against N registrations (plus a
// fallback and namespace-wide registrations, Services for autoPopulateDNSNames) and prints one
// JSON line with the planning time. Run as `node build/bench/plan.js <N>`.
import { IdentityPlanReport } from 'cdk8s-spire';

/** The JSON line this script prints. */
export interface PlanResult {
  readonly workloads: number;
  readonly registrations: number;
  readonly planMs: number;
  readonly renderMs: number;
  readonly entries: number;
  readonly findings: number;
}

const STANDARD_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';
const NAMESPACES = 20;

function objects(n: number): any[] {
  const out: any[] = [];
  for (let ns = 0; ns < NAMESPACES; ns++) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${ns}`, labels: { tier: ns % 2 ? 'a' : 'b' } } });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const namespace = `team-${i % NAMESPACES}`;
    const labels = { app: name, ...(i % 3 === 0 ? { 'spiffe.io/spire-managed-identity': 'true' } : {}) };
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: 'img' }] } } },
    });
    if (i % 7 === 0) out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name } } });
    out.push({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      metadata: { name },
      spec: {
        className: 'spire-server-spire',
        spiffeIDTemplate: i % 10 === 3 ? `spiffe://{{ .TrustDomain }}/team/t${i % 50}/${name}` : STANDARD_TEMPLATE,
        podSelector: { matchLabels: { app: name } },
        ...(i % 25 === 7 ? { dnsNameTemplates: [`${name}.{{ .PodMeta.Namespace }}.svc`] } : {}),
        ...(i % 40 === 11 ? { workloadSelectorTemplates: ['k8s:ns:{{ .PodMeta.Namespace }}', `k8s:pod-label:app:${name}`] } : {}),
        ...(i % 7 === 0 ? { autoPopulateDNSNames: true } : {}),
      },
    });
  }
  // A catch-all fallback and a namespace-wide registration: these visit every workload.
  out.push({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'default' },
    spec: {
      className: 'spire-server-spire',
      spiffeIDTemplate: STANDARD_TEMPLATE,
      fallback: true,
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['spire-server'] }] },
    },
  });
  out.push({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'tier-a-mesh' },
    spec: {
      className: 'spire-server-spire',
      spiffeIDTemplate: STANDARD_TEMPLATE,
      namespaceSelector: { matchLabels: { tier: 'a' } },
      podSelector: { matchExpressions: [{ key: 'spiffe.io/spire-managed-identity', operator: 'In', values: ['true'] }] },
    },
  });
  return out;
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const n = Number(process.argv[2] ?? '1000');
const input = objects(n);
const start = process.hrtime.bigint();
const report = IdentityPlanReport.fromObjects(input, { trustDomain: 'example.org', clusterName: 'bench', className: 'spire-server-spire', ignoreNamespaces: ['^spire-server$'] });
const planMs = msSince(start);
const renderStart = process.hrtime.bigint();
report.toMarkdown();
const json = report.toJson();
const renderMs = msSince(renderStart);
const result: PlanResult = {
  workloads: n,
  registrations: n + 2,
  planMs: Math.round(planMs * 10) / 10,
  renderMs: Math.round(renderMs * 10) / 10,
  entries: json.workloads.reduce((sum: number, w: any) => sum + w.entries.length, 0),
  findings: json.findings.length,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
