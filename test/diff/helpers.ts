import { App } from 'cdk8s';
import { buildProduction } from '../../examples/production/app';
import { buildQuickstart } from '../../examples/quickstart/app';
import type { SpireProps } from '../../src';
import { diffManifests, ManifestDiffData } from '../../src/diff';
import { parseConfigText } from '../../src/identity-plan/yaml-documents';
import { tempDir } from '../util/files';

/** Every object of an app, chart by chart, without writing files. */
export function objectsOf(app: App): any[] {
  return app.charts.flatMap((chart) => chart.toJson());
}

const dir = tempDir();

/** The quick start's objects with these Spire options. */
export function quickstart(overrides: Partial<SpireProps> = {}): any[] {
  return objectsOf(buildQuickstart(dir, overrides));
}

/** The production example's objects with these Spire options. */
export function production(overrides: Partial<SpireProps> = {}): any[] {
  return objectsOf(buildProduction(dir, overrides));
}

export function diff(before: any[], after: any[]): ManifestDiffData {
  return diffManifests({ objects: before }, { objects: after }, { parseConfig: parseConfigText });
}

/** `severity rule Kind/ns/name field` per finding. */
export function summary(data: ManifestDiffData, severities: string[] = ['error', 'warning']): string[] {
  return data.findings.filter((f) => severities.includes(f.severity))
    .map((f) => `${f.severity} ${f.rule} ${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`);
}
