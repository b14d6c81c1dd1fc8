// Which component an image reference deploys, by its repository's last path component, so a
// mirror (`registry.example.com/mirror/spire-server:1.15.3`) is recognised too.

import { parseImageReference } from './image-reference';
import { parseReleaseVersion, ReleaseVersion } from './release-version';

/** The components whose images this library pins and the rules below know. */
export type ImageComponent =
  | 'spire-server'
  | 'spire-agent'
  | 'spire-controller-manager'
  | 'oidc-discovery-provider'
  | 'spiffe-csi-driver'
  | 'csi-node-driver-registrar'
  | 'busybox';

const COMPONENTS: readonly ImageComponent[] = [
  'spire-server', 'spire-agent', 'spire-controller-manager', 'oidc-discovery-provider',
  'spiffe-csi-driver', 'csi-node-driver-registrar', 'busybox',
];

/** What an image reference says about the component it runs. */
export interface ComponentImage {
  readonly image: string;
  readonly component?: ImageComponent;
  /** The version its tag names; undefined for a digest-only reference or a tag like `latest`. */
  readonly version?: ReleaseVersion;
  /** Pinned by digest: the tag (if any) cannot be trusted to say what runs. */
  readonly digest?: string;
}

/** Reads the component and version of an image reference. */
export function componentImage(image: string): ComponentImage {
  const ref = parseImageReference(image);
  const component = (COMPONENTS as readonly string[]).includes(ref.name) ? ref.name as ImageComponent : undefined;
  return { image, component, version: parseReleaseVersion(ref.tag), digest: ref.digest };
}
