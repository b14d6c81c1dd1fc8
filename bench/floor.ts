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
  /** How many construct classes the captured app has besides cdk8s's App, Chart and ApiObject. */
  readonly ownClasses: number;
}

/** Captures every top-level chart of `app` (synthesizes each), or those in `only`. */
export function captureCharts(app: App, only?: readonly string[]): FloorInput {
  const cdk8sClasses = new Set<unknown>([App, Chart, ApiObject]);
  const ownClasses = new Set(app.node.findAll().map((c) => c.constructor).filter((c) => !cdk8sClasses.has(c))).size;
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
    ownClasses,
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

/** How far a floor app is made to look like the library's. */
export interface FloorShape {
  /**
   * Each object under plain Constructs with the ids the library's tree has
   * between chart and object: the library's depth (cdk8s's per-edge walks cost
   * by depth), none of its classes or code.
   */
  readonly sameTree?: boolean;
  /**
   * Adds this many empty construct classes of its own to the tree, one instance
   * each, as the library's app has (SpireCrds, Spire, ClusterSpiffeId): cdk8s's
   * `Chart.isChart` sees every construct, and past four classes V8 switches that
   * check to its slower generic lookup. What any app with its own construct
   * classes pays, with the floor's flat tree.
   */
  readonly extraClasses?: number;
}

/** Rebuilds the charts as plain ApiObjects in a new App; returns the charts by id. */
export function buildFloorCharts(app: App, input: FloorInput, shape: FloorShape = {}): Map<string, Chart> {
  const sameTree = shape.sameTree ?? false;
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
  const first = charts.values().next().value as Chart | undefined;
  for (let i = 0; first && i < (shape.extraClasses ?? 0); i++) {
    // A new class per iteration: class expressions evaluated in a loop are distinct classes.
    const OwnConstruct = class extends Construct {};
    new OwnConstruct(first, `own-class-${i}`);
  }
  return charts;
}
