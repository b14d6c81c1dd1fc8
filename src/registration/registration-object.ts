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
 * Runs a registration's checks once it is in the tree; when one fails, takes
 * it out again before rethrowing, so a caught error leaves nothing half-built
 * to synthesize.
 */
export function checkedOrRemoved<T>(registration: ApiObject, check: () => T): T {
  try {
    return check();
  } catch (error) {
    registration.node.scope?.node.tryRemoveChild(registration.node.id);
    throw error;
  }
}

/**
 * Copies the set fields into the spec ApiObject serializes. Unset ones are
 * left out rather than copied as undefined: cdk8s would drop them anyway, but
 * only after resolving each one, for every registration, on every synth.
 */
export function fillSpec(spec: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const key in fields) {
    if (fields[key] !== undefined) spec[key] = fields[key];
  }
}
