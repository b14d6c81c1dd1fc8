// Fed with the examples' own output: no registration federates with a trust
// domain whose bundle SPIRE would lack (test/util/spire-federation.ts).
import { synthIstioExample } from '../../examples/istio/app';
import { buildQuickstart } from '../../examples/quickstart/app';
import { synthesizedObjects } from '../util/files';
import { heldBundles, refusedFederations } from '../util/spire-federation';
import { configIn } from '../util/synth';

const examples: Array<[string, any[]]> = [
  ['quickstart', synthesizedObjects(dir => buildQuickstart(dir).synth())],
  ['istio', synthesizedObjects(dir => synthIstioExample(dir))],
];

test.each(examples)('%s: every federated registration gets its entries', (_name, objects) => {
  const config = JSON.parse(objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'spire-controller-manager').data['controller-manager-config.json']);
  const controller = { className: config.className, watchClassless: config.watchClassless ?? false };
  expect(refusedFederations(objects, controller)).toEqual([]);
});

test('the istio example federates every mesh registration with a partner whose first bundle is shipped', () => {
  const objects = examples[1][1];
  const controller = { className: 'spire-server-spire', watchClassless: false };
  expect([...heldBundles(objects, controller)]).toEqual(['partner.example.com']);
  const federating = objects.filter(o => o.kind === 'ClusterSPIFFEID' && o.spec.federatesWith?.includes('partner.example.com'));
  expect(federating.map(o => o.metadata.name).sort()).toEqual(['istio-egressgateway-reg', 'istio-ingressgateway-reg', 'istio-sidecar-reg']);
  expect(configIn(objects, 'spire-agent', 'agent.conf').agent.sds).toMatchObject({ default_all_bundles_name: 'ROOTCA' });
});

test('the rule sees the example as it was before issue 7 (https_spiffe without a bundle): every mesh entry refused', () => {
  const objects = JSON.parse(JSON.stringify(examples[1][1]));
  delete objects.find((o: any) => o.kind === 'ClusterFederatedTrustDomain').spec.trustDomainBundle;
  expect(refusedFederations(objects, { className: 'spire-server-spire', watchClassless: false })).toEqual([
    'ClusterSPIFFEID/istio-sidecar-reg: unable to find federated bundle "spiffe://partner.example.com"',
    'ClusterSPIFFEID/istio-ingressgateway-reg: unable to find federated bundle "spiffe://partner.example.com"',
    'ClusterSPIFFEID/istio-egressgateway-reg: unable to find federated bundle "spiffe://partner.example.com"',
  ]);
});
