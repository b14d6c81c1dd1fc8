// Inputs and outputs of the identity planner: plain Kubernetes objects in, plain data out.

/** Any Kubernetes object as read from a manifest. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: KubeMeta;
  readonly spec?: any;
  readonly data?: Record<string, string>;
  readonly items?: KubeObject[];
}

export interface KubeMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly creationTimestamp?: string;
  readonly uid?: string;
}

/** The controller manager settings the plan follows (ControllerManagerConfig keys). */
export interface ControllerSettings {
  readonly trustDomain: string;
  readonly clusterName: string;
  /** Used for the `<svc>.<ns>.svc.<clusterDomain>` DNS names; the controller detects it at start-up when unset. */
  readonly clusterDomain: string;
  readonly className: string;
  readonly watchClassless: boolean;
  /** Unanchored Go regular expressions (pkg/namespace/namespace.go). */
  readonly ignoreNamespaces: readonly string[];
  readonly parentIdTemplate: string;
  readonly reconcileClusterSpiffeIds: boolean;
  readonly reconcileClusterStaticEntries: boolean;
  readonly reconcileClusterFederatedTrustDomains: boolean;
  /** Where the settings came from, for the report. */
  readonly source: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** One thing the plan wants a human to know. */
export interface Finding {
  readonly severity: Severity;
  /** Stable rule name, e.g. `enrolled-without-identity`. */
  readonly rule: string;
  /** What it is about: `Deployment/shop/payments` or `ClusterSPIFFEID/default`. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
  /** The upstream source the rule follows (repo:path). */
  readonly source: string;
}

/** What one registration declares for one workload's pods. */
export interface PlannedEntry {
  /** `ClusterSPIFFEID/<name>` or `ClusterStaticEntry/<name>`. */
  readonly registration: string;
  /** `rendered`, `unknown` (depends on run-time values) or `error` (the controller fails to render it). */
  readonly status: 'rendered' | 'unknown' | 'error';
  /** The SPIFFE ID; run-time parts appear as `<pod-uid>`, `<node-uid>`, ... */
  readonly spiffeId?: string;
  readonly problem?: string;
  readonly parentId?: string;
  readonly selectors: string[];
  readonly dnsNames: string[];
  readonly federatesWith: string[];
  readonly x509SvidTtl?: string;
  readonly jwtSvidTtl?: string;
  readonly admin: boolean;
  readonly downstream: boolean;
  readonly hint?: string;
  readonly fallback: boolean;
  /** Set when an identical entry from another registration masks this one (reconciler.go: the oldest wins). */
  readonly maskedBy?: string;
  /**
   * For status `error`: `controller` when the controller fails to render the entry (it declares
   * nothing), `server` when it renders it but the SPIRE server refuses it (it never exists, but
   * it still counts as declared: it suppresses fallback registrations and masks identical ones).
   */
  readonly failedAt?: 'controller' | 'server';
  /**
   * The pods this entry is for, when not every pod of the workload gets it (a StatefulSet whose
   * pods a selector tells apart by `statefulset.kubernetes.io/pod-name`). Absent: every pod.
   */
  readonly pods?: string[];
}

/** A workload (its pod template) and the entries its pods get. */
export interface PlannedWorkload {
  /** `Kind/namespace/name`. */
  readonly ref: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Pod name as the controller will see it; run-time parts as placeholders. */
  readonly podName: string;
  /** Istio-enrolled: the spire injection template, the identity label, or a SPIFFE CSI mount in istio-proxy. */
  readonly mesh: boolean;
  /** Istio's sidecar injector mutates it (namespace or pod injection labels); its templates' labels are counted. */
  readonly injected: boolean;
  /** An Istio gateway. */
  readonly gateway: boolean;
  /** Mounts the SPIFFE CSI driver (uses the Workload API). */
  readonly workloadApi: boolean;
  /** The namespace is ignored by the controller manager. */
  readonly ignoredNamespace: boolean;
  /** Entries set for each pod (masked ones are listed with maskedBy). */
  readonly entries: PlannedEntry[];
  /** Fallback registrations that matched but stepped aside. */
  readonly fallbackSkipped: string[];
  /**
   * The pods, named one by one, when a registration tells them apart (StatefulSet ordinals); then
   * an entry's `pods` says which of them it is for. Absent: the pods are alike.
   */
  readonly pods?: string[];
  /** Why the workload runs no pod now (scaled to zero, suspended): no entries until it does. */
  readonly noPods?: string;
}

export interface PlannedRegistration {
  readonly ref: string;
  readonly kind: string;
  readonly name: string;
  /** Reconciled by this controller (className rules). */
  readonly reconciled: boolean;
  readonly fallback: boolean;
  readonly spiffeIdTemplate?: string;
  readonly federatesWith: string[];
  /** Workload refs it declares entries for. */
  readonly workloads: string[];
  /** Why the API server refuses to store it (the controller manager's webhook): it does not exist. */
  readonly refused?: string;
}

export interface PlannedFederation {
  readonly ref: string;
  readonly trustDomain: string;
  readonly bundleEndpointUrl?: string;
  readonly profile?: string;
  readonly reconciled: boolean;
  /** A bundle to bootstrap from: spec.trustDomainBundle, or loaded out of band (annotation). */
  readonly bootstrap: 'spec' | 'out-of-band' | 'none' | 'not-needed';
  /** Why the API server refuses to store it (the controller manager's webhook): it does not exist. */
  readonly refused?: string;
}

export interface PlannedNamespace {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Not in the manifests: assumed to exist with only its name label. */
  readonly implicit: boolean;
  readonly ignored: boolean;
}

/** The whole plan. */
export interface IdentityPlanData {
  readonly controller: ControllerSettings;
  readonly namespaces: PlannedNamespace[];
  readonly workloads: PlannedWorkload[];
  readonly registrations: PlannedRegistration[];
  /** ClusterStaticEntry entries (not tied to a workload of the manifests). */
  readonly staticEntries: PlannedEntry[];
  readonly federations: PlannedFederation[];
  readonly findings: Finding[];
}
