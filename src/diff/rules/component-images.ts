// The images next to SPIRE's own: spire-controller-manager (its CHANGELOG.md says which
// releases need the CRDs, and the ClusterRole, updated before the controller), the SPIFFE CSI
// driver and the node-driver-registrar, and the OIDC discovery provider (released with SPIRE).

import { compareReleaseVersions, formatReleaseVersion, minorOf, ReleaseVersion } from '../../versions/release-version';
import type { ImageComponent } from '../../versions/spire-components';
import type { DiffContext } from '../diff-context';
import { describeRef, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { containersOfComponent, SpireContainer } from '../spire-facts';
import { DiffRule, finding } from './rule';

/** spire-controller-manager releases whose CHANGELOG says "Before upgrading you MUST" update CRDs (and RBAC). */
const CONTROLLER_MANAGER_BREAKS: ReadonlyArray<[string, string]> = [
  ['0.3', 'the ClusterSPIFFEID CRD changed and the ClusterStaticEntry CRD is new; update both, and the manager ClusterRole, before the controller'],
  ['0.4', 'the ClusterSPIFFEID, ClusterFederatedTrustDomain and ClusterStaticEntry CRDs changed; update them, and the manager ClusterRole (endpoints), before the controller'],
  ['0.5', 'the ClusterStaticEntry CRD changed; update it before the controller'],
  ['0.6', 'the ClusterSPIFFEID CRD changed (hint, fallback); update it before the controller'],
];

const NOTES: Partial<Record<ImageComponent, string>> = {
  'spiffe-csi-driver': 'the SPIFFE CSI driver only bind-mounts the agent\'s socket directory; no version coupling with SPIRE is documented (spiffe/spiffe-csi README); its DaemonSet rolls node by node and running pods keep their mounts',
  'csi-node-driver-registrar': 'the node-driver-registrar re-registers the driver with the kubelet on restart (kubernetes-csi/node-driver-registrar)',
  'oidc-discovery-provider': 'the OIDC discovery provider is released with SPIRE; keep it at the servers\' version (spiffe/spire doc/upgrading.md)',
};

const SOURCES: Partial<Record<ImageComponent, string>> = {
  'spire-controller-manager': 'spiffe/spire-controller-manager:CHANGELOG.md',
  'spiffe-csi-driver': 'spiffe/spiffe-csi:README.md',
  'csi-node-driver-registrar': 'kubernetes-csi/node-driver-registrar:README.md',
  'oidc-discovery-provider': 'spiffe/spire:doc/upgrading.md',
};

function key(c: SpireContainer): string {
  return `${describeRef(refOf(c.workload))}#${c.container}`;
}

function crossed(from: ReleaseVersion, to: ReleaseVersion): string[] {
  const [low, high] = compareReleaseVersions(from, to) < 0 ? [from, to] : [to, from];
  return CONTROLLER_MANAGER_BREAKS.filter(([minor]) => {
    const [major, m] = minor.split('.').map(Number);
    const v = { major, minor: m, patch: 0, text: minor };
    return compareReleaseVersions(v, low) > 0 && compareReleaseVersions(v, high) <= 0;
  }).map(([minor, note]) => `${minor}: ${note}`);
}

function changes(context: DiffContext, component: ImageComponent): DiffFinding[] {
  const before = new Map(containersOfComponent(context.before.spire, component).map((c) => [key(c), c]));
  const fallback = [...before.values()][0];
  const out: DiffFinding[] = [];
  for (const c of containersOfComponent(context.after.spire, component)) {
    const old = before.get(key(c)) ?? fallback;
    if (!old || old.image.image === c.image.image) continue;
    const from = old.image.version;
    const to = c.image.version;
    const versions = from && to ? `${formatReleaseVersion(from)} -> ${formatReleaseVersion(to)}` : `${old.image.image} -> ${c.image.image}`;
    const field = `spec.template.spec.containers[${c.container}].image`;
    const breaks = component === 'spire-controller-manager' && from && to ? crossed(from, to) : [];
    if (breaks.length > 0) {
      out.push(finding('warning', 'controller-manager-upgrade', c.workload, field,
        `spire-controller-manager ${versions} crosses releases that must have their CRDs updated first: ${breaks.join('; ')}`,
        ['apply the CRDs (and the controller manager\'s ClusterRole) first, then the server pod with the new controller'],
        SOURCES[component]!));
    } else {
      const note = NOTES[component] ?? (from && to && minorOf(from) !== minorOf(to) ? 'read its release notes' : 'a patch release');
      out.push(finding('info', 'component-image-changed', c.workload, field, `${component} ${versions}: ${note}`, [], SOURCES[component] ?? 'release notes'));
    }
  }
  return out;
}

export const componentImageRule: DiffRule = (context: DiffContext) => [
  ...changes(context, 'spire-controller-manager'),
  ...changes(context, 'spiffe-csi-driver'),
  ...changes(context, 'csi-node-driver-registrar'),
  ...changes(context, 'oidc-discovery-provider'),
];
