import { DEFAULT_ISTIO_NAMESPACE } from './constants';

/** Options of an Istio gateway that gets its identity from SPIRE. */
export interface IstioGatewayOptions {
  /**
   * Name of the gateway: the IstioOperator component and its Deployment, or
   * the Helm release of the gateway chart.
   * @default 'istio-ingressgateway' or 'istio-egressgateway'
   */
  readonly name?: string;
  /**
   * Namespace of the gateway.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Service account of the gateway pods. istioctl always names it
   * `<name>-service-account`; the Helm values this library generates set the
   * same name, so both installs match the gateway's registration.
   * @default '<name>-service-account'
   */
  readonly serviceAccountName?: string;
  /**
   * Labels of the gateway pods, which the gateway's ClusterSPIFFEID selects.
   * They become part of the gateway Deployment's (immutable) selector: keep
   * them stable once installed.
   * @default { istio: <name without its "istio-" prefix> }
   */
  readonly labels?: { [key: string]: string };
}

/** An Istio ingress or egress gateway whose proxy gets its certificate from SPIRE. */
export class IstioGateway {
  /** An ingress gateway (default `istio-ingressgateway` in `istio-system`). */
  public static ingress(options: IstioGatewayOptions = {}): IstioGateway {
    return new IstioGateway('ingress', options.name ?? 'istio-ingressgateway', options);
  }

  /** An egress gateway (default `istio-egressgateway` in `istio-system`). */
  public static egress(options: IstioGatewayOptions = {}): IstioGateway {
    return new IstioGateway('egress', options.name ?? 'istio-egressgateway', options);
  }

  /** `ingress` or `egress`. */
  public readonly direction: string;
  /** Gateway name. */
  public readonly name: string;
  /** Gateway namespace. */
  public readonly namespace: string;
  /** Service account of the gateway pods. */
  public readonly serviceAccountName: string;
  /** Labels of the gateway pods. */
  public readonly labels: { [key: string]: string };

  private constructor(direction: string, name: string, options: IstioGatewayOptions) {
    this.direction = direction;
    this.name = name;
    this.namespace = options.namespace ?? DEFAULT_ISTIO_NAMESPACE;
    this.serviceAccountName = options.serviceAccountName ?? `${name}-service-account`;
    this.labels = { ...(options.labels ?? { istio: name.replace(/^istio-/, '') }) };
  }
}
