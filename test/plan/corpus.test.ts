// The corpus (test/plan/corpus/): apps as users write them, each with the entries derived by hand
// from the upstream code (see each *.expected.yaml's comments). The planner must agree.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { controllerSettings } from '../../src/plan/controller-settings';
import type { ControllerSettings, KubeObject, PlannedEntry, PlannedWorkload } from '../../src/plan/model';
import { planIdentities } from '../../src/plan/planner';

const DIR = join(__dirname, 'corpus');
const PARENT = 'spiffe://example.org/spire/agent/k8s_psat/demo/<node-uid>';

function settings(): ControllerSettings {
  const s = controllerSettings({ trustDomain: 'example.org', clusterName: 'demo', className: 'spire-server-spire', clusterDomain: 'cluster.local', ignoreNamespaces: ['^kube-system$', '^kube-public$', 'spire'] }, 'corpus');
  if (typeof s === 'string') throw new Error(s);
  return s;
}

interface ExpectedEntry {
  registration: string;
  status?: PlannedEntry['status'];
  failedAt?: PlannedEntry['failedAt'];
  spiffeId?: string;
  parentId?: string;
  selectors?: string[];
  dnsNames?: string[];
  federatesWith?: string[];
  x509SvidTtl?: string;
  jwtSvidTtl?: string;
  admin?: boolean;
  downstream?: boolean;
  hint?: string;
  fallback?: boolean;
  maskedBy?: string;
  pods?: string[];
}

interface ExpectedWorkload {
  entries: ExpectedEntry[];
  pods?: string[];
  fallbackSkipped?: string[];
  ignoredNamespace?: boolean;
}

/** The fields the corpus states, with the defaults its README gives for omitted ones. */
function normalise(e: ExpectedEntry | PlannedEntry, registrationOnly: boolean): Record<string, unknown> {
  const status = e.status ?? 'rendered';
  if (registrationOnly) return { registration: e.registration, status, failedAt: e.failedAt };
  return {
    registration: e.registration,
    status,
    failedAt: e.failedAt,
    spiffeId: status === 'unknown' ? undefined : e.spiffeId,
    parentId: status === 'unknown' ? undefined : e.parentId ?? (e.registration.startsWith('ClusterStaticEntry/') ? undefined : PARENT),
    selectors: status === 'unknown' ? undefined : e.selectors ?? ['k8s:pod-uid:<pod-uid>'],
    dnsNames: status === 'unknown' ? undefined : e.dnsNames ?? [],
    federatesWith: e.federatesWith ?? [],
    x509SvidTtl: e.x509SvidTtl,
    jwtSvidTtl: e.jwtSvidTtl,
    admin: e.admin ?? false,
    downstream: e.downstream ?? false,
    hint: e.hint,
    fallback: e.fallback ?? false,
    maskedBy: e.maskedBy,
    pods: e.pods,
  };
}

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function compare(planned: readonly PlannedEntry[], expected: readonly ExpectedEntry[]): void {
  // A render failure declares no entry: only that it failed, and where, is compared.
  const onlyRegistration = (e: ExpectedEntry | PlannedEntry) => e.failedAt === 'controller';
  expect(planned.map((e) => normalise(e, onlyRegistration(e))).sort(byKey))
    .toEqual(expected.map((e) => normalise(e, onlyRegistration(e))).sort(byKey));
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml')).sort();

test('the corpus has its ~25 cases, each with hand-derived entries', () => {
  expect(cases.length).toBeGreaterThanOrEqual(25);
  for (const file of cases) expect(readdirSync(DIR)).toContain(file.replace(/\.yaml$/, '.expected.yaml'));
});

describe.each(cases)('%s', (file) => {
  const objects = parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
  const expected = parseAllDocuments(readFileSync(join(DIR, file.replace(/\.yaml$/, '.expected.yaml')), 'utf8'))[0].toJS();
  const plan = planIdentities(objects, settings());

  test('every workload gets the entries derived from the upstream code', () => {
    const workloads: Record<string, ExpectedEntry[] | ExpectedWorkload> = expected.workloads ?? {};
    expect(plan.workloads.map((w) => w.ref).sort()).toEqual(Object.keys(workloads).sort());
    for (const [ref, want] of Object.entries(workloads)) {
      const w = plan.workloads.find((x) => x.ref === ref) as PlannedWorkload;
      const spec: ExpectedWorkload = Array.isArray(want) ? { entries: want } : want;
      compare(w.entries, spec.entries);
      expect({ ref, pods: w.pods, fallbackSkipped: w.fallbackSkipped, ignoredNamespace: w.ignoredNamespace })
        .toEqual({ ref, pods: spec.pods, fallbackSkipped: spec.fallbackSkipped ?? [], ignoredNamespace: spec.ignoredNamespace ?? false });
    }
  });

  test('static entries', () => {
    compare(plan.staticEntries, expected.staticEntries ?? []);
  });
});
