import type { IPodSpec } from './kubernetes';
import type { ServerSpread } from './topology';

/** Pod spec fields that place replicas carrying `selector` labels. */
export function spreadFields(spread: ServerSpread, selector: Record<string, string>): Pick<IPodSpec, 'topologySpreadConstraints' | 'affinity'> {
  const labelSelector = { matchLabels: selector };
  switch (spread.strategy) {
    case 'nodesAndZones':
      return {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector },
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
        ],
      };
    case 'oneReplicaPerNode':
      return {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector }],
          },
        },
      };
    default:
      return {};
  }
}
