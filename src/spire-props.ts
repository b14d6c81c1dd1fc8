import type { SpireAgentOptions } from './components/agent/agent-options';
import type { LogFormat } from './components/common/log-format';
import type { TelemetryOptions } from './components/common/telemetry';
import type { SpiffeCsiDriverOptions } from './components/csi/csi-driver-options';
import type { SpireControllerManagerOptions } from './components/server/controller-manager-options';
import type { NetworkPolicyOptions } from './components/server/network-policy-options';
import type { SpireServerOptions } from './components/server/server-options';
import type { BundleEndpointOptions } from './federation/bundle-endpoint-options';

/** Properties of a complete SPIRE installation. */
export interface SpireProps {
  /**
   * The SPIFFE trust domain, e.g. `example.org`: lowercase letters, digits,
   * dots, dashes and underscores, at most 255 bytes. Every SPIFFE ID this
   * SPIRE issues starts with `spiffe://<trustDomain>/`.
   *
   * Day two: cannot change in place. The server refuses to start while its datastore holds
   * registration entries of the old trust domain (spiffe/spire pkg/server/server.go,
   * validateTrustDomain), so a new trust domain needs an empty datastore: a new CA, every agent
   * attested again, every SPIFFE ID and SVID new. Istio's trust domain (IstioIntegration) and
   * federation partners must change with it: plan it as a move to a new installation.
   */
  readonly trustDomain: string;
  /**
   * Name of this Kubernetes cluster as SPIRE knows it. It appears in agent IDs
   * (`spiffe://<td>/spire/agent/k8s_psat/<clusterName>/<node>`), so it must be a
   * SPIFFE path segment: letters, digits, dots, dashes, underscores.
   *
   * Day two: changing it renames every agent
   * (`spiffe://<td>/spire/agent/k8s_psat/<clusterName>/...`) and the parent ID of every entry the
   * controller manager writes: the agents roll and attest again under the new name, the controller
   * manager writes every entry again, and each node's workloads get SVIDs again once its agent is
   * back. The cluster name is also the controller manager's entry ID prefix, and it ignores entries
   * without its prefix (spire-controller-manager ControllerManagerConfig.entryIDPrefix), so the
   * entries written under the old name stay in the datastore: delete those whose IDs start with
   * `<old clusterName>.` with `spire-server entry delete`.
   */
  readonly clusterName: string;
  /**
   * Namespace of the server and controller manager (Pod Security `restricted`).
   *
   * Day two: changing it installs a second server. The new namespace gets its own StatefulSet and
   * volume, so the new server starts on an empty datastore (a new CA, every agent attested again),
   * while `kubectl apply` leaves the old server running, with the old namespace's objects and the
   * cluster-scoped objects named after it (ClusterRoles, the webhook configuration): delete them
   * once the agents use the new server. The default className (`<serverNamespace>-spire`) changes
   * with it. Under Pulumi the protected StatefulSet refuses the replacement.
   * @default 'spire-server'
   */
  readonly serverNamespace?: string;
  /**
   * Namespace of the agent and CSI driver, which need host access (Pod
   * Security `privileged`).
   *
   * Day two: changing it moves the agents, the CSI driver and the bundle ConfigMap. `kubectl apply`
   * leaves the old DaemonSets running on the same node directories beside the new ones, so delete
   * the old namespace's agent and CSI driver DaemonSets first; pods that mount the Workload API
   * keep working once the new agents serve the socket.
   * @default 'spire-system'
   */
  readonly systemNamespace?: string;
  /**
   * Emit the two Namespace objects, with their Pod Security labels.
   *
   * Day two: turning it off drops the two Namespace objects from the output: `kubectl apply` leaves
   * them, but `pulumi up` deletes them and everything in them, the server's volume included, unless
   * you first remove them from the stack with `pulumi state delete`. Turning it on with `kubectl
   * apply` takes over existing namespaces and sets their Pod Security labels.
   * @default true
   */
  readonly createNamespaces?: boolean;
  /**
   * SPIRE server options.
   *
   * Day two: see each option of SpireServerOptions.
   * @default - one replica with sqlite on a 1Gi volume
   */
  readonly server?: SpireServerOptions;
  /**
   * SPIRE agent options.
   *
   * Day two: see each option of SpireAgentOptions.
   * @default - socket `/run/spire/agent-sockets/spire-agent.sock` (alias `socket`), kubelet verification skipped
   */
  readonly agent?: SpireAgentOptions;
  /**
   * SPIFFE CSI driver options.
   *
   * Day two: see each option of SpiffeCsiDriverOptions.
   * @default - driver `csi.spiffe.io`
   */
  readonly csiDriver?: SpiffeCsiDriverOptions;
  /**
   * Controller manager options.
   *
   * Day two: see each option of SpireControllerManagerOptions.
   * @default - className `<serverNamespace>-spire`
   */
  readonly controllerManager?: SpireControllerManagerOptions;
  /**
   * Serve this trust domain's bundle to federation partners
   * (`federation.bundle_endpoint`), and expose it to other clusters.
   * `Spire.federateWith` and partners' ClusterFederatedTrustDomains take its
   * URL and endpoint ID from here.
   *
   * Day two: adding it is safe (the server pods roll). Changing its port, serving profile or
   * exposure changes the URL or endpoint ID partners use: their ClusterFederatedTrustDomains must
   * change too, or they stop refreshing this bundle. Removing it leaves partners with a bundle
   * nobody refreshes, and `kubectl apply` leaves its Service and exposure objects behind.
   * @default - no bundle endpoint (unless server.federationBundleEndpointPort is set)
   */
  readonly bundleEndpoint?: BundleEndpointOptions;
  /**
   * Prometheus metrics of the server, agents and controller manager, and
   * optional prometheus-operator monitors. Setting it (even to `{}`) turns
   * the endpoints on.
   *
   * Day two: can change; the pods roll (their metrics ports change). Turning it off: `kubectl
   * apply` leaves the metrics Services and monitors behind.
   * @default - no metrics endpoints
   */
  readonly telemetry?: TelemetryOptions;
  /**
   * NetworkPolicies around the server pods. Setting it (even to `{}`) emits them.
   *
   * Day two: can change at any time. Turning it off: `kubectl apply` leaves the NetworkPolicies in
   * place, so traffic stays restricted until you delete them.
   * @default - no NetworkPolicies
   */
  readonly networkPolicies?: NetworkPolicyOptions;
  /**
   * How every component of this installation logs: the server and agent
   * (`log_format`), the controller manager (`logEncoding` in its config file:
   * `json` or `console`) and any OidcDiscoveryProvider linked to this Spire
   * (`log_format`). `server.logFormat`, `agent.logFormat` and
   * `controllerManager.logFormat` override it per component. The SPIFFE CSI
   * driver and node-driver-registrar have no format switch upstream (the
   * driver always writes zap's development console format): their lines stay
   * plain text.
   *
   * Day two: can change at any time. The new config rolls the server
   * StatefulSet and the agent DaemonSet (their pods restart with the new
   * format); identities are unaffected.
   * @default LogFormat.TEXT (the controller manager's `console`)
   */
  readonly logFormat?: LogFormat;
  /**
   * Known defects (ids of the known-defects table, e.g. `spiffe-csi#331`) you
   * accept for the images of this installation. An `image` override whose tag
   * falls in a known defect's range is refused at synth time unless its id is
   * listed here. Accepted ids are written on the affected workload object as
   * the annotation `spire.cdk8s.io/accept-known-defects`, so the identity plan
   * reports them as accepted instead of as errors. An id that names no known
   * defect is refused; one that matches no image is a warning.
   *
   * Day two: can change at any time; it changes only an annotation on the
   * workload object (no pod restarts).
   * @default - none accepted
   */
  readonly acceptKnownDefects?: string[];
}
