// The cdk8s floor: the same objects in the same charts, with the same chart
// dependencies, as plain cdk8s ApiObjects. What any cdk8s app that writes these
// manifests pays (node, cdk8s, construct, synth); the library's own cost is what
// it adds on top. Imports only cdk8s: a floor process never loads the library.
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';

/** One chart's objects, as synthesized, and the charts it depends on. */
export interface FloorChart {
  readonly id: string;
  readonly dependsOn: string[];
  readonly objects: any[];
  /** Per object, the ids between the chart and the object (its construct path, chart and own id left out). */
  readonly scopes: string[][];
}

/** The charts of an app, in the order they were created. */
export interface FloorInput {
  readonly charts: FloorChart[];
  /** The Spire's controller className, which the registrations floor stamps. */
  readonly className?: string;
}

/** Captures every top-level chart of `app` (synthesizes each). */
export function captureCharts(app: App, only?: readonly string[]): FloorInput {
  const charts = app.node.children.filter((child): child is Chart => Chart.isChart(child))
    .filter((chart) => !only || only.includes(chart.node.id));
  return {
    charts: charts.map((chart) => {
      const objects = chart.toJson();
      return {
        id: chart.node.id,
        dependsOn: chart.node.dependencies.filter((dep) => Chart.isChart(dep)).map((dep) => dep.node.id),
        objects,
        scopes: objectScopes(chart, objects),
      };
    }),
  };
}

/** The ids between `chart` and each of its objects, for `written` (chart.toJson(), in its order). */
function objectScopes(chart: Chart, written: any[]): string[][] {
  const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
  const byName = new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.name}`, o]));
  return written.map((json: any) => {
    const object = byName.get(`${json.kind}/${json.metadata?.namespace ?? ''}/${json.metadata?.name}`)!;
    const scopes = object.node.scopes;
    return scopes.slice(scopes.indexOf(chart) + 1, -1).map((scope) => scope.node.id);
  });
}

export function writeFloorInput(file: string, input: FloorInput): void {
  fs.writeFileSync(file, JSON.stringify(input));
}

export function readFloorInput(file: string): FloorInput {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FloorInput;
}

function childOrNew(scope: Construct, id: string): Construct {
  return (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
}

/**
 * Rebuilds the charts as plain ApiObjects in a new App; returns the charts by id.
 * `sameTree`: each object under plain Constructs with the ids the library's
 * tree has between chart and object, so the floor has the library's depth
 * (cdk8s's per-edge walks cost by depth) but none of its classes or code.
 */
export function buildFloorCharts(app: App, input: FloorInput, sameTree = false): Map<string, Chart> {
  const charts = new Map<string, Chart>();
  for (const captured of input.charts) {
    const chart = new Chart(app, captured.id);
    for (const dep of captured.dependsOn) chart.addDependency(charts.get(dep)!);
    captured.objects.forEach((obj, index) => {
      const parent = sameTree ? captured.scopes[index].reduce<Construct>(childOrNew, chart) : chart;
      new ApiObject(parent, `o${index}`, obj);
    });
    charts.set(captured.id, chart);
  }
  return charts;
}
