import { Duration } from 'cdk8s';
import { LogFormat, PrometheusMonitor, SpireProps } from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { validateMonitor } from '../util/monitor-validator';
import { configIn, container, find, synthSpire } from '../util/synth';

function render(props: Partial<SpireProps>) {
  const { objects } = synthSpire(props);
  return {
    objects,
    sts: find(objects, 'StatefulSet', 'spire-server'),
    ds: find(objects, 'DaemonSet', 'spire-agent'),
    serverConf: configIn(objects, 'spire-server', 'server.conf'),
    agentConf: configIn(objects, 'spire-agent', 'agent.conf'),
    cmConf: configIn(objects, 'spire-controller-manager', 'controller-manager-config.json'),
  };
}

const portNamed = (c: any, name: string) => (c.ports ?? []).find((p: any) => p.name === name);

describe('telemetry', () => {
  test('off by default: no telemetry block, no prom ports, no metrics Services', () => {
    const { objects, sts, serverConf, agentConf } = render({});
    expect(serverConf.telemetry).toBeUndefined();
    expect(agentConf.telemetry).toBeUndefined();
    expect(portNamed(container(sts, 'spire-server'), 'prom')).toBeUndefined();
    expect(objects.filter(o => o.metadata.name.endsWith('-metrics'))).toEqual([]);
  });

  test('Prometheus endpoints on server, agent and controller manager, each on a named port the Service and monitors use', () => {
    const { objects, sts, ds, serverConf, agentConf, cmConf } = render({ telemetry: { monitor: PrometheusMonitor.serviceMonitor({ labels: { release: 'kube-prometheus-stack' } }) } });
    expect(serverConf.telemetry).toEqual([{ Prometheus: [{ host: '0.0.0.0', port: 9988 }] }]);
    expect(agentConf.telemetry).toEqual([{ Prometheus: [{ host: '0.0.0.0', port: 9988 }] }]);
    expect(portNamed(container(sts, 'spire-server'), 'prom')).toEqual({ name: 'prom', containerPort: 9988, protocol: 'TCP' });
    expect(portNamed(container(ds, 'spire-agent'), 'prom')).toEqual({ name: 'prom', containerPort: 9988, protocol: 'TCP' });
    // The controller manager always serves metrics on its bind address; the port gets a name.
    const cmPort = portNamed(container(sts, 'spire-controller-manager'), 'prom-cm');
    expect(`0.0.0.0:${cmPort.containerPort}`).toBe(cmConf.metrics.bindAddress);

    const serverMetrics = find(objects, 'Service', 'spire-server-metrics');
    expect(serverMetrics.spec).toEqual({
      clusterIP: 'None',
      selector: sts.spec.selector.matchLabels,
      ports: [{ name: 'prom', port: 9988, targetPort: 'prom', protocol: 'TCP' }, { name: 'prom-cm', port: 8082, targetPort: 'prom-cm', protocol: 'TCP' }],
    });
    const agentMetrics = find(objects, 'Service', 'spire-agent-metrics');
    expect(agentMetrics.metadata.namespace).toBe('spire-system');

    // Each ServiceMonitor selects exactly its metrics Service (not the gRPC Service) and scrapes its named ports.
    for (const [service, namespace] of [['spire-server', 'spire-server'], ['spire-agent', 'spire-system']]) {
      const monitor = objects.find(o => o.kind === 'ServiceMonitor' && o.metadata.name === service);
      expect(monitor.metadata).toMatchObject({ namespace, labels: { release: 'kube-prometheus-stack' } });
      const selected = objects.filter(o => o.kind === 'Service' && o.metadata.namespace === namespace
        && Object.entries<string>(monitor.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v));
      expect(selected.map(o => o.metadata.name)).toEqual([`${service}-metrics`]);
      expect(monitor.spec.endpoints.map((e: any) => e.port)).toEqual(selected[0].spec.ports.map((p: any) => p.name));
      expect(monitor.spec.endpoints[0]).toEqual({ port: 'prom', path: '/metrics', interval: '30s' });
      expect(validateMonitor(monitor)).toEqual([]);
    }
    expect(validateAll(objects)).toEqual([]);
  });

  test('PodMonitors target the named container ports, as the Helm chart does', () => {
    const { objects, sts } = render({ telemetry: { monitor: PrometheusMonitor.podMonitor({ interval: Duration.seconds(15) }), serverPort: 9090 } });
    const monitor = objects.find(o => o.kind === 'PodMonitor' && o.metadata.name === 'spire-server');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: sts.spec.selector.matchLabels },
      namespaceSelector: { matchNames: ['spire-server'] },
      podMetricsEndpoints: [{ port: 'prom', path: '/metrics', interval: '15s' }, { port: 'prom-cm', path: '/metrics', interval: '15s' }],
    });
    const ports = sts.spec.template.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.name));
    for (const endpoint of monitor.spec.podMetricsEndpoints) expect(ports).toContain(endpoint.port);
    expect(portNamed(container(sts, 'spire-server'), 'prom').containerPort).toBe(9090);
    expect(objects.filter(o => o.kind === 'PodMonitor').map(o => o.metadata.namespace).sort()).toEqual(['spire-server', 'spire-system']);
    expect(validateAll(objects)).toEqual([]);
  });

  test('the monitor schema rejects what Prometheus operator would (so validating means something)', () => {
    const { objects } = render({ telemetry: { monitor: PrometheusMonitor.serviceMonitor() } });
    const monitor = objects.find(o => o.kind === 'ServiceMonitor');
    expect(validateMonitor({ ...monitor, spec: { ...monitor.spec, endpoints: [{ port: 'prom', interval: '30 seconds' }] } })).toEqual([
      '/spec/endpoints/0/interval: must match pattern "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"',
    ]);
    expect(validateMonitor({ ...monitor, spec: { selector: monitor.spec.selector } })).toEqual(["/spec: must have required property 'endpoints'"]);
  });

  test('log_format json on server and agent, unset by default', () => {
    expect(render({}).serverConf.server.log_format).toBeUndefined();
    const { serverConf, agentConf } = render({ server: { logFormat: LogFormat.JSON }, agent: { logFormat: LogFormat.JSON } });
    expect([serverConf.server.log_format, agentConf.agent.log_format]).toEqual(['json', 'json']);
  });

  test('checks', () => {
    expect(errorOf(() => synthSpire({ telemetry: { serverPort: 8081 } }))).toMatch(/telemetry.serverPort 8081 is already used by the server API.*Fix: pick a free port/);
    expect(errorOf(() => synthSpire({ telemetry: { serverPort: 8082 } }))).toMatch(/telemetry.serverPort 8082 is already used by the controller manager metrics/);
    expect(errorOf(() => synthSpire({ telemetry: { agentPort: 9982 } }))).toMatch(/telemetry.agentPort 9982 is already used by the agent health checks/);
    expect(errorOf(() => synthSpire({ telemetry: { agentPort: 70000 } }))).toMatch(/telemetry.agentPort 70000 must be a whole number from 1 to 65535/);
    expect(errorOf(() => synthSpire({ telemetry: { scraperNamespaces: [] } }))).toMatch(/telemetry.scraperNamespaces \[\] must not be empty/);
    expect(errorOf(() => synthSpire({ telemetry: { scraperNamespaces: ['Monitoring'] } }))).toMatch(/telemetry.scraperNamespaces\[0\] "Monitoring"/);
    expect(errorOf(() => synthSpire({ telemetry: { monitor: PrometheusMonitor.podMonitor({ labels: { 'bad key': 'x' } }) } }))).toMatch(/telemetry.monitor labels key "bad key"/);
    expect(errorOf(() => synthSpire({ telemetry: { monitor: PrometheusMonitor.podMonitor({ interval: Duration.millis(0.5) }) } }))).toMatch(/telemetry.monitor interval/);
  });
});
