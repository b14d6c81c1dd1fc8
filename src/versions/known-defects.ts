// Released versions of the images this library deploys that break clusters, as data. Each row
// comes from the upstream project's own changelog or issue thread (cited in `source`); the
// checks in image-checks.ts (synth time) and image-findings.ts (any manifest set) read it.

import { compareReleaseVersions, parseReleaseVersion, ReleaseVersion } from './release-version';
import type { ImageComponent } from './spire-components';

/**
 * Annotation on a workload object (not its pod template, so setting it restarts nothing) whose
 * value lists, comma-separated, the known defects its owner accepted (`spiffe-csi#331`). The
 * Spire construct writes it for `acceptKnownDefects`; the image findings honour it.
 */
export const ACCEPT_KNOWN_DEFECTS_ANNOTATION = 'spire.cdk8s.io/accept-known-defects';

/** One defect of one component, present in every release from `introducedIn` up to (not including) `fixedIn`. */
export interface KnownDefect {
  /** How to name it in `acceptKnownDefects`: `<repository>#<issue>`, e.g. `spiffe-csi#331`. */
  readonly id: string;
  readonly component: ImageComponent;
  /** First affected release. */
  readonly introducedIn: string;
  /** First release with the fix: the affected range ends before it. */
  readonly fixedIn: string;
  /** What happens to a cluster that runs an affected release. */
  readonly effect: string;
  /** Where upstream says so: the issue or pull request and the changelog entry. */
  readonly source: string;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'spiffe-csi#331',
    component: 'spiffe-csi-driver',
    introducedIn: '0.1.0',
    fixedIn: '0.2.12',
    effect: 'NodePublishVolume bind-mounts the Workload API directory again on every kubelet re-publish (a kubelet restart re-publishes every volume); '
      + 'with the driver\'s Bidirectional mount propagation the mounts multiply on each restart until the node stops working '
      + '(reported: 13 pods, 6,145 mounts after one kubelet restart, 49,153 after two)',
    // The fix: pkg/driver/driver.go NodePublishVolume returns early when the target is already a mount point.
    source: 'spiffe/spiffe-csi#331, fixed by #332 in 0.2.12',
  },
  {
    id: 'spiffe-csi#158',
    component: 'spiffe-csi-driver',
    introducedIn: '0.1.0',
    fixedIn: '0.2.5',
    effect: 'after a node reboot NodeUnpublishVolume fails on the missing mount, so pods that used the volume stay Terminating until force-deleted',
    source: 'spiffe/spiffe-csi#158, fixed by #161; CHANGELOG.md 0.2.5',
  },
  {
    id: 'spiffe-csi#88',
    component: 'spiffe-csi-driver',
    introducedIn: '0.2.2',
    fixedIn: '0.2.3',
    effect: 'the driver panics at start-up on a broken version string, so no pod on the node gets its Workload API volume',
    source: 'spiffe/spiffe-csi#88; CHANGELOG.md 0.2.3',
  },
  {
    id: 'spire-controller-manager#450',
    component: 'spire-controller-manager',
    introducedIn: '0.1.0',
    fixedIn: '0.6.1',
    effect: 'the controller manager fails to start after an upgrade when its webhook certificate has expired, so no registration is reconciled',
    source: 'spiffe/spire-controller-manager#450; CHANGELOG.md 0.6.1',
  },
  {
    id: 'spire-controller-manager#32',
    component: 'spire-controller-manager',
    introducedIn: '0.1.0',
    fixedIn: '0.2.1',
    effect: 'entries are deleted and created again on every reconciliation, so workloads keep losing and regaining their SVIDs',
    source: 'spiffe/spire-controller-manager#32; CHANGELOG.md 0.2.1',
  },
];

/** The known defects of `component` that `version` falls in. */
export function defectsOf(component: ImageComponent, version: ReleaseVersion): KnownDefect[] {
  return KNOWN_DEFECTS.filter(defect => defect.component === component
    && compareReleaseVersions(version, parseReleaseVersion(defect.introducedIn)!) >= 0
    && compareReleaseVersions(version, parseReleaseVersion(defect.fixedIn)!) < 0);
}

/** The row with this id, if any. */
export function knownDefect(id: string): KnownDefect | undefined {
  return KNOWN_DEFECTS.find(defect => defect.id === id);
}
