import type { ContainerResources } from '../common/container-resources';

/** Options of the SPIFFE CSI driver (a DaemonSet in the system namespace). */
export interface SpiffeCsiDriverOptions {
  /**
   * Name of the CSI driver: the CSIDriver object, the driver's plugin name, the
   * kubelet registration path and every pod volume that mounts the Workload API.
   * @default 'csi.spiffe.io'
   */
  readonly driverName?: string;
  /**
   * Root directory of the kubelet on the nodes.
   * @default '/var/lib/kubelet'
   */
  readonly kubeletRootDirectory?: string;
  /**
   * CSI driver image.
   * @default SpireImages.SPIFFE_CSI_DRIVER
   */
  readonly image?: string;
  /**
   * node-driver-registrar image.
   * @default SpireImages.CSI_NODE_DRIVER_REGISTRAR
   */
  readonly registrarImage?: string;
  /**
   * CPU and memory of the driver container.
   * @default - requests 10m CPU and 32Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * CPU and memory of the registrar container.
   * @default - requests 10m CPU and 16Mi memory, no limits
   */
  readonly registrarResources?: ContainerResources;
  /**
   * PriorityClass of the driver pods. Pass an empty string for none.
   * @default 'system-node-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Run the driver on every node, whatever its taints.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
}
