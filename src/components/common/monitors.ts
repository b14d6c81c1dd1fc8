import { Duration } from 'cdk8s';
import type { ObjectScope } from './object-scope';
import type { PrometheusMonitor } from './telemetry';
import { goDuration } from '../../spiffe/duration';

// Minimal typed views of the prometheus-operator objects we emit
// (monitoring.coreos.com/v1, fields from its CRDs); no runtime dependency.

interface LabelSelector {
  readonly matchLabels: Record<string, string>;
}

interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
}

/** One scraped endpoint of a ServiceMonitor (`spec.endpoints[]`). */
interface ServiceMonitorEndpoint {
  /** Name of the Service port. */
  readonly port: string;
  readonly path: string;
  readonly interval: string;
}

interface ServiceMonitorManifest {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'ServiceMonitor';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector: LabelSelector;
    readonly namespaceSelector: { readonly matchNames: string[] };
    readonly endpoints: ServiceMonitorEndpoint[];
  };
}

/** One scraped endpoint of a PodMonitor (`spec.podMetricsEndpoints[]`). */
interface PodMetricsEndpoint {
  /** Name of the container port. */
  readonly port: string;
  readonly path: string;
  readonly interval: string;
}

interface PodMonitorManifest {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PodMonitor';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector: LabelSelector;
    readonly namespaceSelector: { readonly matchNames: string[] };
    readonly podMetricsEndpoints: PodMetricsEndpoint[];
  };
}

/** A component's metrics endpoints: container port names and numbers. */
export interface MetricsTarget {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly ports: Array<{ readonly name: string; readonly port: number }>;
}

/**
 * The metrics Service of a component (always, when telemetry is on: it names
 * the ports for any scraper) and its ServiceMonitor or PodMonitor.
 */
export function emitMonitoring(scope: ObjectScope, target: MetricsTarget, monitor: PrometheusMonitor): void {
  scope.add('MetricsService', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${target.name}-metrics`, namespace: target.namespace, labels: { ...target.labels, 'spire.cdk8s.io/metrics': 'true' } },
    spec: {
      // Headless: Prometheus scrapes every pod behind it, never a load-balanced one.
      clusterIP: 'None',
      selector: target.selector,
      ports: target.ports.map(p => ({ name: p.name, port: p.port, targetPort: p.name, protocol: 'TCP' as const })),
    },
  });
  if (!monitor.kind) return;
  const interval = goDuration(monitor.options.interval ?? Duration.seconds(30));
  const metadata: ObjectMeta = { name: target.name, namespace: target.namespace, labels: { ...target.labels, ...(monitor.options.labels ?? {}) } };
  const namespaceSelector = { matchNames: [target.namespace] };
  if (monitor.kind === 'ServiceMonitor') {
    const manifest: ServiceMonitorManifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata,
      spec: {
        selector: { matchLabels: { ...target.selector, 'spire.cdk8s.io/metrics': 'true' } },
        namespaceSelector,
        endpoints: target.ports.map(p => ({ port: p.name, path: '/metrics', interval })),
      },
    };
    scope.add('ServiceMonitor', manifest);
  } else {
    const manifest: PodMonitorManifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata,
      spec: {
        selector: { matchLabels: target.selector },
        namespaceSelector,
        podMetricsEndpoints: target.ports.map(p => ({ port: p.name, path: '/metrics', interval })),
      },
    };
    scope.add('PodMonitor', manifest);
  }
}
