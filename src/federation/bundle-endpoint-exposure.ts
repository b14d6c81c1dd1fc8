/** A LoadBalancer Service in front of the bundle endpoint. */
export interface LoadBalancerExposureOptions {
  /**
   * The address partners dial: the DNS name (or IP address) that points at the
   * load balancer. It becomes the host of the bundle endpoint URL.
   */
  readonly publicAddress: string;
  /**
   * Port of the load balancer.
   * @default - the bundle endpoint port
   */
  readonly port?: number;
  /**
   * Annotations of the Service (cloud load balancer settings). Keep the load
   * balancer at layer 4: TLS must reach SPIRE unchanged.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * `spec.loadBalancerClass` of the Service.
   * @default - the cluster's default load balancer
   */
  readonly loadBalancerClass?: string;
  /**
   * Source ranges (CIDRs) allowed to connect, e.g. the partners' egress addresses.
   * @default - any source
   */
  readonly loadBalancerSourceRanges?: string[];
}

/** A NodePort Service in front of the bundle endpoint. */
export interface NodePortExposureOptions {
  /** The address partners dial: a node's (or a DNS name for the nodes') address. */
  readonly publicAddress: string;
  /** The node port (30000-32767 in a default cluster). */
  readonly nodePort: number;
}

/** An Ingress (ingress-nginx with SSL passthrough) in front of the bundle endpoint. */
export interface IngressExposureOptions {
  /** The public host name; partners connect to `https://<host>` on port 443. */
  readonly host: string;
  /**
   * `spec.ingressClassName` of the Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Extra annotations. The SSL-passthrough annotation is always set: an
   * Ingress that terminates TLS would replace SPIRE's certificate.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** A Gateway API TLSRoute (a Passthrough TLS listener) in front of the bundle endpoint. */
export interface TlsRouteExposureOptions {
  /** The public host name (the SNI partners send). */
  readonly hostname: string;
  /** Name of the Gateway whose listener accepts the route; it must use `protocol: TLS` and `tls.mode: Passthrough`. */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway. Its listener's `allowedRoutes` must admit routes from the server namespace.
   * @default - the server namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Name of the Gateway listener.
   * @default - every listener that admits the route
   */
  readonly sectionName?: string;
  /**
   * Port of the Gateway listener, as partners dial it.
   * @default 443
   */
  readonly port?: number;
}

/**
 * How federation partners in other clusters reach the bundle endpoint. Every
 * kind passes TLS through to SPIRE, which does its own TLS; the public
 * address given here becomes the bundle endpoint URL partners are told.
 */
export class BundleEndpointExposure {
  /**
   * Only the server's ClusterIP Service: for partners in the same cluster.
   * The URL is `https://spire-server.<serverNamespace>.svc:<port>`.
   */
  public static clusterInternal(): BundleEndpointExposure {
    return new BundleEndpointExposure('cluster-internal', {});
  }

  /** A dedicated LoadBalancer Service. @param options the public address and load balancer settings */
  public static loadBalancer(options: LoadBalancerExposureOptions): BundleEndpointExposure {
    return new BundleEndpointExposure('load-balancer', options);
  }

  /** A dedicated NodePort Service. @param options the public address and node port */
  public static nodePort(options: NodePortExposureOptions): BundleEndpointExposure {
    return new BundleEndpointExposure('node-port', options);
  }

  /**
   * An Ingress with SSL passthrough (ingress-nginx, started with
   * `--enable-ssl-passthrough`). Other Ingress controllers cannot pass TLS
   * through an Ingress; use a TLSRoute or a load balancer with them.
   * @param options host, class and annotations
   */
  public static ingress(options: IngressExposureOptions): BundleEndpointExposure {
    return new BundleEndpointExposure('ingress', options);
  }

  /** A Gateway API TLSRoute attached to a Passthrough TLS listener. @param options host and Gateway */
  public static tlsRoute(options: TlsRouteExposureOptions): BundleEndpointExposure {
    return new BundleEndpointExposure('tls-route', options);
  }

  /**
   * Exposed by something this library does not emit (your own proxy or load
   * balancer), which must pass TLS through to the server Service's
   * `federation` port.
   * @param url the public bundle endpoint URL, such as `https://spire.example.org:8443`
   */
  public static external(url: string): BundleEndpointExposure {
    return new BundleEndpointExposure('external', { url });
  }

  /** `cluster-internal`, `load-balancer`, `node-port`, `ingress`, `tls-route` or `external`. */
  public readonly kind: string;
  /** @internal */
  public readonly _options: Record<string, any>;

  private constructor(kind: string, options: object) {
    this.kind = kind;
    this._options = { ...options };
  }
}
