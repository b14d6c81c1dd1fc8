/**
 * The container images this library deploys, pinned in one place.
 *
 * SPIRE 1.15.3 and spire-controller-manager 0.7.0 follow the hardened SPIRE
 * Helm chart 0.30.0. Two images are newer than the chart's on purpose:
 * - spiffe-csi-driver 0.2.12: every release up to 0.2.11 bind-mounts the
 *   Workload API directory again on each kubelet re-publish, and with the
 *   driver's Bidirectional propagation the mounts multiply until the node
 *   dies (spiffe/spiffe-csi#331, fixed by #332 in 0.2.12). 0.2.12 is the
 *   release whose image has been run against this library's output; 0.2.13
 *   (0.2.12 with Go and golang.org/x/net updates, spiffe/spiffe-csi#355) is
 *   accepted as an override.
 * - csi-node-driver-registrar v2.18.0: v2.15.0 (the chart's) carries the gRPC
 *   CVE-2026-33186 fixed in v2.17.0 (kubernetes-csi/node-driver-registrar#582)
 *   and the Go/gRPC advisories fixed in v2.18.0 (#608).
 * Every component takes an `image` option to override its entry, e.g. to use
 * a mirror or a digest; overrides inside a known defect's range are refused
 * (see `KNOWN_DEFECTS` and `acceptKnownDefects`).
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
  /**
   * SPIFFE CSI driver. The image tag has no `v` (spiffe/spiffe-csi
   * .github/workflows/scripts/push-images.sh strips it from the git tag).
   */
  public static readonly SPIFFE_CSI_DRIVER = 'ghcr.io/spiffe/spiffe-csi-driver:0.2.12';
  /** Kubernetes CSI node-driver-registrar, which registers the CSI driver with the kubelet. */
  public static readonly CSI_NODE_DRIVER_REGISTRAR = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.18.0';
  /** Small shell image for the agent's init container that prepares the socket directory. */
  public static readonly BUSYBOX = 'docker.io/library/busybox:1.37.0-uclibc';

  private constructor() {}
}
