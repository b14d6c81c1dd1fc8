/**
 * CPU and memory for one container, as Kubernetes quantities (`100m`, `128Mi`).
 *
 * Each unset field keeps the component's default: requests are always set so
 * the scheduler reserves room for SPIRE; limits are unset by default so an
 * identity provider is never throttled or OOM-killed under a burst.
 */
export interface ContainerResources {
  /**
   * CPU the scheduler reserves.
   * @default - the component's default request
   */
  readonly cpuRequest?: string;
  /**
   * Memory the scheduler reserves.
   * @default - the component's default request
   */
  readonly memoryRequest?: string;
  /**
   * CPU ceiling.
   * @default - no limit
   */
  readonly cpuLimit?: string;
  /**
   * Memory ceiling; the container is killed above it.
   * @default - no limit
   */
  readonly memoryLimit?: string;
}
