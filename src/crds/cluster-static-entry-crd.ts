import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { CLUSTER_STATIC_ENTRY_KIND, CLUSTER_STATIC_ENTRY_PLURAL } from './names';
import {
  booleanField, classNameField, clusterCrd, objectField, resourceSchema, stringField, stringListField,
} from './schema';

/** CustomResourceDefinition of ClusterStaticEntry (spire.spiffe.io/v1alpha1). */
export function clusterStaticEntryCrd(): ICustomResourceDefinition {
  const spec = objectField(
    'The registration entry itself. Nothing is templated, and no admission webhook checks it: mistakes only '
    + 'show up in status.rendered and the controller manager\'s log.',
    {
      spiffeID: stringField(
        'SPIFFE ID the entry issues, such as `spiffe://example.org/legacy/db`; it must belong to the server\'s '
        + 'trust domain and its path must not start with /spire.',
      ),
      parentID: stringField(
        'SPIFFE ID of the agent (or other parent) allowed to hand this identity out, such as '
        + '`spiffe://example.org/spire/agent/k8s_psat/demo-cluster/<node UID>`.',
      ),
      selectors: stringListField(
        'Workload selectors, each written `type:value` (for example `unix:uid:1000`); a workload must match '
        + 'all of them.',
      ),
      federatesWith: stringListField(
        'Bare names of foreign trust domains (no spiffe://) whose bundles the workload also receives.',
      ),
      x509SVIDTTL: stringField(
        'Longest lifetime of the X509-SVIDs issued from this entry, as a Go duration string such as `1h`. Unset '
        + 'means the SPIRE server default.',
      ),
      jwtSVIDTTL: stringField(
        'Longest lifetime of the JWT-SVIDs issued from this entry, as a Go duration string such as `5m`. Unset '
        + 'means the SPIRE server default.',
      ),
      dnsNames: stringListField('Extra DNS names (SANs) put into the X509-SVIDs of this entry.'),
      hint: stringField(
        'Free-form hint stored on the entry that lets a workload tell several of its SVIDs apart; at most 1024 '
        + 'characters. Needs SPIRE 1.6.3 or newer.',
      ),
      admin: booleanField(
        'Lets the workload call the SPIRE server administration APIs. Grant it only to trusted tooling.',
      ),
      downstream: booleanField(
        'Marks the entry as belonging to a downstream (nested) SPIRE server, which uses its SVID to obtain an '
        + 'intermediate signing CA.',
      ),
      storeSVID: booleanField(
        'Marks the entry for an SVIDStore agent plugin, which writes the SVID to an external store such as a '
        + 'cloud secret manager.',
      ),
      className: classNameField(),
    },
    ['spiffeID', 'parentID', 'selectors'],
  );

  const status = objectField(
    'Outcome of the controller manager\'s latest reconciliation of this entry.',
    {
      rendered: booleanField('False when the entry is invalid, e.g. an ID or selector does not parse.'),
      masked: booleanField('True when an equivalent entry from another object took precedence, so this one was not applied.'),
      set: booleanField('True when the SPIRE server accepted the entry.'),
    },
    ['rendered', 'masked', 'set'],
  );

  return clusterCrd({
    kind: CLUSTER_STATIC_ENTRY_KIND,
    plural: CLUSTER_STATIC_ENTRY_PLURAL,
    schema: resourceSchema(
      CLUSTER_STATIC_ENTRY_KIND,
      'One fixed SPIRE registration entry, kept in sync by spire-controller-manager. Meant for workloads that '
      + 'pods cannot describe, such as nested SPIRE servers or machines outside the cluster. Cluster-scoped.',
      spec,
      status,
    ),
  });
}
