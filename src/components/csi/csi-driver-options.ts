import type { ContainerResources } from '../common/container-resources';

/** Options of the SPIFFE CSI driver (a DaemonSet in the system namespace). */
export interface SpiffeCsiDriverOptions {
  /**
   * Name of the CSI driver: the CSIDriver object, the driver's plugin name, the
   * kubelet registration path and every pod volume that mounts the Workload API.
   *
   * Day two: changing it renames the CSIDriver and the driver's kubelet registration. Running pods
   * keep their mount, but pods that name the old driver (manifests rendered before, Istio's
   * injection template until istiod has the new values) fail to start, and the kubelet unmounts a
   * volume through the driver that mounted it: restart every workload that mounts the Workload API
   * with the new name. `kubectl apply` leaves the old CSIDriver object: delete it afterwards.
   * @default 'csi.spiffe.io'
   */
  readonly driverName?: string;
  /**
   * Root directory of the kubelet on the nodes.
   *
   * Day two: change it only when the kubelet's root directory moved: the driver pods roll, and a
   * wrong value makes every Workload API mount fail.
   * @default '/var/lib/kubelet'
   */
  readonly kubeletRootDirectory?: string;
  /**
   * CSI driver image.
   *
   * Day two: can change; the driver pods roll. Running pods keep their mounts while it restarts;
   * new pods wait for it.
   * @default SpireImages.SPIFFE_CSI_DRIVER
   */
  readonly image?: string;
  /**
   * node-driver-registrar image.
   *
   * Day two: can change at any time; the driver pods roll (running pods keep their mounts).
   * @default SpireImages.CSI_NODE_DRIVER_REGISTRAR
   */
  readonly registrarImage?: string;
  /**
   * CPU and memory of the driver container.
   *
   * Day two: can change at any time; the driver pods roll (running pods keep their mounts).
   * @default - requests 10m CPU and 32Mi memory, no limits
   */
  readonly resources?: ContainerResources;
  /**
   * CPU and memory of the registrar container.
   *
   * Day two: can change at any time; the driver pods roll (running pods keep their mounts).
   * @default - requests 10m CPU and 16Mi memory, no limits
   */
  readonly registrarResources?: ContainerResources;
  /**
   * PriorityClass of the driver pods. Pass an empty string for none.
   *
   * Day two: can change at any time; the driver pods roll (running pods keep their mounts).
   * @default 'system-node-critical'
   */
  readonly priorityClassName?: string;
  /**
   * Run the driver on every node, whatever its taints.
   *
   * Day two: can change; turning it off removes the driver from tainted nodes, where new pods that
   * mount the Workload API then fail to start.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
}
