// Federation relationships the new manifests drop: a ClusterFederatedTrustDomain the controller
// manager deletes from SPIRE (spiffe/spire-controller-manager pkg/spirefederationrelationship:
// relationships without a resource are deleted), `federatesWith` removed from a registration
// (its entries stop carrying that trust domain's bundle), or `federation.federates_with`
// removed from server.conf.

import type { DiffContext } from '../diff-context';
import type { DiffFinding } from '../model';
import { serverCommand } from '../spire-facts';
import { DiffRule, finding } from './rule';

const SCM = 'spiffe/spire-controller-manager';

export const federationRule: DiffRule = (context: DiffContext) => {
  const out: DiffFinding[] = [];
  const b = context.before.spire;
  const a = context.after.spire;
  for (const [trustDomain, object] of b.federations) {
    if (a.federations.has(trustDomain)) continue;
    out.push(finding('warning', 'federation-removed', object, 'spec.trustDomain',
      `the federation with ${trustDomain} goes away: the controller manager deletes the relationship, SPIRE stops refreshing ${trustDomain}'s bundle, `
      + `and workloads can no longer verify peers of ${trustDomain} once its keys rotate`,
      [`check no workload still talks to it: ${serverCommand(context.before.spire, 'entry show', `-federatesWith spiffe://${trustDomain}`)}`,
        `after the apply: kubectl delete clusterfederatedtrustdomain.spire.spiffe.io ${object.metadata?.name}`,
        `${serverCommand(context.after.spire, 'bundle delete', `-id spiffe://${trustDomain}`)}   # once nothing needs its bundle`],
      `${SCM}:pkg/spirefederationrelationship/reconciler.go`));
  }
  for (const [ref, before] of b.federatesWith) {
    const after = a.federatesWith.get(ref);
    if (!after) continue;
    const dropped = before.filter((td) => !after.includes(td));
    if (dropped.length === 0) continue;
    const object = context.after.objects.find((o) => `${o.kind}/${o.metadata?.name}` === ref)!;
    out.push(finding('warning', 'federates-with-removed', object, 'spec.federatesWith',
      `${ref} no longer federates with ${dropped.join(', ')}: its workloads stop receiving ${dropped.length > 1 ? 'those bundles' : 'that bundle'} `
      + 'and reject peers from there',
      ['confirm no workload it selects calls or accepts peers from ' + dropped.join(', ')], `${SCM}:pkg/spireentry/reconciler.go`));
  }
  const [serverBefore] = b.servers;
  const [serverAfter] = a.servers;
  if (serverBefore && serverAfter) {
    const dropped = serverBefore.federatesWith.filter((td) => !serverAfter.federatesWith.includes(td));
    if (dropped.length > 0) {
      out.push(finding('warning', 'federation-removed', serverAfter.configMap, `data["${serverAfter.key}"].federation.federates_with`,
        `server.conf no longer federates with ${dropped.join(', ')}: the server stops refreshing ${dropped.length > 1 ? 'their bundles' : 'its bundle'}`,
        ['confirm nothing still relies on ' + dropped.join(', ')], 'spiffe/spire:doc/spire_server.md (federation.federates_with)'));
    }
  }
  return out;
};
