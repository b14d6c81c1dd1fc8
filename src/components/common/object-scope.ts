import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Where a component adds its Kubernetes objects: as direct children of one
 * construct, under ids prefixed by the component's (`Server-StatefulSet`,
 * `Server-Rbac-ClusterRole`). The SPIRE components share the Spire construct
 * this way rather than nesting constructs: cdk8s walks every object's path up
 * to its chart once per dependency edge, and a chart that depends on the SPIRE
 * chart gives each of its objects one edge per SPIRE object, so every level
 * of nesting was paid hundreds of thousands of times at scale.
 */
export class ObjectScope {
  /** Objects directly under `construct`, ids unprefixed. */
  public static of(construct: Construct): ObjectScope {
    return new ObjectScope(construct, '');
  }

  private constructor(
    /** The construct the objects are added to; errors name it. */
    public readonly construct: Construct,
    private readonly prefix: string,
  ) {}

  /** The objects of a part named `id`: same construct, ids prefixed by `<id>-`. */
  public part(id: string): ObjectScope {
    return new ObjectScope(this.construct, `${this.prefix}${id}-`);
  }

  /** Adds a Kubernetes object built with its real field names (typed by the caller); cdk8s only serializes it. */
  public add<T extends { apiVersion: string; kind: string }>(id: string, manifest: T): ApiObject {
    return new ApiObject(this.construct, `${this.prefix}${id}`, manifest as unknown as ApiObjectProps);
  }
}
