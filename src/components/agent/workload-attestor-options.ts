/**
 * The `unix` workload attestor: selectors from the calling process's user
 * and group (`unix:uid`, `unix:gid`, ...), next to the `k8s` ones.
 */
export interface UnixAttestorOptions {
  /**
   * Also produce `unix:path` and `unix:sha256` selectors from the workload's
   * binary (`discover_workload_path`). Reading another user's
   * `/proc/<pid>/exe` needs ptrace rights, so the agent container then runs
   * as root (uid 0) with the SYS_PTRACE capability added (still no privilege
   * escalation, all other capabilities dropped). The system namespace is
   * already Pod Security `privileged`, which allows this.
   * @default false
   */
  readonly discoverWorkloadPath?: boolean;
  /**
   * Largest binary the agent hashes for `unix:sha256`, in bytes
   * (`workload_size_limit`); negative never hashes. Hashing large binaries on
   * every attestation costs CPU a workload can provoke.
   * @default - SPIRE's default, 0 (no limit)
   */
  readonly workloadSizeLimit?: number;
}

/**
 * The `docker` workload attestor: selectors from the container's labels,
 * image and environment, read from the Docker Engine API. Only for nodes
 * whose containers Docker runs (cri-dockerd); containerd and CRI-O nodes
 * have no such API, and SPIRE 1.15 has no containerd attestor: the `k8s`
 * attestor already covers their containers through the kubelet.
 */
export interface DockerAttestorOptions {
  /**
   * Path of the Docker socket on each node, mounted into the agent. The
   * socket is root-owned, so the agent container runs as root (uid 0, no
   * added capabilities); access to it is access to the node's Docker.
   * @default '/var/run/docker.sock'
   */
  readonly socketPath?: string;
  /**
   * Patterns that find the container ID in a process's cgroup paths
   * (`container_id_cgroup_matchers`, such as `/docker/<id>`), for unusual
   * cgroup layouts.
   * @default - SPIRE's built-in locator
   */
  readonly containerIdCgroupMatchers?: string[];
}
