import type { IContainer } from '../common/kubernetes';
import { SPIRE_UID } from '../common/security';

/** What one node directory needs before the agent (SPIRE_UID) uses it. */
export interface NodeDirectoryInit {
  readonly name: string;
  readonly volumeName: string;
  readonly directory: string;
  /** Octal mode, such as `0755`. */
  readonly mode: string;
  /** Shell lines run while root owns the directory (`dir` is the quoted path). */
  readonly whileRootOwned?: (dir: string) => string[];
  /** Hand over everything below the directory too. */
  readonly recursive?: boolean;
  readonly image: string;
}

/**
 * An init container that prepares a node (hostPath) directory for the agent
 * with CAP_CHOWN alone. The kubelet creates the directory root-owned; on a
 * restart it belongs to SPIRE_UID, and changing the mode of a directory root
 * does not own would need CAP_FOWNER. So root takes it back first, sets the
 * mode, does its other work while it owns the directory, and hands it over
 * last. Paths are absolute: root may not search a directory it does not own.
 * test/consumers/container-scripts.test.ts runs these scripts for real.
 */
export function nodeDirectoryInit(spec: NodeDirectoryInit): IContainer {
  const dir = `'${spec.directory}'`;
  return {
    name: spec.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', [
      'set -eu',
      `chown 0:0 ${dir}`,
      `chmod ${spec.mode} ${dir}`,
      ...(spec.whileRootOwned?.(dir) ?? []),
      `chown ${spec.recursive ? '-R ' : ''}${SPIRE_UID}:${SPIRE_UID} ${dir}`,
    ].join('\n')],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
    securityContext: {
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['CHOWN'] },
    },
    volumeMounts: [{ name: spec.volumeName, mountPath: spec.directory }],
  };
}
