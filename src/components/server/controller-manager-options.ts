import type { ContainerResources } from '../common/container-resources';
import type { LogFormat } from '../common/log-format';
import type { LogLevel } from '../common/log-level';

/** Options of the SPIRE controller manager (a sidecar of the server). */
export interface SpireControllerManagerOptions {
  /**
   * Class of the custom resources this controller reconciles. Registrations
   * linked to this Spire get it stamped automatically.
   *
   * Day two: changing it leaves every custom resource that still carries the old class to no
   * controller: registrations linked to this Spire follow automatically, others
   * (ClusterStaticEntries and ClusterFederatedTrustDomains included) must change with it, or the
   * controller manager deletes the entries it no longer declares and those workloads lose their
   * identities.
   * @default '<serverNamespace>-spire'
   */
  readonly className?: string;
  /**
   * Also reconcile custom resources without a className. Never enable this on
   * two controllers in one cluster.
   *
   * Day two: can change; the server pods roll. Turning it off drops the entries of custom resources
   * without a className.
   * @default false
   */
  readonly watchClassless?: boolean;
  /**
   * Namespaces whose pods never get entries, by exact name. Rendered as
   * anchored patterns (`^name$`): the controller matches these as unanchored
   * regular expressions, so a bare `default` would also ignore `my-default-app`.
   *
   * Day two: can change; the server pods roll. Adding a namespace deletes the entries of its pods
   * (they lose their identities); removing one registers its pods.
   * @default - kube-system, kube-public, kube-node-lease and the two SPIRE namespaces
   */
  readonly ignoreNamespaces?: string[];
  /**
   * Further namespaces to ignore, as regular expressions anchored with `^...$`
   * (for example `^openshift-.*$`).
   *
   * Day two: can change; the server pods roll. A pattern that starts matching a namespace deletes
   * the entries of its pods.
   * @default - none
   */
  readonly ignoreNamespacePatterns?: string[];
  /**
   * Controller manager log level.
   *
   * Day two: can change at any time; the server pods roll (the controller manager is their
   * sidecar).
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Controller manager log format, written as `logEncoding` in its config file
   * (`json` for LogFormat.JSON, else `console`; spire-controller-manager
   * docs/spire-controller-manager-config.md).
   *
   * Day two: can change at any time; the new config rolls the server pods.
   * @default - the Spire's `logFormat` (LogFormat.TEXT: console)
   */
  readonly logFormat?: LogFormat;
  /**
   * Controller manager image.
   *
   * Day two: can change; the server pods roll. Update the CRDs first when the controller manager's
   * release notes say so (spiffe/spire-controller-manager CHANGELOG 0.5.0, 0.6.0).
   * @default SpireImages.SPIRE_CONTROLLER_MANAGER
   */
  readonly image?: string;
  /**
   * CPU and memory of the controller manager container.
   *
   * Day two: can change at any time; the server pods roll.
   * @default - requests 25m CPU and 64Mi memory, no limits
   */
  readonly resources?: ContainerResources;
}
