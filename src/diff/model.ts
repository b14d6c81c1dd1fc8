// Inputs and outputs of the manifest diff: two sets of plain Kubernetes objects in, plain data out.

import type { KubeObject } from '../plan/model';

export type DiffSeverity = 'error' | 'warning' | 'info';

/** Which object a finding is about. */
export interface DiffObjectRef {
  readonly kind: string;
  /** Empty for cluster-scoped objects and for namespaced ones the manifest leaves to kubectl's context. */
  readonly namespace: string;
  readonly name: string;
}

/** One thing the diff wants a human to know before `kubectl apply`. */
export interface DiffFinding {
  readonly severity: DiffSeverity;
  /** Stable rule name, e.g. `statefulset-forbidden-field`. */
  readonly rule: string;
  readonly object: DiffObjectRef;
  /** The field path that changes, e.g. `spec.volumeClaimTemplates`. */
  readonly field: string;
  readonly message: string;
  /** What to do, in order: commands (`kubectl ...`) and the steps between them. */
  readonly fix: string[];
  /** The upstream source the rule follows (repo:path function). */
  readonly source: string;
}

/** One workload's SPIFFE IDs on each side. */
export interface IdentityChange {
  /** `Kind/namespace/name`. */
  readonly workload: string;
  readonly before: string[];
  readonly after: string[];
  readonly change: 'gained' | 'lost' | 'changed' | 'unchanged';
}

/** The identity planner's view of both sides. */
export interface IdentityComparison {
  /** Why a side could not be planned (no ControllerManagerConfig, say); empty when both were. */
  readonly skipped: string[];
  readonly trustDomainBefore?: string;
  readonly trustDomainAfter?: string;
  /** Workloads whose IDs differ (or that exist on one side only), then unchanged ones. */
  readonly workloads: IdentityChange[];
}

/** One step of the rollout this change needs. */
export interface RolloutStep {
  readonly title: string;
  /** Why this step, and why here. */
  readonly reason: string;
  readonly commands: string[];
}

/** Counts of objects by what happens to them. */
export interface ObjectCounts {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** The whole diff. */
export interface ManifestDiffData {
  readonly objects: ObjectCounts;
  readonly findings: DiffFinding[];
  readonly identities: IdentityComparison;
  readonly rollout: RolloutStep[];
}

/** A side of the diff: its objects and where they were read from (file names, for the rollout's commands). */
export interface ManifestSet {
  readonly objects: readonly KubeObject[];
  /** The files (or `-`) the objects came from, in order. */
  readonly sources?: readonly string[];
  /** The source of each object, by index, when known. */
  readonly objectSources?: readonly string[];
}
