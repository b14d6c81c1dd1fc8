import { ApiObject, ApiObjectMetadata, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { SPIRE_API_VERSION } from '../crds/names';

// A registration construct is its own ApiObject, one level below its chart:
// cdk8s walks every object's path to its chart once per dependency edge, and
// `identities.addDependency(chart)` gives each registration one edge per SPIRE
// object, so a wrapper level cost a fifth of the synth time at 10,000 registrations.

/**
 * The props a registration passes to ApiObject. `spec` is filled in after the
 * checks, which need the construct. Without metadata.name, the name is the one
 * cdk8s generated when the object was the construct's 'Resource' child, so a
 * default name never changes (a renamed registration is deleted and recreated,
 * and its workloads lose their entries meanwhile).
 */
export function registrationObjectProps(
  scope: Construct, id: string, kind: string, metadata: ApiObjectMetadata | undefined, spec: Record<string, unknown>,
): ApiObjectProps {
  const name = metadata?.name ?? nameAsResourceChild(scope, id, kind);
  return { apiVersion: SPIRE_API_VERSION, kind, metadata: { ...metadata, name }, spec };
}

/** The name the chart gives an ApiObject at `<scope>/<id>/Resource` (its own generateObjectName, overrides included). */
function nameAsResourceChild(scope: Construct, id: string, kind: string): string {
  const probe = new Construct(scope, id); // throws on a duplicate id, as the registration itself would
  try {
    return new ApiObject(probe, 'Resource', { apiVersion: SPIRE_API_VERSION, kind }).name;
  } finally {
    scope.node.tryRemoveChild(id);
  }
}

/**
 * Runs a registration's checks once it is in the tree and copies the set
 * fields of the spec they return into `spec` (the object passed to ApiObject;
 * unset ones are left out rather than copied as undefined: cdk8s would drop
 * them anyway, but only after resolving each one on every synth). When a check
 * fails, the registration is taken out of the tree again before the error is
 * rethrown, so a caught error leaves nothing half-built to synthesize.
 */
/** What a registration's checks return: the className it carries and its spec fields. */
export interface CheckedRegistration {
  readonly className?: string;
  readonly spec: Record<string, unknown>;
}

export function checkIntoSpec<T extends CheckedRegistration>(
  registration: ApiObject, spec: Record<string, unknown>, check: () => T,
): T {
  let checked: T;
  try {
    checked = check();
  } catch (error) {
    registration.node.scope?.node.tryRemoveChild(registration.node.id);
    throw error;
  }
  for (const key in checked.spec) {
    if (checked.spec[key] !== undefined) spec[key] = checked.spec[key];
  }
  return checked;
}
