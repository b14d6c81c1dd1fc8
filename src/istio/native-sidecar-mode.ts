/**
 * Where the SPIRE injection template puts its changes to `istio-proxy`.
 *
 * From Istio 1.28, `ENABLE_NATIVE_SIDECARS` defaults to "auto": on nodes with
 * kubelet 1.33 or newer, istio-proxy becomes an init container (a native
 * sidecar). A template that patches `containers[istio-proxy]` then creates a
 * second, broken istio-proxy container.
 */
export enum NativeSidecarMode {
  /**
   * Decide per pod when it is injected, with the same expression Istio's own
   * sidecar template uses (the `.NativeSidecars` injection flag, overridable
   * with the `sidecar.istio.io/nativeSidecar` annotation).
   */
  AUTO = 'auto',
  /** istio-proxy is always an init container (native sidecars forced on). */
  ENABLED = 'enabled',
  /** istio-proxy is always a regular container (native sidecars off, or Istio before 1.28). */
  DISABLED = 'disabled',
}
