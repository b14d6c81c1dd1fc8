import { IConstruct } from 'constructs';
import type { ContainerResources } from './container-resources';
import type { IResourceRequirements } from './kubernetes';
import { propertyError } from '../../errors';
import { quantityProblem } from '../../spiffe/k8s-names';

/** Default requests of one container. */
export interface ResourceDefaults {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * Requests (always set) and limits (only when asked for) of one container,
 * each user value checked as a Kubernetes quantity.
 */
export function resourceRequirements(
  scope: IConstruct,
  property: string,
  defaults: ResourceDefaults,
  overrides: ContainerResources = {},
): IResourceRequirements {
  const check = (field: keyof ContainerResources): string | undefined => {
    const value = overrides[field];
    if (value === undefined) return undefined;
    const problem = quantityProblem(value);
    if (problem) throw propertyError(scope, `${property}.${field}`, value, problem, 'write a Kubernetes quantity such as "250m" for CPU or "256Mi" for memory');
    return value;
  };
  const cpuLimit = check('cpuLimit');
  const memoryLimit = check('memoryLimit');
  const limits: Record<string, string> = {};
  if (cpuLimit) limits.cpu = cpuLimit;
  if (memoryLimit) limits.memory = memoryLimit;
  return {
    requests: { cpu: check('cpuRequest') ?? defaults.cpu, memory: check('memoryRequest') ?? defaults.memory },
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}
