// Type-only views of the Kubernetes objects we build. kubernetes-models gives
// real JSON field names (hostPID, not hostPid) and costs nothing at run time.
export type { IContainer } from 'kubernetes-models/v1/Container';
export type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
export type { IVolume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
export type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
export type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
export type { IProbe } from 'kubernetes-models/v1/Probe';
export type { IToleration } from 'kubernetes-models/v1/Toleration';
export type { INamespace } from 'kubernetes-models/v1/Namespace';
export type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
export type { IService } from 'kubernetes-models/v1/Service';
export type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
export type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
export type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
export type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
export type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
export type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
export type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
export type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
export type { ICSIDriver } from 'kubernetes-models/storage.k8s.io/v1/CSIDriver';
export type { IValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
export type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
export type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
export type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
