import type { IContainer } from '../common/kubernetes';
import { SPIRE_UID } from '../common/security';

/**
 * With the disk KeyManager the agent's data directory is a node directory,
 * created root-owned by the kubelet; this init container hands it to
 * SPIRE_UID and closes it to other users (it holds the agent's private key).
 */
export function dataDirectoryInit(volumeName: string, directory: string, image: string): IContainer {
  return {
    name: 'prepare-data-dir',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', ['set -eu', `chown -R ${SPIRE_UID}:${SPIRE_UID} '${directory}'`, `chmod 0700 '${directory}'`].join('\n')],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
    securityContext: {
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'] },
    },
    volumeMounts: [{ name: volumeName, mountPath: directory }],
  };
}
