import { IConstruct } from 'constructs';
import type { SpireControllerManagerOptions } from './controller-manager-options';
import { checkEach, propertyError } from '../../errors';
import { SpireImages } from '../../images';
import { anchoredRegexProblem, dns1123LabelProblem, dns1123SubdomainProblem, escapeRegex } from '../../spiffe/k8s-names';
import { checkImage } from '../common/checks';
import type { IResourceRequirements } from '../common/kubernetes';
import { LogFormat } from '../common/log-format';
import { LogLevel } from '../common/log-level';
import { resourceRequirements } from '../common/resources';

/** Controller manager options with defaults applied and every value checked. */
export interface ResolvedControllerManagerOptions {
  readonly watchClassless: boolean;
  /** Anchored regular expressions, as the controller manager's config wants them. */
  readonly ignoreNamespaces: string[];
  readonly logLevel: LogLevel;
  /** Only set when JSON: the controller manager's default encoding (console) is then left implicit. */
  readonly logEncoding?: 'json';
  readonly image: string;
  readonly resources: IResourceRequirements;
}

/** The className rule; checked on its own because wiring needs it before the rest. */
export function checkClassName(scope: IConstruct, className: string | undefined): string | undefined {
  if (className === undefined) return undefined;
  const problem = className.length === 0 ? 'must not be empty (an empty class means "classless")' : dns1123SubdomainProblem(className);
  if (problem) throw propertyError(scope, 'controllerManager.className', className, problem, 'use a DNS-style name such as "spire-server-spire"');
  return className;
}

export function resolveControllerManagerOptions(
  scope: IConstruct,
  options: SpireControllerManagerOptions = {},
  spireNamespaces: string[],
  spireLogFormat?: LogFormat,
): ResolvedControllerManagerOptions {
  const names = options.ignoreNamespaces ?? ['kube-system', 'kube-public', 'kube-node-lease', ...spireNamespaces];
  names.forEach((name, index) => {
    const problem = dns1123LabelProblem(name);
    if (problem) {
      throw propertyError(scope, `controllerManager.ignoreNamespaces[${index}]`, name, `${problem}; this list takes exact namespace names`,
        'put regular expressions in ignoreNamespacePatterns instead');
    }
  });
  const patterns = options.ignoreNamespacePatterns ?? [];
  checkEach(scope, 'controllerManager.ignoreNamespacePatterns', patterns, anchoredRegexProblem,
    'write an anchored Go (RE2) regular expression, such as "^openshift-.*$"');
  return {
    watchClassless: options.watchClassless ?? false,
    ignoreNamespaces: [...names.map(name => `^${escapeRegex(name)}$`), ...patterns],
    logLevel: options.logLevel ?? LogLevel.INFO,
    logEncoding: (options.logFormat ?? spireLogFormat) === LogFormat.JSON ? 'json' : undefined,
    image: checkImage(scope, 'controllerManager.image', options.image ?? SpireImages.SPIRE_CONTROLLER_MANAGER),
    resources: resourceRequirements(scope, 'controllerManager.resources', { cpu: '25m', memory: '64Mi' }, options.resources),
  };
}
