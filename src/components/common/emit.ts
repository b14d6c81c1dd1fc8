import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Adds a Kubernetes object built with its real field names. The manifest is
 * typed by the caller (kubernetes-models interfaces); cdk8s only serializes it.
 */
export function emit<T extends { apiVersion: string; kind: string }>(scope: Construct, id: string, manifest: T): ApiObject {
  return new ApiObject(scope, id, manifest as unknown as ApiObjectProps);
}
