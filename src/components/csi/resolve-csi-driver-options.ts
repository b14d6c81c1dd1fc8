import { IConstruct } from 'constructs';
import type { SpiffeCsiDriverOptions } from './csi-driver-options';
import { propertyError } from '../../errors';
import { SpireImages } from '../../images';
import { dns1123SubdomainProblem } from '../../spiffe/k8s-names';
import { checkAbsolutePath, checkImage, checkPriorityClass } from '../common/checks';
import type { IResourceRequirements } from '../common/kubernetes';
import { resourceRequirements } from '../common/resources';

/** CSI driver options with defaults applied and every value checked. */
export interface ResolvedCsiDriverOptions {
  readonly image: string;
  readonly registrarImage: string;
  readonly resources: IResourceRequirements;
  readonly registrarResources: IResourceRequirements;
  readonly priorityClassName?: string;
  readonly tolerateAllTaints: boolean;
}

/** The driver name; checked on its own because wiring needs it first. */
export function checkDriverName(scope: IConstruct, name: string): string {
  // CSI driver names: at most 63 characters, DNS-subdomain syntax (CSIDriver validation).
  const problem = name.length > 63 ? 'is longer than 63 characters (CSI driver names are at most 63)' : dns1123SubdomainProblem(name);
  if (problem) throw propertyError(scope, 'csiDriver.driverName', name, problem, 'use a domain-style name such as "csi.spiffe.io"');
  return name;
}

export function checkKubeletRootDirectory(scope: IConstruct, directory: string): string {
  return checkAbsolutePath(scope, 'csiDriver.kubeletRootDirectory', directory);
}

export function resolveCsiDriverOptions(scope: IConstruct, options: SpiffeCsiDriverOptions = {}): ResolvedCsiDriverOptions {
  return {
    image: checkImage(scope, 'csiDriver.image', options.image ?? SpireImages.SPIFFE_CSI_DRIVER),
    registrarImage: checkImage(scope, 'csiDriver.registrarImage', options.registrarImage ?? SpireImages.CSI_NODE_DRIVER_REGISTRAR),
    resources: resourceRequirements(scope, 'csiDriver.resources', { cpu: '10m', memory: '32Mi' }, options.resources),
    registrarResources: resourceRequirements(scope, 'csiDriver.registrarResources', { cpu: '10m', memory: '16Mi' }, options.registrarResources),
    priorityClassName: checkPriorityClass(scope, 'csiDriver.priorityClassName', options.priorityClassName ?? 'system-node-critical'),
    tolerateAllTaints: options.tolerateAllTaints ?? false,
  };
}
