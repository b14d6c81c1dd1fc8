// The Go values a spire-controller-manager template sees, modelled on Kubernetes JSON.
// pkg/spireentry/entries.go hands text/template a struct of strings and pointers to
// metav1.ObjectMeta, corev1.PodSpec and corev1.NodeSpec; templates name Go fields
// (`.PodSpec.ServiceAccountName`) while manifests carry JSON keys (`serviceAccountName`).

/**
 * A value that only exists once the pod runs (pod UID, node name): strings carry it between
 * two NUL characters, so it flows through concatenation and is shown as `<name>`.
 */
export const PLACEHOLDER_MARK = '\u0000';

/** A string standing for a run-time value such as `<pod-uid>`. */
export function placeholder(name: string): string {
  return `${PLACEHOLDER_MARK}${name}${PLACEHOLDER_MARK}`;
}

/** Whether `value` contains a run-time placeholder. */
export function hasPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER_MARK);
}

/** `value` with its placeholders shown as `<name>`. */
export function showPlaceholders(value: string): string {
  if (!hasPlaceholder(value)) return value;
  return value.replace(/\u0000([^\u0000]*)\u0000/g, '<$1>');
}

/** `value` with every placeholder replaced by `stand`, to validate the shape of what it renders. */
export function fillPlaceholders(value: string, stand: string): string {
  if (!hasPlaceholder(value)) return value;
  return value.replace(/\u0000[^\u0000]*\u0000/g, stand);
}

/** `value` as known texts and, for each placeholder, undefined (text that exists only at run time). */
export function knownPieces(value: string): Array<string | undefined> {
  if (!hasPlaceholder(value)) return [value];
  return value.split(PLACEHOLDER_MARK).map((piece, i) => (i % 2 === 1 ? undefined : piece)).filter((piece) => piece !== '');
}

/** The names of the placeholders in `value`. */
export function placeholdersIn(value: string): string[] {
  const names: string[] = [];
  for (const match of value.matchAll(/\u0000([^\u0000]*)\u0000/g)) names.push(match[1]);
  return names;
}

/** A Go struct: fields looked up by their Go name. */
export class GoStruct {
  constructor(
    /** Go type, for messages: `*v1.PodSpec`. */
    public readonly typeName: string,
    private readonly json: Record<string, unknown>,
    /** Fields whose value only exists at run time, by Go name. */
    private readonly runtime: Record<string, GoValue> = {},
    /** Known Go fields that may be absent from the JSON, with their zero value. */
    private readonly zero: Record<string, GoValue> = {},
  ) {}

  /** The field's value, or undefined when the struct has no such field (a Go execution error). */
  public field(name: string): GoValue | undefined {
    if (name in this.runtime) return this.runtime[name];
    const key = jsonKey(name);
    if (key in this.json) return fromJson(this.json[key], name);
    if (name in this.zero) return this.zero[name];
    // A nested struct (a container, a volume) whose field is absent: Go still has the field,
    // with its zero value; without the schema we give the zero of a string.
    if (this.typeName === NESTED) return '';
    return undefined;
  }
}

/** A Go value whose content is unknown at synth (a node's labels): any use of it is unknowable. */
export class OpaqueValue {
  constructor(public readonly placeholderName: string) {}
}

/**
 * A non-nil Go pointer (`*int64`, `*bool`, `*v1.PodSecurityContext`). text/template reads a
 * field through it and dereferences it to print an action's value (exec.go indirect,
 * printableValue); a function such as printf or print gets the pointer itself, whose text is
 * an address only known at run time.
 */
export class GoPointer {
  constructor(public readonly target: GoValue) {}
}

/** Go's `<no value>`: a missing map key reached through a field (`.PodMeta.Labels.app`). */
export const NO_VALUE = Symbol('no value');

/** A Go map[string]X: keys sorted when ranged over or printed, like Go does. */
export class GoMap {
  constructor(public readonly entries: ReadonlyMap<string, GoValue>) {}
}

export type GoValue = string | number | boolean | null | GoValue[] | GoMap | GoStruct | GoPointer | OpaqueValue | typeof NO_VALUE;

const NESTED = 'nested struct';

/** Go field name to JSON key, for the names whose JSON spelling is not the lower-camel form. */
const JSON_KEYS: Record<string, string> = {
  UID: 'uid',
  APIVersion: 'apiVersion',
  DNSPolicy: 'dnsPolicy',
  DNSConfig: 'dnsConfig',
  OS: 'os',
  SetHostnameAsFQDN: 'setHostnameAsFQDN',
  DeprecatedServiceAccount: 'serviceAccount',
  HostPID: 'hostPID',
  HostIPC: 'hostIPC',
  PodCIDR: 'podCIDR',
  PodCIDRs: 'podCIDRs',
  ProviderID: 'providerID',
  TTY: 'tty',
};

function jsonKey(goName: string): string {
  return JSON_KEYS[goName] ?? goName.charAt(0).toLowerCase() + goName.slice(1);
}

/** Maps in the Kubernetes types: everything else that is an object is a struct. */
const MAP_FIELDS = new Set(['Labels', 'Annotations', 'NodeSelector', 'Overhead', 'Limits', 'Requests', 'Data', 'StringData', 'MatchLabels']);

/**
 * Pointer fields of the k8s.io/api core/v1 and meta/v1 types a template may read: PodSpec,
 * Container, PodSecurityContext/SecurityContext, ObjectMeta. (Container.RestartPolicy, a pointer,
 * shares its Go name with PodSpec.RestartPolicy, a string, and is left out.)
 */
const POINTER_FIELDS = new Set([
  'TerminationGracePeriodSeconds', 'ActiveDeadlineSeconds', 'AutomountServiceAccountToken', 'ShareProcessNamespace',
  'SecurityContext', 'Affinity', 'Priority', 'DNSConfig', 'RuntimeClassName', 'EnableServiceLinks', 'PreemptionPolicy',
  'SetHostnameAsFQDN', 'OS', 'HostUsers', 'LivenessProbe', 'ReadinessProbe', 'StartupProbe', 'Lifecycle',
  'RunAsUser', 'RunAsGroup', 'RunAsNonRoot', 'FSGroup', 'Privileged', 'ReadOnlyRootFilesystem', 'AllowPrivilegeEscalation',
  'SELinuxOptions', 'SeccompProfile', 'AppArmorProfile', 'Capabilities', 'WindowsOptions', 'ProcMount', 'FSGroupChangePolicy',
  'DeletionGracePeriodSeconds', 'DeletionTimestamp',
]);

function fromJson(value: unknown, goName: string): GoValue {
  if (value === undefined || value === null) return null;
  if (POINTER_FIELDS.has(goName)) return new GoPointer(fromJson(value, ''));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => fromJson(v, ''));
  const record = value as Record<string, unknown>;
  if (MAP_FIELDS.has(goName)) {
    return new GoMap(new Map(Object.entries(record).map(([k, v]) => [k, fromJson(v, '')])));
  }
  return new GoStruct(NESTED, record);
}

/** A map[string]string from JSON (labels, annotations). */
export function goStringMap(value: Record<string, string> | undefined): GoMap {
  return new GoMap(new Map(Object.entries(value ?? {})));
}

// Zero values of the ObjectMeta and PodSpec fields a template is likely to read when the manifest
// leaves them out (k8s.io/api core/v1 and apimachinery meta/v1 types).
const EMPTY_MAP = new GoMap(new Map());
export const OBJECT_META_ZERO: Record<string, GoValue> = {
  Name: '',
  GenerateName: '',
  Namespace: '',
  SelfLink: '',
  UID: '',
  ResourceVersion: '',
  Generation: 0,
  Labels: EMPTY_MAP,
  Annotations: EMPTY_MAP,
  OwnerReferences: [],
  Finalizers: [],
  ManagedFields: [],
  CreationTimestamp: null,
  DeletionTimestamp: null,
  DeletionGracePeriodSeconds: null,
};
export const POD_SPEC_ZERO: Record<string, GoValue> = {
  Volumes: [],
  InitContainers: [],
  Containers: [],
  EphemeralContainers: [],
  RestartPolicy: '',
  DNSPolicy: '',
  NodeSelector: EMPTY_MAP,
  ServiceAccountName: '',
  DeprecatedServiceAccount: '',
  AutomountServiceAccountToken: null,
  NodeName: '',
  HostNetwork: false,
  HostPID: false,
  HostIPC: false,
  ShareProcessNamespace: null,
  SecurityContext: null,
  ImagePullSecrets: [],
  Hostname: '',
  Subdomain: '',
  Affinity: null,
  SchedulerName: '',
  Tolerations: [],
  HostAliases: [],
  PriorityClassName: '',
  Priority: null,
  RuntimeClassName: null,
  EnableServiceLinks: null,
  PreemptionPolicy: null,
  TopologySpreadConstraints: [],
  SetHostnameAsFQDN: null,
  OS: null,
  HostUsers: null,
  SchedulingGates: [],
  ResourceClaims: [],
  TerminationGracePeriodSeconds: null,
  ActiveDeadlineSeconds: null,
  ReadinessGates: [],
  Overhead: EMPTY_MAP,
};
