/**
 * How the server replicas are spread over the cluster. Applied only with more
 * than one replica: a single replica has nothing to spread from.
 */
export class ServerSpread {
  /**
   * At most one replica more on any node than on another (a hard rule:
   * `DoNotSchedule`), and spread over zones where the scheduler can
   * (`ScheduleAnyway`), so losing a node or a zone leaves replicas running.
   */
  public static nodesAndZones(): ServerSpread {
    return new ServerSpread('nodesAndZones');
  }

  /**
   * Never two replicas on one node (required pod anti-affinity on
   * `kubernetes.io/hostname`). Needs at least as many schedulable nodes as
   * replicas; extra replicas stay Pending.
   */
  public static oneReplicaPerNode(): ServerSpread {
    return new ServerSpread('oneReplicaPerNode');
  }

  /** Leave placement to the scheduler. */
  public static none(): ServerSpread {
    return new ServerSpread('none');
  }

  /** `nodesAndZones`, `oneReplicaPerNode` or `none`. */
  public readonly strategy: string;

  private constructor(strategy: string) {
    this.strategy = strategy;
  }
}

