/**
 * How the agent's Kubernetes workload attestor checks the kubelet's serving
 * certificate when it asks the kubelet which pod a process belongs to.
 */
export class KubeletVerification {
  /**
   * Do not verify the kubelet certificate (`skip_kubelet_verification`).
   *
   * The agent talks to the kubelet on the node's loopback address, and many
   * clusters (kubeadm, kind, AKS) serve self-signed kubelet certificates that
   * no CA could verify; the hardened Helm chart defaults to this too.
   */
  public static skip(): KubeletVerification {
    return new KubeletVerification(true, undefined);
  }

  /**
   * Verify the kubelet certificate against the cluster CA that Kubernetes
   * mounts into every pod (SPIRE's default `kubelet_ca_path`). Works where
   * kubelet serving certificates are signed by the cluster CA
   * (`serverTLSBootstrap: true`).
   */
  public static clusterCa(): KubeletVerification {
    return new KubeletVerification(false, undefined);
  }

  /**
   * Verify the kubelet certificate against a CA bundle file on the node, which
   * is mounted read-only into the agent.
   * @param hostPath absolute path of the CA bundle on each node
   */
  public static hostCaFile(hostPath: string): KubeletVerification {
    return new KubeletVerification(false, hostPath);
  }

  /** Whether verification is skipped. */
  public readonly skipVerification: boolean;
  /** Node path of the CA bundle, when one is mounted from the host. */
  public readonly hostCaPath?: string;

  private constructor(skipVerification: boolean, hostCaPath: string | undefined) {
    this.skipVerification = skipVerification;
    this.hostCaPath = hostCaPath;
  }
}
