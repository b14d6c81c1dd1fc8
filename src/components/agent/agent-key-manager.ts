/**
 * Where each agent keeps its private key (`KeyManager`).
 */
export class AgentKeyManager {
  /**
   * Only in memory (`KeyManager "memory"`). A restarted agent pod attests
   * again with a fresh projected token (k8s_psat allows that), so nothing
   * secret ever touches the node's disk.
   */
  public static memory(): AgentKeyManager {
    return new AgentKeyManager('memory', undefined);
  }

  /**
   * In a node directory (`KeyManager "disk"`): the agent's data directory
   * becomes a hostPath, so a restarted agent reuses its key and SVID and
   * keeps serving workloads even while the server is unreachable. The
   * trade-off: the agent's private key sits on the node's disk, readable by
   * anyone with root on the node, and the hostPath outlives the agent
   * (delete it when removing SPIRE).
   * @param hostDirectory node directory for the agent's data and key; one per SPIRE installation
   */
  public static disk(hostDirectory?: string): AgentKeyManager {
    return new AgentKeyManager('disk', hostDirectory);
  }

  /** SPIRE's plugin name. */
  public readonly pluginName: string;
  /** Node directory of the disk key manager, when one was given. */
  public readonly hostDirectory?: string;

  private constructor(pluginName: string, hostDirectory: string | undefined) {
    this.pluginName = pluginName;
    this.hostDirectory = hostDirectory;
  }
}
