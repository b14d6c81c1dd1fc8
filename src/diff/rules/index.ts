// The diff's rules, run in this order. A new rule family is one file and one line here.

import { classObjectRule } from './class-objects';
import { componentImageRule } from './component-images';
import { crdRule } from './crd-names';
import { csiDriverSpecRule } from './csi-driver-spec';
import { federationRule } from './federation';
import { immutableDataRule } from './immutable-data';
import { jobSpecRule } from './job-spec';
import { knownDefectRule } from './known-defects';
import { leftBehindRule } from './left-behind';
import { podSpecRule } from './pod-spec';
import { pvcSpecRule } from './pvc-spec';
import { roleRefRule } from './role-ref';
import type { DiffRule } from './rule';
import { serviceRule } from './service-ip';
import { spireIdentityRule } from './spire-identity';
import { spireVersionRule } from './spire-versions';
import { statefulSetSpecRule } from './statefulset-spec';
import { workloadApiRule } from './workload-api';
import { workloadSelectorRule } from './workload-selectors';

export type { DiffRule } from './rule';

/** Every rule, in report order: refused updates, identities, versions, leftovers. */
export const DIFF_RULES: readonly DiffRule[] = [
  // Updates the API server refuses.
  statefulSetSpecRule,
  workloadSelectorRule,
  roleRefRule,
  csiDriverSpecRule,
  pvcSpecRule,
  serviceRule,
  immutableDataRule,
  jobSpecRule,
  crdRule,
  classObjectRule,
  podSpecRule,
  // Changes it accepts that take identities away.
  spireIdentityRule,
  workloadApiRule,
  federationRule,
  // Versions.
  spireVersionRule,
  componentImageRule,
  knownDefectRule,
  // What `kubectl apply` leaves behind.
  leftBehindRule,
];
