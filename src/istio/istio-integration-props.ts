import type { LabelSelector } from '../registration/label-selector';
import type { Spire } from '../spire';
import type { IstioGateway } from './istio-gateway';
import type { MeshEnrollment } from './mesh-enrollment';
import type { NativeSidecarMode } from './native-sidecar-mode';
import type { SocketReadiness } from './socket-readiness';

/** Properties of an IstioIntegration. */
export interface IstioIntegrationProps {
  /** The SPIRE installation that issues the mesh's identities. */
  readonly spire: Spire;
  /**
   * Istio release the mesh runs (`major.minor.patch`). Version-dependent
   * choices (native sidecars, the emptyDir workaround, fail-fast socket
   * checks) and version gates follow it.
   * @default '1.30.3'
   */
  readonly istioVersion?: string;
  /**
   * Namespace of istiod and, by default, of the gateways.
   *
   * Day two: follows where istiod runs: moving it means installing Istio again there.
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Istio installation profile. `ambient` is rejected: ztunnel cannot take
   * identities from SPIRE.
   * @default 'default'
   */
  readonly profile?: string;
  /**
   * The mesh trust domain, if you want it spelled out: it must equal the
   * Spire's (Istio's default `cluster.local` would make every SPIRE identity foreign).
   *
   * Day two: it must follow the Spire's trust domain, whose change is a new installation (see
   * SpireProps.trustDomain): install istiod with the new values and restart every proxy.
   * @default - the Spire's trust domain
   */
  readonly trustDomain?: string;
  /**
   * Name of the sidecar injection template; gateways use `<templateName>-gateway`.
   * Pods opt in with the annotation `inject.istio.io/templates: sidecar,<templateName>`.
   *
   * Day two: changing it renames the injection templates: pods still annotated with the old name no
   * longer match a template at their next restart, so change their annotations with it.
   * @default 'spire'
   */
  readonly templateName?: string;
  /**
   * Where the sidecar template patches istio-proxy.
   * @default - NativeSidecarMode.AUTO for Istio 1.28 and newer (Istio decides per pod), NativeSidecarMode.DISABLED before
   */
  readonly nativeSidecars?: NativeSidecarMode;
  /**
   * What a proxy does when the agent's socket is missing.
   *
   * Day two: can change; it applies to proxies injected after istiod has the new values.
   * @default - SocketReadiness.failFast() when Istio honours WORKLOAD_IDENTITY_SOCKET_FILE (1.23.6, 1.24.4, 1.26+) and the agent socket is not named `socket`, else SocketReadiness.waitForSocket()
   */
  readonly socketReadiness?: SocketReadiness;
  /**
   * Ingress gateways that get SPIRE identities.
   * @default [IstioGateway.ingress()]
   */
  readonly ingressGateways?: IstioGateway[];
  /**
   * Egress gateways that get SPIRE identities.
   * @default - none
   */
  readonly egressGateways?: IstioGateway[];
  /**
   * Which injected pods get SPIRE identities. With `ALL_INJECTED` the SPIRE
   * template is one of the injector's default templates, so the whole mesh
   * shares one trust root; `OPT_IN` needs every pod to ask for it.
   * @default MeshEnrollment.ALL_INJECTED
   */
  readonly enrollment?: MeshEnrollment;
  /**
   * Namespaces whose labelled sidecar pods get identities. Only with
   * `MeshEnrollment.OPT_IN`: with every injected pod enrolled, a pod outside
   * these namespaces would wait for an identity forever.
   * @default - every namespace the controller manager does not ignore
   */
  readonly sidecarNamespaceSelector?: LabelSelector;
  /**
   * Foreign trust domains the mesh federates with. Sets the agent's SDS names
   * as Istio needs them (`default_bundle_name` "null", `default_all_bundles_name`
   * ROOTCA) and `federatesWith` on the mesh's registrations. Each needs a
   * ClusterFederatedTrustDomain (linked to the same Spire) in the app.
   * @default - no federation
   */
  readonly federatesWith?: string[];
  /**
   * Start application containers only once the proxy is ready. Needs the
   * agent's `disableContainerSelectors`, because the proxy asks for its SVID
   * before the other containers exist.
   * @default false
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Register identities for Gateway API gateways deployed by istiod
   * (`gateway.istio.io/managed: istio.io-gateway-controller`). Their
   * `kube-gateway` template only accepts the SPIFFE CSI volume from Istio 1.31.
   * @default false
   */
  readonly gatewayApiGateways?: boolean;
  /**
   * Register identities for waypoint proxies. Waypoints belong to ambient mode,
   * which SPIRE does not support, and only accept the CSI volume from 1.31.
   * @default false
   */
  readonly waypoints?: boolean;
}
