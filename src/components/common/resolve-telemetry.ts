import { IConstruct } from 'constructs';
import { checkInteger, checkNodeSelector } from './checks';
import { PrometheusMonitor, type TelemetryOptions } from './telemetry';
import { propertyError } from '../../errors';
import { durationProblem } from '../../spiffe/duration';
import { dns1123LabelProblem } from '../../spiffe/k8s-names';

/** Telemetry options with defaults applied and every value checked. */
export interface ResolvedTelemetry {
  readonly serverPort: number;
  readonly agentPort: number;
  readonly monitor: PrometheusMonitor;
  readonly scraperNamespaces: string[];
}

/** Ports a telemetry endpoint must not take, per component. */
export interface TakenPorts {
  readonly server: Record<number, string>;
  readonly agent: Record<number, string>;
}

export function resolveTelemetry(scope: IConstruct, options: TelemetryOptions | undefined, taken: TakenPorts): ResolvedTelemetry | undefined {
  if (!options) return undefined;
  const serverPort = checkInteger(scope, 'telemetry.serverPort', options.serverPort ?? 9988, 1, 65535);
  const agentPort = checkInteger(scope, 'telemetry.agentPort', options.agentPort ?? 9988, 1, 65535);
  for (const [property, port, ports] of [['telemetry.serverPort', serverPort, taken.server], ['telemetry.agentPort', agentPort, taken.agent]] as const) {
    const user = ports[port];
    if (user) throw propertyError(scope, property, port, `is already used by ${user} in the same pod`, 'pick a free port, such as 9988');
  }
  const monitor = options.monitor ?? PrometheusMonitor.none();
  if (monitor.options.interval !== undefined) {
    const problem = durationProblem(monitor.options.interval);
    if (problem) throw propertyError(scope, 'telemetry.monitor interval', monitor.options.interval.toHumanString(), problem, 'pass a Duration such as Duration.seconds(30)');
  }
  checkNodeSelector(scope, 'telemetry.monitor labels', monitor.options.labels);
  const scraperNamespaces = options.scraperNamespaces ?? ['monitoring'];
  if (scraperNamespaces.length === 0) {
    throw propertyError(scope, 'telemetry.scraperNamespaces', [], 'must not be empty (with NetworkPolicies no scraper could reach the metrics)', 'name the namespace Prometheus runs in, such as "monitoring"');
  }
  scraperNamespaces.forEach((ns, i) => {
    const problem = dns1123LabelProblem(ns);
    if (problem) throw propertyError(scope, `telemetry.scraperNamespaces[${i}]`, ns, problem, 'name the namespace Prometheus runs in, such as "monitoring"');
  });
  return { serverPort, agentPort, monitor, scraperNamespaces };
}
