/**
 * The container images this library deploys, pinned in one place.
 *
 * Versions follow the hardened SPIRE Helm chart 0.30.0 (SPIRE 1.15.3,
 * spire-controller-manager 0.7.0, spiffe-csi-driver 0.2.7). Every component
 * takes an `image` option to override its entry, e.g. to use a mirror or a
 * digest.
 */
export class SpireImages {
  /** SPIRE server. */
  public static readonly SPIRE_SERVER = 'ghcr.io/spiffe/spire-server:1.15.3';
  /** SPIRE agent. */
  public static readonly SPIRE_AGENT = 'ghcr.io/spiffe/spire-agent:1.15.3';
  /** SPIRE controller manager (runs beside the server). */
  public static readonly SPIRE_CONTROLLER_MANAGER = 'ghcr.io/spiffe/spire-controller-manager:0.7.0';
  /** SPIRE OIDC discovery provider, which publishes the JWT signing keys. */
  public static readonly OIDC_DISCOVERY_PROVIDER = 'ghcr.io/spiffe/oidc-discovery-provider:1.15.3';
  /** SPIFFE CSI driver. */
  public static readonly SPIFFE_CSI_DRIVER = 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7';
  /** Kubernetes CSI node-driver-registrar, which registers the CSI driver with the kubelet. */
  public static readonly CSI_NODE_DRIVER_REGISTRAR = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.15.0';
  /** Small shell image for the agent's init container that prepares the socket directory. */
  public static readonly BUSYBOX = 'docker.io/library/busybox:1.37.0-uclibc';

  private constructor() {}
}
