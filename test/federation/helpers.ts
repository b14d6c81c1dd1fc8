import { App, Chart, Testing } from 'cdk8s';
import { Spire, SpireProps } from '../../src';

/** One cluster's app: a Spire chart and an identities chart applied after it. */
export interface Cluster {
  readonly app: App;
  readonly spireChart: Chart;
  readonly identities: Chart;
  readonly spire: Spire;
}

export function cluster(trustDomain: string, clusterName: string, props: Partial<SpireProps> = {}): Cluster {
  const app = Testing.app();
  const spireChart = new Chart(app, 'spire');
  const spire = new Spire(spireChart, 'spire', { trustDomain, clusterName, ...props });
  const identities = new Chart(app, 'identities');
  identities.addDependency(spireChart);
  return { app, spireChart, identities, spire };
}
