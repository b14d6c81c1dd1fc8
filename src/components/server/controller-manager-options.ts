import type { ContainerResources } from '../common/container-resources';
import type { LogFormat } from '../common/log-format';
import type { LogLevel } from '../common/log-level';

/** Options of the SPIRE controller manager (a sidecar of the server). */
export interface SpireControllerManagerOptions {
  /**
   * Class of the custom resources this controller reconciles. Registrations
   * linked to this Spire get it stamped automatically.
   * @default '<serverNamespace>-spire'
   */
  readonly className?: string;
  /**
   * Also reconcile custom resources without a className. Never enable this on
   * two controllers in one cluster.
   * @default false
   */
  readonly watchClassless?: boolean;
  /**
   * Namespaces whose pods never get entries, by exact name. Rendered as
   * anchored patterns (`^name$`): the controller matches these as unanchored
   * regular expressions, so a bare `default` would also ignore `my-default-app`.
   * @default - kube-system, kube-public, kube-node-lease and the two SPIRE namespaces
   */
  readonly ignoreNamespaces?: string[];
  /**
   * Further namespaces to ignore, as regular expressions anchored with `^...$`
   * (for example `^openshift-.*$`).
   * @default - none
   */
  readonly ignoreNamespacePatterns?: string[];
  /**
   * Controller manager log level.
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
   * @default SpireImages.SPIRE_CONTROLLER_MANAGER
   */
  readonly image?: string;
  /**
   * CPU and memory of the controller manager container.
   * @default - requests 25m CPU and 64Mi memory, no limits
   */
  readonly resources?: ContainerResources;
}
