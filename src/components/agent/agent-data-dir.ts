import type { IContainer } from '../common/kubernetes';
import { SPIRE_UID } from '../common/security';

/**
 * With the disk KeyManager the agent's data directory is a node directory,
 * created root-owned 0755 by the kubelet; this init container closes it to
 * other users (it holds the agent's private key) and hands it to SPIRE_UID.
 * It takes the directory back first: on a restart it belongs to SPIRE_UID,
 * and chmod of a directory root does not own would need CAP_FOWNER. With
 * root owning it, CHOWN is the only capability needed.
 */
export function dataDirectoryInit(volumeName: string, directory: string, image: string): IContainer {
  return {
    name: 'prepare-data-dir',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', [
      'set -eu',
      `chown 0:0 '${directory}'`,
      `chmod 0700 '${directory}'`,
      `chown -R ${SPIRE_UID}:${SPIRE_UID} '${directory}'`,
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
    volumeMounts: [{ name: volumeName, mountPath: directory }],
  };
}
