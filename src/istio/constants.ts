/** Istio's own namespace unless told otherwise. */
export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** Label the sidecar ClusterSPIFFEID selects; the sidecar template puts it on every injected pod. */
export const SPIRE_IDENTITY_LABEL = 'spiffe.io/spire-managed-identity';

/** Volume name Istio's sidecar and gateway templates already use for the workload socket. */
export const WORKLOAD_SOCKET_VOLUME = 'workload-socket';

/** Where the proxy looks for the workload socket (`/var/run` links to `/run`). */
export const WORKLOAD_SOCKET_MOUNT = '/run/secrets/workload-spiffe-uds';

/** Pod annotation that picks injection templates. */
export const TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/** SPIFFE ID form Istio accepts for its workloads. */
export const ISTIO_ID_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** The proxy env var (in proxyMetadata) naming the socket file. */
export const SOCKET_FILE_ENV = 'WORKLOAD_IDENTITY_SOCKET_FILE';
