/**
 * Where the SPIRE server keeps its CA and JWT signing keys (`KeyManager`).
 */
export class ServerKeyManager {
  /**
   * Keys in a file on the server's persistent volume (`KeyManager "disk"`).
   * A restarted replica keeps signing with the same keys, so issued SVIDs and
   * the published bundle stay stable. The keys are as safe as the volume.
   */
  public static disk(): ServerKeyManager {
    return new ServerKeyManager('disk');
  }

  /**
   * Keys only in memory (`KeyManager "memory"`). Nothing secret touches a
   * disk, but every restart prepares a new CA: without an UpstreamAuthority
   * that is a new root in the bundle each time, which agents and federation
   * partners must pick up before the old one is pruned. Pair it with an
   * UpstreamAuthority.
   */
  public static memory(): ServerKeyManager {
    return new ServerKeyManager('memory');
  }

  /** SPIRE's plugin name. */
  public readonly pluginName: string;

  private constructor(pluginName: string) {
    this.pluginName = pluginName;
  }
}
