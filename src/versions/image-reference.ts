// Container image references as the container runtime reads them
// (distribution/reference's grammar: [registry/]path[:tag][@digest]).

/** The parts of an image reference. */
export interface ImageReference {
  /** The reference as written. */
  readonly text: string;
  /** The registry host (and port), when the first path component names one. */
  readonly registry?: string;
  /** The repository path without registry, tag or digest, e.g. `spiffe/spire-server`. */
  readonly repository: string;
  /** The last path component, e.g. `spire-server`. */
  readonly name: string;
  readonly tag?: string;
  /** `sha256:...` */
  readonly digest?: string;
}

/**
 * Splits an image reference. A first path component is a registry when it has a `.` or a `:`
 * or is `localhost` (distribution/reference normalize.go `splitDockerDomain`); the tag is what
 * follows the last `:` after the last `/`; the digest follows `@`.
 */
export function parseImageReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  return { text, registry, repository: rest, name, tag: tag || undefined, digest: digest || undefined };
}
