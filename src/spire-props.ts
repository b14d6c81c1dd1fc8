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
   * SPIRE issues starts with `spiffe://<trustDomain>/`. Changing it later
   * invalidates every issued identity.
   */
  readonly trustDomain: string;
  /**
   * Name of this Kubernetes cluster as SPIRE knows it. It appears in agent IDs
   * (`spiffe://<td>/spire/agent/k8s_psat/<clusterName>/<node>`), so it must be a
   * SPIFFE path segment: letters, digits, dots, dashes, underscores.
   */
  readonly clusterName: string;
  /**
   * Namespace of the server and controller manager (Pod Security `restricted`).
   * @default 'spire-server'
   */
  readonly serverNamespace?: string;
  /**
   * Namespace of the agent and CSI driver, which need host access (Pod
   * Security `privileged`).
   * @default 'spire-system'
   */
  readonly systemNamespace?: string;
  /**
   * Emit the two Namespace objects, with their Pod Security labels.
   * @default true
   */
  readonly createNamespaces?: boolean;
  /**
   * SPIRE server options.
   * @default - one replica with sqlite on a 1Gi volume
   */
  readonly server?: SpireServerOptions;
  /**
   * SPIRE agent options.
   * @default - socket `/run/spire/agent-sockets/spire-agent.sock` (alias `socket`), kubelet verification skipped
   */
  readonly agent?: SpireAgentOptions;
  /**
   * SPIFFE CSI driver options.
   * @default - driver `csi.spiffe.io`
   */
  readonly csiDriver?: SpiffeCsiDriverOptions;
  /**
   * Controller manager options.
   * @default - className `<serverNamespace>-spire`
   */
  readonly controllerManager?: SpireControllerManagerOptions;
  /**
   * Serve this trust domain's bundle to federation partners
   * (`federation.bundle_endpoint`), and expose it to other clusters.
   * `Spire.federateWith` and partners' ClusterFederatedTrustDomains take its
   * URL and endpoint ID from here.
   * @default - no bundle endpoint (unless server.federationBundleEndpointPort is set)
   */
  readonly bundleEndpoint?: BundleEndpointOptions;
  /**
   * Prometheus metrics of the server, agents and controller manager, and
   * optional prometheus-operator monitors. Setting it (even to `{}`) turns
   * the endpoints on.
   * @default - no metrics endpoints
   */
  readonly telemetry?: TelemetryOptions;
  /**
   * NetworkPolicies around the server pods. Setting it (even to `{}`) emits them.
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
