// Three views of a plan: a terminal table, Markdown for a pull-request comment (with a Mermaid
// diagram GitHub and GitLab render), and JSON for machines.

import { activeEntries } from './findings';
import { goDurationSecondsOf } from './go-duration';
import type { Finding, IdentityPlanData, PlannedEntry, PlannedWorkload, Severity } from './model';

/** Counts of findings by severity. */
export function summarise(plan: IdentityPlanData): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of plan.findings) counts[f.severity]++;
  return counts;
}

/** What a workload gets, in one cell. */
function identityCell(workload: PlannedWorkload): string {
  const active = activeEntries(workload);
  if (workload.ignoredNamespace) return '(none: ignored namespace)';
  if (active.length === 0) return workload.entries.length > 0 ? '(entries fail)' : '(none)';
  return active.map((e) => (e.spiffeId ?? `(unknown: ${e.problem})`) + (e.pods ? ` (${e.pods.join(', ')})` : '')).join(', ');
}

function registrationCell(workload: PlannedWorkload): string {
  const active = activeEntries(workload);
  const parts = active.map((e) => e.registration.replace(/^ClusterSPIFFEID\//, '') + (e.fallback ? ' (fallback)' : ''));
  return parts.length > 0 ? parts.join(', ') : '-';
}

function notes(workload: PlannedWorkload): string {
  const out: string[] = [];
  if (workload.gateway) out.push('gateway');
  else if (workload.mesh) out.push('mesh');
  if (workload.workloadApi && !workload.mesh) out.push('workload API');
  if (workload.ignoredNamespace) out.push('ignored namespace');
  if (workload.noPods) out.push(`no pods (${workload.noPods})`);
  return out.join(', ');
}

const WORKLOAD_HEADERS = ['Workload', 'Service account', 'SPIFFE ID', 'Registration', 'Note'];

function workloadRows(plan: IdentityPlanData): string[][] {
  return plan.workloads.map((w) => [w.ref, w.serviceAccount, identityCell(w), registrationCell(w), notes(w)]);
}

/** Terminal output: a table of workloads, then findings. `color` adds ANSI colours. */
export function renderText(plan: IdentityPlanData, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const c = plan.controller;
  const lines: string[] = [
    `Identity plan for trust domain ${c.trustDomain}, cluster ${c.clusterName} (className "${c.className}", watchClassless ${c.watchClassless}; from ${c.source})`,
    '',
  ];
  const rows = [WORKLOAD_HEADERS.map((h) => h.toUpperCase()), ...workloadRows(plan)];
  if (rows.length === 1) {lines.push('No workloads in these manifests.');} else {
    const widths = WORKLOAD_HEADERS.map((_, i) => Math.min(80, Math.max(...rows.map((r) => r[i].length))));
    rows.forEach((row, index) => {
      const text = row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
      lines.push(index === 0 ? paint('1', text) : text);
    });
  }
  if (plan.staticEntries.length > 0) {
    lines.push('', paint('1', 'Static entries'));
    for (const e of plan.staticEntries) lines.push(`  ${e.registration}: ${e.spiffeId} (parent ${e.parentId}; ${e.selectors.join(', ')})`);
  }
  const counts = summarise(plan);
  lines.push('', paint('1', `Findings: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`));
  const tone: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  for (const f of plan.findings) {
    lines.push(`${paint(tone[f.severity], f.severity.toUpperCase().padEnd(7))} ${f.rule}  ${f.subject}`);
    lines.push(`        ${f.message}`);
    lines.push(`        fix: ${f.fix}`);
    lines.push(`        rule: ${f.source}`);
  }
  return lines.join('\n') + '\n';
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
}

function mdTable(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

/** Markdown for a pull-request comment. */
export function renderMarkdown(plan: IdentityPlanData): string {
  const c = plan.controller;
  const counts = summarise(plan);
  const lines: string[] = [
    '# Identity plan',
    '',
    `What spire-controller-manager will register for these manifests: trust domain \`${c.trustDomain}\`, cluster \`${c.clusterName}\`, `
      + `className \`${c.className || '(none)'}\`, watchClassless \`${c.watchClassless}\`, cluster domain \`${c.clusterDomain}\`, `
      + `ignored namespaces ${c.ignoreNamespaces.map((n) => `\`${n}\``).join(', ') || '(none)'} (settings from ${c.source}).`,
    '',
    `**${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.** Values shown as \`<pod-uid>\`, \`<node-uid>\` exist only at run time.`,
    '',
    '## Workloads',
    '',
  ];
  if (plan.workloads.length === 0) lines.push('No workloads in these manifests.');
  else lines.push(...mdTable(WORKLOAD_HEADERS, workloadRows(plan)));
  lines.push('', '## Registrations', '');
  if (plan.registrations.length === 0) {lines.push('No ClusterSPIFFEIDs.');} else {
    lines.push(...mdTable(['Registration', 'Reconciled', 'Fallback', 'SPIFFE ID template', 'Federates with', 'Workloads'],
      plan.registrations.map((r) => [r.name, r.refused ? 'no (refused by the webhook)' : r.reconciled ? 'yes' : 'no (className)', r.fallback ? 'yes' : 'no', `\`${r.spiffeIdTemplate ?? ''}\``,
        r.federatesWith.join(', ') || '-', r.workloads.join(', ') || '-'])));
  }
  if (plan.staticEntries.length > 0) {
    lines.push('', '## Static entries', '');
    lines.push(...mdTable(['Entry', 'SPIFFE ID', 'Parent ID', 'Selectors'],
      plan.staticEntries.map((e) => [e.registration, e.spiffeId ?? '', e.parentId ?? '', e.selectors.join(', ')])));
  }
  if (plan.federations.length > 0) {
    lines.push('', '## Federation', '');
    lines.push(...mdTable(['Trust domain', 'Endpoint', 'Profile', 'Bootstrap bundle', 'Reconciled'],
      plan.federations.map((f) => [f.trustDomain, f.bundleEndpointUrl ?? '', f.profile ?? '', f.bootstrap, f.refused ? 'no (refused by the webhook)' : f.reconciled ? 'yes' : 'no (className)'])));
  }
  lines.push('', '## Findings', '');
  if (plan.findings.length === 0) lines.push('None.');
  for (const f of plan.findings) {
    lines.push(`- **${f.severity}** \`${f.rule}\` ${mdCell(f.subject)}: ${mdCell(f.message)}`, `  - Fix: ${mdCell(f.fix)}`, `  - Rule: ${mdCell(f.source)}`);
  }
  lines.push('', '## Diagram', '', '```mermaid', ...mermaid(plan), '```', '');
  return lines.join('\n');
}

/** Mermaid label text: quotes and angle brackets as entity codes. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** A flowchart: trust domains and their federations; each namespace with the IDs its workloads get. */
export function mermaid(plan: IdentityPlanData): string[] {
  const lines = ['flowchart LR'];
  const tds = new Map<string, string>();
  const tdNode = (td: string) => {
    let id = tds.get(td);
    if (!id) {
      id = `td${tds.size}`;
      tds.set(td, id);
      lines.push(`  ${id}(["trust domain ${label(td)}"])`);
    }
    return id;
  };
  const own = tdNode(plan.controller.trustDomain);
  for (const f of plan.federations) {
    if (!f.trustDomain) continue;
    lines.push(`  ${own} -- "federates (${label(f.profile ?? '?')}${f.bootstrap === 'none' ? ', no bootstrap bundle' : ''})" --> ${tdNode(f.trustDomain)}`);
  }
  const byNamespace = new Map<string, PlannedWorkload[]>();
  for (const w of plan.workloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  let n = 0;
  for (const [namespace, workloads] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  subgraph ns${n}["namespace ${label(namespace)}"]`);
    workloads.forEach((w, i) => {
      lines.push(`    w${n}_${i}["${label(`${w.kind} ${w.name}`)}<br/>${label(identityCell(w))}"]`);
    });
    lines.push('  end');
    workloads.forEach((w, i) => {
      const active = activeEntries(w);
      if (active.length > 0) lines.push(`  w${n}_${i} --> ${own}`);
      for (const td of new Set(active.flatMap((e) => e.federatesWith))) lines.push(`  w${n}_${i} -.->|trusts| ${tdNode(td)}`);
    });
    n++;
  }
  return lines;
}

/** JSON for machines: the plan, finding counts, and the entries in the SPIRE server API's shape. */
export function renderJson(plan: IdentityPlanData): string {
  return JSON.stringify({ summary: summarise(plan), ...plan, spireEntries: spireEntries(plan) }, null, 2) + '\n';
}

/**
 * The entries the controller manager would set, shaped like `spire-server entry show -output json`
 * (spire-api-sdk types.Entry: snake_case, TTLs in seconds, 0 for the server default), one per
 * workload (each pod gets one, its `<pod-uid>` and `<node-uid>` filled in at run time), so a plan
 * can be compared with a real server's entries.
 */
export function spireEntries(plan: IdentityPlanData): Array<Record<string, unknown>> {
  const id = (value: string | undefined) => {
    const match = /^spiffe:\/\/([^/]+)(.*)$/.exec(value ?? '');
    return match ? { trust_domain: match[1], path: match[2] } : value;
  };
  const shape = (e: PlannedEntry, workload?: string) => ({
    ...(workload ? { workload } : {}),
    registration: e.registration,
    spiffe_id: id(e.spiffeId),
    parent_id: id(e.parentId),
    selectors: e.selectors.map((sel) => ({ type: sel.slice(0, sel.indexOf(':')), value: sel.slice(sel.indexOf(':') + 1) })),
    x509_svid_ttl: goDurationSeconds(e.x509SvidTtl),
    jwt_svid_ttl: goDurationSeconds(e.jwtSvidTtl),
    federates_with: e.federatesWith,
    admin: e.admin,
    downstream: e.downstream,
    dns_names: e.dnsNames,
    hint: e.hint ?? '',
  });
  return [
    ...plan.workloads.flatMap((w) => w.entries.filter((e) => !e.maskedBy && e.status === 'rendered').map((e) => shape(e, w.ref))),
    ...plan.staticEntries.filter((e) => e.status === 'rendered').map((e) => shape(e)),
  ];
}

/** Go's time.ParseDuration, in whole seconds (SPIRE stores TTLs as int32 seconds); 0 when unset or not a duration. */
export function goDurationSeconds(value: string | undefined): number {
  return goDurationSecondsOf(value) ?? 0;
}

/** The findings that are errors. */
export function errorFindings(plan: IdentityPlanData): Finding[] {
  return plan.findings.filter((f) => f.severity === 'error');
}
