// Three views of a diff: a terminal report, Markdown for a pull-request comment, JSON.

import { countFindings } from './diff';
import { describeRef } from './kube-objects';
import type { DiffFinding, DiffSeverity, ManifestDiffData } from './model';

const LABEL: Record<DiffSeverity, string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };
const COLOUR: Record<DiffSeverity, string> = { error: '31;1', warning: '33', info: '36' };

function summaryLine(data: ManifestDiffData): string {
  const c = countFindings(data);
  const o = data.objects;
  return `Objects: ${o.added} added, ${o.removed} removed, ${o.changed} changed, ${o.unchanged} unchanged. `
    + `Findings: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info`;
}

/** Terminal output. `color` adds ANSI colours. */
export function renderDiffText(data: ManifestDiffData, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [paint('1', 'cdk8s-spire diff'), summaryLine(data), ''];
  if (data.findings.length > 0) {
    lines.push(paint('1', 'Findings'));
    for (const f of data.findings) {
      lines.push(`${paint(COLOUR[f.severity], LABEL[f.severity].padEnd(7))} ${f.rule}  ${describeRef(f.object)}  ${f.field}`);
      lines.push(`        ${f.message}`);
      for (const step of f.fix) lines.push(`        fix: ${step}`);
      lines.push(`        rule: ${f.source}`);
    }
    lines.push('');
  }
  lines.push(...identityLines(data, (change) => change));
  if (data.rollout.length > 0) {
    lines.push(paint('1', 'Rollout'));
    data.rollout.forEach((step, i) => {
      lines.push(`${i + 1}. ${step.title} (${step.reason})`);
      for (const command of step.commands) lines.push(`     ${command}`);
    });
  } else {
    lines.push('Rollout: nothing to apply');
  }
  return `${lines.join('\n')}\n`;
}

function identityLines(data: ManifestDiffData, label: (change: string) => string): string[] {
  const ids = data.identities;
  const lines: string[] = [];
  if (ids.skipped.length > 0) lines.push(`Identities: not compared (${ids.skipped.join('; ')})`);
  const moved = ids.workloads.filter((w) => w.change !== 'unchanged');
  if (ids.skipped.length === 0) {
    const td = ids.trustDomainBefore === ids.trustDomainAfter ? `trust domain ${ids.trustDomainAfter}` : `trust domain ${ids.trustDomainBefore} -> ${ids.trustDomainAfter}`;
    lines.push(`Identities (${td}): ${moved.length} workload(s) change, ${ids.workloads.length - moved.length} unchanged`);
    for (const w of moved) {
      lines.push(`  ${label(w.change).padEnd(8)} ${w.workload}`);
      lines.push(`           before: ${w.before.join(', ') || '(none)'}`);
      lines.push(`           after:  ${w.after.join(', ') || '(none)'}`);
    }
  }
  lines.push('');
  return lines;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownFinding(f: DiffFinding): string[] {
  const icon = f.severity === 'error' ? '🛑' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
  const out = [`### ${icon} ${LABEL[f.severity]} \`${f.rule}\` ${describeRef(f.object)}`, '', `**Field:** \`${f.field}\``, '', f.message, ''];
  if (f.fix.length > 0) out.push('**Fix:**', '', '```sh', ...f.fix, '```', '');
  out.push(`<sub>Rule: ${f.source}</sub>`, '');
  return out;
}

/** Markdown for a pull-request comment. */
export function renderDiffMarkdown(data: ManifestDiffData): string {
  const c = countFindings(data);
  const verdict = c.error > 0 ? `🛑 **${c.error} error(s)**: this change fails or breaks identities as it stands` : '✅ no errors';
  const lines = ['# cdk8s-spire diff', '', `${verdict}. ${summaryLine(data)}.`, ''];
  if (data.findings.length > 0) {
    lines.push('## Findings', '');
    for (const f of data.findings) lines.push(...markdownFinding(f));
  }
  const ids = data.identities;
  lines.push('## Identities', '');
  if (ids.skipped.length > 0) {
    lines.push(`Not compared: ${ids.skipped.join('; ')}`, '');
  } else {
    const moved = ids.workloads.filter((w) => w.change !== 'unchanged');
    if (moved.length === 0) {
      lines.push(`No workload's SPIFFE ID changes (${ids.workloads.length} workload(s)).`, '');
    } else {
      lines.push('| Workload | Change | Before | After |', '|---|---|---|---|');
      for (const w of moved) lines.push(`| ${cell(w.workload)} | ${w.change} | ${cell(w.before.join(', ') || '-')} | ${cell(w.after.join(', ') || '-')} |`);
      lines.push('');
    }
  }
  lines.push('## Rollout', '');
  if (data.rollout.length === 0) lines.push('Nothing to apply.', '');
  data.rollout.forEach((step, i) => {
    lines.push(`${i + 1}. **${step.title}**: ${step.reason}`, '', '   ```sh', ...step.commands.map((c2) => `   ${c2}`), '   ```', '');
  });
  return lines.join('\n');
}

/** JSON text. */
export function renderDiffJson(data: ManifestDiffData): string {
  return `${JSON.stringify({ summary: countFindings(data), ...data }, null, 2)}\n`;
}
