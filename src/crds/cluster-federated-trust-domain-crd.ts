import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { CLUSTER_FEDERATED_TRUST_DOMAIN_KIND, CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL } from './names';
import { classNameField, clusterCrd, objectField, resourceSchema, stringField } from './schema';

/** CustomResourceDefinition of ClusterFederatedTrustDomain (spire.spiffe.io/v1alpha1). */
export function clusterFederatedTrustDomainCrd(): ICustomResourceDefinition {
  const spec = objectField(
    'The foreign trust domain and where and how the SPIRE server fetches its trust bundle.',
    {
      trustDomain: stringField(
        'Bare name of the foreign trust domain, such as `partner.example` (lowercase letters, digits, '
        + 'dots, dashes and underscores; no spiffe://). If several objects name the same trust domain, only '
        + 'the oldest one is used.',
        // Upstream's pattern is unanchored; kept as is for structural equality.
        { pattern: '[a-z0-9._-]{1,255}' },
      ),
      bundleEndpointURL: stringField(
        'Address of the foreign bundle endpoint, for example `https://spire.partner.example:8443`. The '
        + 'scheme must be https, the host must be set, and user credentials in the URL are rejected.',
      ),
      bundleEndpointProfile: objectField(
        'How the SPIRE server authenticates the bundle endpoint.',
        {
          type: stringField(
            '`https_spiffe`: the endpoint presents an X509-SVID checked against the foreign bundle '
            + '(set endpointSPIFFEID). `https_web`: the endpoint presents an ordinary Web PKI certificate '
            + '(endpointSPIFFEID must then be left out).',
            { enum: ['https_spiffe', 'https_web'] },
          ),
          endpointSPIFFEID: stringField(
            'SPIFFE ID the endpoint\'s certificate must carry, such as '
            + '`spiffe://partner.example/spire/server`. Required for `https_spiffe` and forbidden for '
            + '`https_web`.',
          ),
        },
        ['type'],
      ),
      trustDomainBundle: stringField(
        'Optional starting bundle of the foreign trust domain in SPIFFE bundle (JWKS) JSON form. With '
        + '`https_spiffe` it lets the first fetch from the endpoint be authenticated; later bundles come '
        + 'from the endpoint itself.',
      ),
      className: classNameField(),
    },
    ['trustDomain', 'bundleEndpointURL', 'bundleEndpointProfile'],
  );

  return clusterCrd({
    kind: CLUSTER_FEDERATED_TRUST_DOMAIN_KIND,
    plural: CLUSTER_FEDERATED_TRUST_DOMAIN_PLURAL,
    printerColumns: [
      { name: 'Trust Domain', type: 'string', jsonPath: '.spec.trustDomain' },
      { name: 'Endpoint URL', type: 'string', jsonPath: '.spec.bundleEndpointURL' },
    ],
    schema: resourceSchema(
      CLUSTER_FEDERATED_TRUST_DOMAIN_KIND,
      'Federates this cluster\'s SPIRE server with another trust domain: the server keeps the foreign '
      + 'bundle up to date from its bundle endpoint, so workloads can trust that domain\'s SVIDs. '
      + 'Cluster-scoped.',
      spec,
      objectField('Not used by the controller manager at present; always empty.'),
    ),
  });
}
