import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propertyError } from '../../errors';
import { dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from '../../spiffe/k8s-names';

// Small checks shared by the component option resolvers. Each throws the
// standard message (path, property, value, rule, fix).

export function checkImage(scope: IConstruct, property: string, image: string): string {
  if (image.length === 0 || /\s/.test(image)) {
    throw propertyError(scope, property, image, 'must be a container image reference without whitespace (registry/repository:tag or @sha256 digest)', 'pass a reference such as "ghcr.io/spiffe/spire-server:1.15.3"');
  }
  return image;
}

export function checkPriorityClass(scope: IConstruct, property: string, value: string): string | undefined {
  if (value === '') return undefined;
  const problem = dns1123SubdomainProblem(value);
  if (problem) throw propertyError(scope, property, value, problem, 'name an existing PriorityClass, or pass "" for none');
  return value;
}

export function checkNodeSelector(
  scope: IConstruct,
  property: string,
  selector: { [key: string]: string } | undefined,
): Record<string, string> | undefined {
  if (!selector) return undefined;
  for (const [key, value] of Object.entries(selector)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) throw propertyError(scope, `${property} key`, key, keyProblem, 'use a label key such as "kubernetes.io/os"');
    const valueProblem = labelValueProblem(value);
    if (valueProblem) throw propertyError(scope, `${property}["${key}"]`, value, valueProblem, 'use a label value such as "linux"');
  }
  return Object.keys(selector).length > 0 ? { ...selector } : undefined;
}

/** An absolute, normalized directory path on a node or in a container. */
export function checkAbsolutePath(scope: IConstruct, property: string, value: string): string {
  const problem = !value.startsWith('/') ? 'must be an absolute path'
    : value.length > 1 && value.endsWith('/') ? 'must not end with "/"'
      : value === '/' ? 'must not be the root directory'
        : value.split('/').some((part, index) => index > 0 && (part === '' || part === '.' || part === '..')) ? 'must not contain empty, "." or ".." segments'
          : /[\s:]/.test(value) ? 'must not contain whitespace or ":"'
            : undefined;
  if (problem) throw propertyError(scope, property, value, `${problem} (a normalized absolute path)`, 'write it like "/run/spire/agent-sockets"');
  return value;
}

/** A whole number within bounds. */
export function checkInteger(scope: IConstruct, property: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propertyError(scope, property, value, `must be a whole number from ${min} to ${max}`, `use a whole number in that range, such as ${min}`);
  }
  return value;
}

/** A Kubernetes storage quantity from a cdk8s Size, in the largest whole binary unit. */
export function storageQuantity(scope: IConstruct, property: string, size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!(mebibytes >= 1)) throw propertyError(scope, property, `${mebibytes}Mi`, 'must be at least 1Mi', 'use Size.gibibytes(1) or larger');
  return Number.isInteger(mebibytes / 1024) ? `${mebibytes / 1024}Gi` : `${Math.ceil(mebibytes)}Mi`;
}
