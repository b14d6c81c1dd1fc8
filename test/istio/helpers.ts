export { errorOf } from '../util/errors';
import { App, Chart, Testing } from 'cdk8s';
import { IstioIntegration, IstioIntegrationProps, Spire, SpireProps } from '../../src';

export interface Fixture {
  readonly app: App;
  readonly spire: Spire;
  readonly identities: Chart;
}

/** An app with one Spire and an empty identities chart. */
export function fixture(spireProps: Partial<SpireProps> = {}): Fixture {
  const app = Testing.app();
  const spire = new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster', ...spireProps });
  return { app, spire, identities: new Chart(app, 'identities') };
}

/** An IstioIntegration over a fresh fixture. */
export function integration(props: Partial<IstioIntegrationProps> = {}, spireProps: Partial<SpireProps> = {}): { istio: IstioIntegration } & Fixture {
  const f = fixture(spireProps);
  const istio = new IstioIntegration(f.identities, 'istio', { spire: f.spire, ...props });
  return { istio, ...f };
}

