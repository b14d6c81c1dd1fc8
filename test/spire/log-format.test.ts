// One switch, every component: `logFormat: LogFormat.JSON` on the Spire makes the server and
// agent (log_format), the controller manager (logEncoding: spire-controller-manager
// docs/spire-controller-manager-config.md) and a linked OIDC discovery provider (log_format:
// spiffe/spire support/oidc-discovery-provider/config.go) log JSON.
import { Chart, Testing } from 'cdk8s';
import { LogFormat, OidcDiscoveryProvider, Spire, SpireProps } from '../../src';
import { configIn } from '../util/synth';

function render(props: Partial<SpireProps>, oidcFormat?: LogFormat) {
  const app = Testing.app();
  const spireChart = new Chart(app, 'spire');
  const spire = new Spire(spireChart, 'spire', { trustDomain: 'example.org', clusterName: 'c', server: { jwtIssuer: 'https://oidc.example.org' }, ...props });
  const identities = new Chart(app, 'identities');
  new OidcDiscoveryProvider(identities, 'oidc', { spire, logFormat: oidcFormat });
  const objects = [...Testing.synth(spireChart), ...Testing.synth(identities)];
  return {
    server: configIn(objects, 'spire-server', 'server.conf').server.log_format,
    agent: configIn(objects, 'spire-agent', 'agent.conf').agent.log_format,
    controllerManager: configIn(objects, 'spire-controller-manager', 'controller-manager-config.json').logEncoding,
    oidc: configIn(objects, 'spire-oidc-discovery-provider', 'oidc-discovery-provider.conf').log_format,
  };
}

test('by default no component is told a format: each keeps its own default (text, console)', () => {
  expect(render({})).toEqual({ server: undefined, agent: undefined, controllerManager: undefined, oidc: undefined });
});

test('logFormat: LogFormat.JSON reaches every component we deploy', () => {
  expect(render({ logFormat: LogFormat.JSON })).toEqual({ server: 'json', agent: 'json', controllerManager: 'json', oidc: 'json' });
});

test('LogFormat.TEXT is written out for SPIRE and left implicit (console) for the controller manager', () => {
  expect(render({ logFormat: LogFormat.TEXT })).toEqual({ server: 'text', agent: 'text', controllerManager: undefined, oidc: 'text' });
});

test('each component can still choose for itself', () => {
  expect(render({
    logFormat: LogFormat.JSON,
    server: { jwtIssuer: 'https://oidc.example.org', logFormat: LogFormat.TEXT },
    agent: { logFormat: LogFormat.TEXT },
    controllerManager: { logFormat: LogFormat.TEXT },
  }, LogFormat.TEXT)).toEqual({ server: 'text', agent: 'text', controllerManager: undefined, oidc: 'text' });
  expect(render({ controllerManager: { logFormat: LogFormat.JSON } })).toEqual({ server: undefined, agent: undefined, controllerManager: 'json', oidc: undefined });
});
