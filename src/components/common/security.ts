import type { IPodSecurityContext, ISecurityContext } from './kubernetes';

/** The unprivileged user and group SPIRE's images run as. */
export const SPIRE_UID = 1000;

/** Pod Security "restricted" for a container: no root, no capabilities, read-only root filesystem. */
export function restrictedContainer(): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level settings for pods whose containers all run as SPIRE_UID. */
export function nonRootPod(): IPodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: SPIRE_UID,
    runAsGroup: SPIRE_UID,
    // Volumes (PVC, emptyDir, projected tokens) become group-writable/readable for SPIRE_UID.
    fsGroup: SPIRE_UID,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
