// Findings from the identities side by side: a workload whose SPIFFE IDs change or go away. The
// API server accepts every change to a ClusterSPIFFEID (the CRD has no immutable field); the
// controller manager then rewrites the entries (spiffe/spire-controller-manager
// pkg/spireentry/reconciler.go: entries follow the ClusterSPIFFEIDs that match each pod), and the
// agents hand out SVIDs with the new IDs at their next sync. Peers that authorize by SPIFFE ID
// (Istio AuthorizationPolicies, allow lists) reject the new ID until they accept it.

import type { DiffFinding, IdentityComparison } from './model';

const SOURCE = 'spiffe/spire-controller-manager:pkg/spireentry/reconciler.go';

function refOfWorkload(workload: string): { kind: string; namespace: string; name: string } {
  const parts = workload.split('/');
  return parts.length >= 3
    ? { kind: parts[0], namespace: parts[1], name: parts.slice(2).join('/') }
    : { kind: parts[0] ?? '', namespace: '', name: parts[1] ?? '' };
}

/**
 * One warning per workload of the new manifests whose IDs change or go away (none when the trust
 * domain changes: that finding covers every ID). A workload the new manifests drop is not one:
 * `kubectl apply` leaves it running with its ClusterSPIFFEID, and left-behind says so.
 */
export function identityFindings(identities: IdentityComparison, inNewManifests: (workload: string) => boolean = () => true): DiffFinding[] {
  if (identities.trustDomainBefore !== identities.trustDomainAfter) return [];
  return identities.workloads.filter((w) => (w.change === 'changed' || w.change === 'lost') && inNewManifests(w.workload)).map((w) => {
    const lost = w.change === 'lost';
    return {
      severity: 'warning',
      rule: lost ? 'workload-identity-lost' : 'workload-identity-changed',
      object: refOfWorkload(w.workload),
      field: 'SPIFFE ID (ClusterSPIFFEID spec.spiffeIDTemplate / podSelector / namespaceSelector)',
      message: lost
        ? `${w.workload} loses its SPIFFE ID${w.before.length > 1 ? 's' : ''} ${w.before.join(', ')}: no ClusterSPIFFEID matches its pods any more, `
          + 'so the controller manager deletes their entries and the pods get no new SVIDs (the ones they hold expire)'
        : `${w.workload}: SPIFFE ID ${w.before.join(', ')} -> ${w.after.join(', ')}; the controller manager rewrites its entries, `
          + 'and peers that authorize the old ID reject the new one until they accept it',
      fix: lost
        ? ['check that the workload no longer needs an identity, or keep a ClusterSPIFFEID that matches it']
        : ['first let every peer accept the new ID (Istio AuthorizationPolicy principals, allow lists), then apply'],
      source: SOURCE,
    };
  });
}
