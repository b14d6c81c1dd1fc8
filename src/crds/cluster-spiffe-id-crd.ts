import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { CLUSTER_SPIFFE_ID_KIND, CLUSTER_SPIFFE_ID_PLURAL } from './names';
import {
  booleanField, classNameField, clusterCrd, integerField, labelSelectorField, objectField, resourceSchema, stringField,
  stringListField,
} from './schema';

// Shared by every template field: what a template can reference.
const TEMPLATE_DATA = 'Templates see .TrustDomain (the bare name, without spiffe://), .ClusterName, .ClusterDomain, '
  + '.PodMeta, .PodSpec, .NodeMeta and .NodeSpec, and only the built-in text/template functions (no sprig).';

/** CustomResourceDefinition of ClusterSPIFFEID (spire.spiffe.io/v1alpha1). */
export function clusterSpiffeIdCrd(): ICustomResourceDefinition {
  const spec = objectField(
    'Which pods get an identity and what goes into the SPIRE registration entry created for each of them.',
    {
      spiffeIDTemplate: stringField(
        'Go text/template rendered once per selected pod into its SPIFFE ID, for example '
        + '`spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`. '
        + `${TEMPLATE_DATA} The result must be in the controller manager's trust domain and its path must `
        + 'not start with /spire, or no entry is created for that pod.',
      ),
      ttl: stringField(
        'Longest lifetime of the X509-SVIDs issued from these entries, as a Go duration string such as `1h` '
        + 'or `30m`. Unset means the SPIRE server default.',
      ),
      jwtTtl: stringField(
        'Longest lifetime of the JWT-SVIDs issued from these entries, as a Go duration string such as `5m`. '
        + 'Unset means the SPIRE server default. Needs SPIRE 1.5.0 or newer.',
      ),
      dnsNameTemplates: stringListField(
        'Go text/templates, each rendered per pod into an extra DNS name (SAN) of the X509-SVID, for example '
        + `\`{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc\`. ${TEMPLATE_DATA}`,
      ),
      workloadSelectorTemplates: stringListField(
        'Go text/templates, each rendered per pod into an additional workload selector written `type:value`, '
        + 'for example `k8s:container-name:app` (the value part may itself contain colons). The workload must '
        + `match these as well as the automatic \`k8s:pod-uid\` selector to receive the SVID. ${TEMPLATE_DATA}`,
      ),
      federatesWith: stringListField(
        'Foreign trust domains, given as bare names such as `partner.example` (no spiffe://), whose trust '
        + 'bundles are delivered to the workloads holding this identity. Each must be a valid trust domain.',
      ),
      namespaceSelector: labelSelectorField(
        'Restricts the ClusterSPIFFEID to pods in Namespaces whose labels match. When unset, every namespace '
        + 'the controller manager does not ignore is considered.',
      ),
      podSelector: labelSelectorField(
        'Restricts the ClusterSPIFFEID to pods whose labels match. When unset, every pod in the selected '
        + 'namespaces gets the identity.',
      ),
      admin: booleanField(
        'Lets workloads with this identity call the SPIRE server administration APIs. Grant it only to '
        + 'trusted tooling.',
      ),
      downstream: booleanField(
        'Marks the entries as belonging to a downstream (nested) SPIRE server, which uses its SVID to obtain '
        + 'an intermediate signing CA.',
      ),
      autoPopulateDNSNames: booleanField(
        'Adds the DNS names of the Services whose endpoints include the pod (`svc`, `svc.ns`, `svc.ns.svc` '
        + 'and `svc.ns.svc.<cluster domain>`) to the X509-SVID.',
      ),
      className: classNameField(),
      fallback: booleanField(
        'Use this identity for a pod only when no ClusterSPIFFEID without this flag matches the pod.',
      ),
      hint: stringField(
        'Free-form hint stored on the entries that lets a workload tell several of its SVIDs apart; at most '
        + '1024 characters. Needs SPIRE 1.6.3 or newer.',
      ),
    },
    ['spiffeIDTemplate'],
  );

  const status = objectField('Outcome of the controller manager\'s latest reconciliation of this object.', {
    stats: objectField('Counters from the most recent reconciliation.', {
      namespacesSelected: integerField('Namespaces matched by namespaceSelector.'),
      namespacesIgnored: integerField(
        'Matched namespaces skipped because the controller manager is configured to ignore them.',
      ),
      podsSelected: integerField('Pods matched in the selected namespaces.'),
      podEntryRenderFailures: integerField(
        'Selected pods for which no valid entry could be produced, for example because a template failed '
        + 'to render or rendered an invalid SPIFFE ID or selector.',
      ),
      entriesMasked: integerField(
        'Entries dropped because another ClusterSPIFFEID produced an entry for the same pod with the same '
        + 'selectors.',
      ),
      entriesToSet: integerField(
        'Entries the controller manager wants to exist in SPIRE for this object; normally one per selected '
        + 'pod, minus render failures and masked entries.',
      ),
      entryFailures: integerField('Entries the SPIRE server refused to create or update.'),
    }),
  });

  return clusterCrd({
    kind: CLUSTER_SPIFFE_ID_KIND,
    plural: CLUSTER_SPIFFE_ID_PLURAL,
    schema: resourceSchema(
      CLUSTER_SPIFFE_ID_KIND,
      'Gives every pod matched by its selectors a SPIFFE identity: spire-controller-manager renders the '
      + 'templates for each pod and keeps one SPIRE registration entry per pod in sync. Cluster-scoped.',
      spec,
      status,
    ),
  });
}
