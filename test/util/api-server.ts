// What a kube-apiserver says when the objects are applied in order with
// `kubectl apply` (server-side field validation Strict, PodSecurity
// admission on), for the rules that do not need a cluster:
// - strict decoding: every field must be one the kind has
//   (apimachinery: `strict decoding error: unknown field "..."`), checked
//   against the field lists @kubernetes/client-node generates from the
//   Kubernetes OpenAPI (attributeTypeMap);
// - a namespaced object needs its Namespace applied before (or existing),
//   a custom resource its CRD ("no matches for kind");
// - CustomResourceDefinitions: test/util/crd-rules.ts;
// - pod templates: the warnings of kubernetes pkg/api/pod/warnings.go and
//   the Pod Security Standards of the namespace's enforce / warn labels
//   (k8s.io/pod-security-admission policy/check_*.go).
import { crdRuleViolations } from './crd-rules';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const models: Record<string, any> = require('@kubernetes/client-node');

export interface ApplyReport {
  readonly errors: string[];
  readonly warnings: string[];
}

export interface ApplyOptions {
  /** Namespaces that exist before the files are applied. */
  readonly existingNamespaces?: string[];
}

const label = (obj: any) => `${obj?.kind}/${obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj?.metadata?.name}`;
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'CSIDriver',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'PriorityClass', 'StorageClass',
  'ClusterSPIFFEID', 'ClusterFederatedTrustDomain', 'ClusterStaticEntry']);

/** Applies `objects` in order and reports what the API server would refuse (errors) and warn about. */
export function applyToApiServer(objects: any[], options: ApplyOptions = {}): ApplyReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const namespaces = new Map<string, Record<string, string>>();
  for (const ns of options.existingNamespaces ?? ['default', 'kube-system', 'kube-public']) namespaces.set(ns, {});
  const crds = new Set<string>();
  for (const obj of objects) {
    const where = label(obj);
    const namespace = obj.metadata?.namespace;
    if (!CLUSTER_SCOPED.has(obj.kind) && !namespaces.has(namespace ?? 'default')) {
      errors.push(`${where}: namespaces "${namespace}" not found`);
    }
    const group = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/')[0] : '';
    const builtIn = group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
    if (builtIn) {
      const model = modelOf(obj);
      if (!model) errors.push(`${where}: no model for ${obj.apiVersion} ${obj.kind} in @kubernetes/client-node`);
      else for (const field of unknownFields(obj, model)) errors.push(`${where}: strict decoding error: unknown field "${field}"`);
    } else if (!crds.has(`${group}/${obj.kind}`)) {
      errors.push(`${where}: resource mapping not found: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"; ensure CRDs are installed first`);
    }
    if (obj.kind === 'Namespace') namespaces.set(obj.metadata.name, obj.metadata.labels ?? {});
    if (obj.kind === 'CustomResourceDefinition') {
      for (const e of crdRuleViolations(obj)) errors.push(`${where}: ${e}`);
      crds.add(`${obj.spec.group}/${obj.spec.names.kind}`);
    }
    const pod = podTemplateOf(obj);
    if (pod) {
      warnings.push(...podWarnings(pod.spec, pod.metadata, pod.path).map(w => `${where}: ${w}`));
      const nsLabels = namespaces.get(namespace ?? 'default') ?? {};
      const enforce = nsLabels['pod-security.kubernetes.io/enforce'];
      const warn = nsLabels['pod-security.kubernetes.io/warn'];
      // Enforce refuses Pods; a controller's template is admitted, and its
      // pods are then refused (visible only in the controller's events).
      for (const v of enforce ? podSecurityViolations(pod.spec, enforce) : []) {
        if (obj.kind === 'Pod') errors.push(`${where}: violates PodSecurity "${enforce}:latest": ${v}`);
        else warnings.push(`${where}: pods will be rejected: violates PodSecurity "${enforce}:latest": ${v}`);
      }
      if (warn) for (const v of podSecurityViolations(pod.spec, warn)) warnings.push(`${where}: would violate PodSecurity "${warn}:latest": ${v}`);
    }
  }
  return { errors, warnings };
}

function modelOf(obj: any): any {
  const version = String(obj.apiVersion).split('/').pop()!;
  const name = `${version.charAt(0).toUpperCase()}${version.slice(1)}${obj.kind}`;
  return models[name]?.getAttributeTypeMap ? models[name] : undefined;
}

/** Dotted paths of every field of `value` that `model` (recursively) does not declare. */
export function unknownFields(value: any, model: any, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const attributes: Array<{ baseName: string; type: string }> = model.getAttributeTypeMap();
  const byName = new Map(attributes.map(a => [a.baseName, a.type]));
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const type = byName.get(key);
    if (type === undefined) found.push(childPath);
    else found.push(...unknownIn(child, type, childPath));
  }
  return found;
}

function unknownIn(value: any, type: string, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((item, i) => unknownIn(item, array[1], `${path}[${i}]`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => unknownIn(v, map[1], `${path}[${k}]`)) : [];
  const model = models[type];
  return model?.getAttributeTypeMap ? unknownFields(value, model, path) : [];
}

function podTemplateOf(obj: any): { spec: any; metadata: any; path: string } | undefined {
  switch (obj.kind) {
    case 'Pod': return { spec: obj.spec, metadata: obj.metadata, path: '' };
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return { spec: obj.spec?.template?.spec, metadata: obj.spec?.template?.metadata, path: 'spec.template.' };
    case 'CronJob': return { spec: obj.spec?.jobTemplate?.spec?.template?.spec, metadata: obj.spec?.jobTemplate?.spec?.template?.metadata, path: 'spec.jobTemplate.spec.template.' };
    default: return undefined;
  }
}

const containersOf = (spec: any): Array<[string, any]> => [
  ...(spec.initContainers ?? []).map((c: any, i: number) => [`spec.initContainers[${i}]`, c]),
  ...(spec.containers ?? []).map((c: any, i: number) => [`spec.containers[${i}]`, c]),
  ...(spec.ephemeralContainers ?? []).map((c: any, i: number) => [`spec.ephemeralContainers[${i}]`, c]),
];

const DEPRECATED_NODE_LABELS = ['beta.kubernetes.io/os', 'beta.kubernetes.io/arch', 'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone', 'beta.kubernetes.io/instance-type'];
const DEPRECATED_VOLUMES = ['photonPersistentDisk', 'gitRepo', 'scaleIO', 'flocker', 'storageos', 'quobyte', 'glusterfs', 'cephfs', 'rbd'];

/** kubernetes pkg/api/pod/warnings.go warningsForPodSpecAndMeta, for the fields we can emit. */
export function podWarnings(spec: any, metadata: any, prefix: string): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(spec.nodeSelector ?? {})) {
    if (DEPRECATED_NODE_LABELS.includes(key)) warnings.push(`${prefix}spec.nodeSelector[${key}]: deprecated node label`);
  }
  (spec.topologySpreadConstraints ?? []).forEach((t: any, i: number) => {
    if (DEPRECATED_NODE_LABELS.includes(t.topologyKey)) warnings.push(`${prefix}spec.topologySpreadConstraints[${i}].topologyKey: ${t.topologyKey} is deprecated`);
    if (!t.labelSelector) warnings.push(`${prefix}spec.topologySpreadConstraints[${i}].labelSelector: a null labelSelector results in matching no pod`);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const affinity = spec.affinity?.[kind];
    (affinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: any, i: number) => {
      if (!t.labelSelector) warnings.push(`${prefix}spec.affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector: a null labelSelector results in matching no pod`);
    });
    (affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: any, i: number) => {
      if (!t.podAffinityTerm?.labelSelector) warnings.push(`${prefix}spec.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod`);
    });
  }
  for (const key of Object.keys(metadata?.annotations ?? {})) {
    if (['scheduler.alpha.kubernetes.io/critical-pod', 'security.alpha.kubernetes.io/sysctls', 'security.alpha.kubernetes.io/unsafe-sysctls',
      'seccomp.security.alpha.kubernetes.io/pod'].includes(key) || key.startsWith('container.seccomp.security.alpha.kubernetes.io/')
      || key.startsWith('container.apparmor.security.beta.kubernetes.io/')) {
      warnings.push(`${prefix}metadata.annotations[${key}]: deprecated or non-functional annotation`);
    }
  }
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    for (const plugin of DEPRECATED_VOLUMES) if (v[plugin]) warnings.push(`${prefix}spec.volumes[${i}].${plugin}: deprecated volume plugin`);
  });
  const tokenPaths = new Set((spec.volumes ?? [])
    .flatMap((v: any) => (v.projected?.sources ?? []).filter((s: any) => s.serviceAccountToken).map((s: any) => s.serviceAccountToken.path)));
  (spec.volumes ?? []).forEach((v: any, i: number) => (v.projected?.sources ?? []).forEach((s: any) => {
    for (const item of [...(s.configMap?.items ?? []), ...(s.secret?.items ?? []), ...(s.downwardAPI?.items ?? [])]) {
      if (tokenPaths.has(item.path)) warnings.push(`${prefix}spec.volumes[${i}].projected.sources: has duplicated path with ServiceAccountToken "${item.path}"`);
    }
  }));
  const pullSecrets = (spec.imagePullSecrets ?? []).map((s: any) => s.name);
  pullSecrets.forEach((name: string, i: number) => {
    if (!name) warnings.push(`${prefix}spec.imagePullSecrets[${i}].name: invalid empty name ""`);
    else if (pullSecrets.indexOf(name) !== i) warnings.push(`${prefix}spec.imagePullSecrets[${i}].name: duplicate name "${name}"`);
  });
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    warnings.push(`${prefix}spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  const ports = new Map<string, Array<{ at: string; port: any }>>();
  for (const [at, c] of containersOf(spec)) {
    for (const kind of ['limits', 'requests']) {
      for (const resource of ['memory', 'ephemeral-storage']) {
        const value = c.resources?.[kind]?.[resource];
        if (typeof value === 'string' && /m$/.test(value)) warnings.push(`${prefix}${at}.resources.${kind}[${resource}]: fractional byte value "${value}" is invalid, must be an integer`);
      }
    }
    const seen = new Set<string>();
    (c.env ?? []).forEach((e: any, i: number) => {
      if (seen.has(e.name) && (e.valueFrom || !String(e.value ?? '').includes(`$(${e.name})`))) {
        warnings.push(`${prefix}${at}.env[${i}]: hides previous definition of "${e.name}", which may be dropped when using apply`);
      }
      seen.add(e.name);
    });
    (c.ports ?? []).forEach((p: any, i: number) => {
      const here = `${prefix}${at}.ports[${i}]`;
      if (p.hostIP && !p.hostPort) warnings.push(`${here}: hostIP set without hostPort`);
      const key = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
      for (const other of ports.get(key) ?? []) {
        if ((p.hostIP ?? '') === (other.port.hostIP ?? '') && (p.hostPort ?? 0) === (other.port.hostPort ?? 0)) warnings.push(`${here}: duplicate port definition with ${other.at}`);
        else if (!p.hostPort || !other.port.hostPort) warnings.push(`${here}: overlapping port definition with ${other.at}`);
      }
      ports.set(key, [...(ports.get(key) ?? []), { at: here, port: p }]);
    });
  }
  return warnings;
}

const BASELINE_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];

/** The Pod Security Standards checks of `level` (pod-security-admission policy/check_*.go) the pod fails. */
export function podSecurityViolations(spec: any, level: string): string[] {
  if (level === 'privileged') return [];
  const v: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers = containersOf(spec).map(([, c]) => c);
  const names = (pick: (c: any) => boolean) => containers.filter(pick).map(c => `"${c.name}"`).join(', ');
  // baseline
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field]) v.push(`host namespaces (${field}=true)`);
  if (containers.some(c => c.securityContext?.privileged)) v.push(`privileged (containers ${names(c => c.securityContext?.privileged)})`);
  const extraCaps = (c: any) => (c.securityContext?.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPS.includes(cap));
  if (containers.some(c => extraCaps(c).length > 0)) v.push(`non-default capabilities (containers ${names(c => extraCaps(c).length > 0)})`);
  const hostPaths = (spec.volumes ?? []).filter((vol: any) => vol.hostPath).map((vol: any) => `"${vol.name}"`);
  if (hostPaths.length > 0) v.push(`hostPath volumes (volumes ${hostPaths.join(', ')})`);
  if (containers.some(c => (c.ports ?? []).some((p: any) => p.hostPort))) v.push('hostPort');
  if ([pod, ...containers.map(c => c.securityContext ?? {})].some(sc => sc.seccompProfile?.type === 'Unconfined')) v.push('seccompProfile (type=Unconfined)');
  if ([pod, ...containers.map(c => c.securityContext ?? {})].some(sc => sc.appArmorProfile?.type === 'Unconfined')) v.push('appArmorProfile (type=Unconfined)');
  if (containers.some(c => c.securityContext?.procMount && c.securityContext.procMount !== 'Default')) v.push('procMount');
  if ((pod.sysctls ?? []).some((s: any) => !SAFE_SYSCTLS.includes(s.name))) v.push('forbidden sysctls');
  if (level !== 'restricted') return v;
  // restricted
  const badVolumes = (spec.volumes ?? []).filter((vol: any) => !Object.keys(vol).some(k => k !== 'name' && RESTRICTED_VOLUMES.includes(k)));
  if (badVolumes.length > 0) v.push(`restricted volume types (volumes ${badVolumes.map((vol: any) => `"${vol.name}"`).join(', ')})`);
  if (containers.some(c => c.securityContext?.allowPrivilegeEscalation !== false)) v.push(`allowPrivilegeEscalation != false (containers ${names(c => c.securityContext?.allowPrivilegeEscalation !== false)})`);
  const nonRoot = (c: any) => (c.securityContext?.runAsNonRoot ?? pod.runAsNonRoot) === true;
  if (!containers.every(nonRoot) || containers.some(c => c.securityContext?.runAsNonRoot === false)) v.push(`runAsNonRoot != true (containers ${names(c => !nonRoot(c))})`);
  if (pod.runAsUser === 0 || containers.some(c => c.securityContext?.runAsUser === 0)) v.push('runAsUser=0');
  const seccomp = (c: any) => ['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? pod.seccompProfile?.type);
  if (!containers.every(seccomp)) v.push(`seccompProfile (containers ${names(c => !seccomp(c))} must set type to "RuntimeDefault" or "Localhost")`);
  const dropsAll = (c: any) => (c.securityContext?.capabilities?.drop ?? []).includes('ALL');
  if (!containers.every(dropsAll)) v.push(`unrestricted capabilities (containers ${names(c => !dropsAll(c))} must set securityContext.capabilities.drop=["ALL"])`);
  const addsMore = (c: any) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE');
  if (containers.some(addsMore)) v.push(`unrestricted capabilities (containers ${names(addsMore)} may only add NET_BIND_SERVICE)`);
  return v;
}
