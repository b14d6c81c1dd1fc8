import { SpireImages } from '../images';

/** Options for `SocketReadiness.waitForSocket`. */
export interface WaitForSocketOptions {
  /**
   * Image of the init container (needs `sh` and `sleep`).
   * @default SpireImages.BUSYBOX
   */
  readonly image?: string;
}

/**
 * What a proxy does when the SPIRE agent's socket is not there yet.
 *
 * Without either strategy a gateway that starts before the agent can end up
 * with Istio's own certificates, or hang waiting for SDS.
 */
export class SocketReadiness {
  /**
   * Tell the proxy the agent's socket file name (`WORKLOAD_IDENTITY_SOCKET_FILE`
   * in `meshConfig.defaultConfig.proxyMetadata`). With a name other than
   * `socket`, a proxy that finds no socket exits with an error and is
   * restarted, instead of silently serving istiod certificates. Needs Istio
   * 1.23.6, 1.24.4, 1.26 or newer.
   */
  public static failFast(): SocketReadiness {
    return new SocketReadiness('fail-fast', undefined);
  }

  /**
   * Gateways get an init container that waits until the agent's socket exists
   * (the classic `wait-for-spire-socket`), checking the exact path the agent serves.
   */
  public static waitForSocket(options: WaitForSocketOptions = {}): SocketReadiness {
    return new SocketReadiness('wait-for-socket', options.image ?? SpireImages.BUSYBOX);
  }

  /** `fail-fast` or `wait-for-socket`. */
  public readonly strategy: string;
  /** Image of the waiting init container (wait-for-socket only). */
  public readonly image?: string;

  private constructor(strategy: string, image: string | undefined) {
    this.strategy = strategy;
    this.image = image;
  }
}
