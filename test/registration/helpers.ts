export { errorOf } from '../util/errors';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { Spire } from '../../src';

export const TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** An app with a Spire chart and an empty identities chart. */
export function fixture(caTtl?: Duration): { app: App; spire: Spire; identities: Chart } {
  const app = Testing.app();
  const spire = new Spire(new Chart(app, 'spire'), 'spire', {
    trustDomain: 'example.org',
    clusterName: 'demo-cluster',
    server: caTtl ? { caTtl } : undefined,
  });
  return { app, spire, identities: new Chart(app, 'identities') };
}

