/** Where and into which containers `Spire.mountWorkloadApi` mounts the agent's socket. */
export interface WorkloadApiMountOptions {
  /**
   * Directory inside the containers that holds the socket.
   * @default '/spiffe-workload-api'
   */
  readonly mountPath?: string;
  /**
   * Names of the containers to mount into.
   * @default - every regular (non-init) container
   */
  readonly containers?: string[];
  /**
   * Name of the pod volume.
   * @default 'spiffe-workload-api'
   */
  readonly volumeName?: string;
}
