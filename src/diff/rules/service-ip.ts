// kubernetes/kubernetes pkg/apis/core/validation/validation.go `ValidateServiceUpdate`:
// spec.clusterIP and spec.clusterIPs are immutable once allocated unless the Service is or
// becomes type ExternalName (which holds no IP); the primary IP family (ipFamilies[0]) cannot
// change; `validateLoadBalancerClassField`: loadBalancerClass cannot change while the Service
// stays a LoadBalancer. Type changes among ClusterIP, NodePort and LoadBalancer are accepted.

import type { DiffContext } from '../diff-context';
import { refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:pkg/apis/core/validation/validation.go ValidateServiceUpdate`;

function typeOf(spec: any): string {
  return spec?.type ?? 'ClusterIP';
}

export const serviceRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'Service' && (p.after.apiVersion ?? 'v1') === 'v1')
  .flatMap((p): DiffFinding[] => {
    const ref = refOf(p.after);
    const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
    const oldType = typeOf(p.before.spec);
    const newType = typeOf(p.after.spec);
    const recreate = [`kubectl delete service ${ref.name}${ns}   # clients see no Service until it is created again`, 'kubectl apply -f <the new manifests>'];
    const out: DiffFinding[] = [];
    if (oldType !== 'ExternalName' && newType !== 'ExternalName') {
      const oldIp = p.before.spec?.clusterIP ?? p.before.spec?.clusterIPs?.[0];
      const newIp = p.after.spec?.clusterIP ?? p.after.spec?.clusterIPs?.[0];
      // An IP the manifest leaves out is allocated and kept; one it names must equal the allocated one.
      if (newIp !== undefined && newIp !== '' && newIp !== oldIp) {
        out.push(finding('error', 'service-clusterip-immutable', p.after, 'spec.clusterIP',
          `the API server refuses this update: spec.clusterIP is immutable once allocated (${oldIp ?? 'allocated'} -> ${newIp})`
          + (newIp === 'None' ? '; a Service cannot become headless in place' : ''),
          recreate, SOURCE));
      }
    }
    const oldFamily = p.before.spec?.ipFamilies?.[0];
    const newFamily = p.after.spec?.ipFamilies?.[0];
    if (oldFamily && newFamily && oldFamily !== newFamily) {
      out.push(finding('error', 'service-ipfamily-immutable', p.after, 'spec.ipFamilies[0]',
        `the API server refuses this update: the primary IP family cannot change (${oldFamily} -> ${newFamily})`, recreate, SOURCE));
    }
    const oldClass = p.before.spec?.loadBalancerClass;
    const newClass = p.after.spec?.loadBalancerClass;
    if (oldType === 'LoadBalancer' && newType === 'LoadBalancer' && oldClass !== newClass) {
      out.push(finding('error', 'service-loadbalancerclass-immutable', p.after, 'spec.loadBalancerClass',
        `the API server refuses this update: loadBalancerClass cannot change while the Service stays type LoadBalancer (${oldClass ?? '(none)'} -> ${newClass ?? '(none)'})`,
        recreate, `${SOURCE} (validateLoadBalancerClassField)`));
    }
    if (oldType !== newType) {
      const consequences: Record<string, string> = {
        LoadBalancer: 'the cloud load balancer and its address go away; clients that dial that address must move to the new one',
        NodePort: 'node ports are released',
      };
      out.push(finding('info', 'service-type-change', p.after, 'spec.type',
        `type ${oldType} -> ${newType}: accepted in place${consequences[oldType] && newType !== 'LoadBalancer' ? `; ${consequences[oldType]}` : ''}`,
        [], SOURCE));
    }
    return out;
  });
