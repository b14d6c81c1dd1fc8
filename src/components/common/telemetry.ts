import type { Duration } from 'cdk8s';

/** Options of the Prometheus operator objects that scrape SPIRE. */
export interface PrometheusMonitorOptions {
  /**
   * Scrape interval.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Labels put on the monitor objects, so a Prometheus `serviceMonitorSelector`
   * / `podMonitorSelector` picks them up (kube-prometheus-stack selects
   * `release: <release name>`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Which prometheus-operator objects (`monitoring.coreos.com/v1`) to emit for
 * the metrics endpoints. The CRDs must already be installed.
 */
export class PrometheusMonitor {
  /** No monitor objects; scrape the `prom` ports yourself. */
  public static none(): PrometheusMonitor {
    return new PrometheusMonitor(undefined, {});
  }

  /**
   * ServiceMonitors, one per namespace, scraping the metrics Services
   * (`spire-server-metrics`, `spire-agent-metrics`).
   */
  public static serviceMonitor(options: PrometheusMonitorOptions = {}): PrometheusMonitor {
    return new PrometheusMonitor('ServiceMonitor', options);
  }

  /** PodMonitors scraping the named `prom` container ports directly (as the Helm chart does). */
  public static podMonitor(options: PrometheusMonitorOptions = {}): PrometheusMonitor {
    return new PrometheusMonitor('PodMonitor', options);
  }

  /** ServiceMonitor, PodMonitor, or undefined for none. */
  public readonly kind?: string;
  /** Interval and labels. */
  public readonly options: PrometheusMonitorOptions;

  private constructor(kind: string | undefined, options: PrometheusMonitorOptions) {
    this.kind = kind;
    this.options = options;
  }
}

/**
 * Prometheus metrics of the server, agent and controller manager. Setting
 * this (even to `{}`) turns the endpoints on.
 */
export interface TelemetryOptions {
  /**
   * Port of the server's Prometheus endpoint (SPIRE `telemetry { Prometheus { port } }`).
   * @default 9988
   */
  readonly serverPort?: number;
  /**
   * Port of each agent's Prometheus endpoint. The agent runs on the host
   * network, so this port is opened on every node.
   * @default 9988
   */
  readonly agentPort?: number;
  /**
   * prometheus-operator objects to emit.
   * @default PrometheusMonitor.none()
   */
  readonly monitor?: PrometheusMonitor;
  /**
   * Namespaces of the Prometheus servers that scrape SPIRE; the server's
   * NetworkPolicy (when enabled) admits scrapes from these only.
   * @default ['monitoring']
   */
  readonly scraperNamespaces?: string[];
}
