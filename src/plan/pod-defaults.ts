// What API defaulting puts into a pod before any controller sees it, for the fields a template
// may read (kubernetes/kubernetes pkg/apis/core/v1/defaults.go):
// - SetDefaults_PodSpec: dnsPolicy ClusterFirst, restartPolicy Always, an empty securityContext,
//   terminationGracePeriodSeconds 30, schedulerName default-scheduler;
// - SetDefaults_Pod: enableServiceLinks true;
// - SetDefaults_Container (containers, initContainers, ephemeral containers): imagePullPolicy
//   Always for the tag "latest" (which an image without tag or digest has: pkg/util/parsers
//   ParseImageName), else IfNotPresent; terminationMessagePath /dev/termination-log;
//   terminationMessagePolicy File; SetDefaults_ContainerPort: protocol TCP.
// Fields set by admission plugins that depend on cluster objects the manifests may not hold
// (the service-account token volume, a default PriorityClass) are not filled in.

/** The pull policy SetDefaults_Container gives `image` when none is set. */
export function defaultPullPolicy(image: unknown): string {
  const text = typeof image === 'string' ? image : '';
  const [name, digest] = text.split('@', 2);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > lastSlash ? name.slice(colon + 1) : '';
  const effective = tag === '' && !digest ? 'latest' : tag;
  return effective === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: unknown): unknown {
  if (!container || typeof container !== 'object') return container;
  const c = container as Record<string, any>;
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy || defaultPullPolicy(c.image),
    terminationMessagePath: c.terminationMessagePath || '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy || 'File',
    ...(Array.isArray(c.ports) ? { ports: c.ports.map((p: any) => (p && typeof p === 'object' ? { ...p, protocol: p.protocol || 'TCP' } : p)) } : {}),
  };
}

/** `spec` as the API server stores it after defaulting. */
export function defaultPodSpec(spec: Readonly<Record<string, any>>): Record<string, any> {
  const containers = (key: string) => (Array.isArray(spec[key]) ? { [key]: spec[key].map(defaultContainer) } : {});
  return {
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    enableServiceLinks: true,
    ...spec,
    ...containers('containers'),
    ...containers('initContainers'),
    ...containers('ephemeralContainers'),
  };
}
