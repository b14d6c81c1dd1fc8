// What an image reference means for one component: the known defects its tag falls in, and
// whether its version can be read at all. Pure: the synth-time checks (components/common/
// image-policy.ts) and the manifest findings (image-findings.ts) both build on it.

import { parseImageReference } from './image-reference';
import { defectsOf, KnownDefect } from './known-defects';
import { formatReleaseVersion, parseReleaseVersion, ReleaseVersion } from './release-version';
import type { ImageComponent } from './spire-components';

/** The verdict on one image of one component. */
export interface ImageVerdict {
  readonly component: ImageComponent;
  readonly image: string;
  /** The version the tag names, if it names one. */
  readonly version?: ReleaseVersion;
  /** Known defects the version falls in that were not accepted. */
  readonly defects: KnownDefect[];
  /** Known defects the version falls in that the user accepted by id. */
  readonly accepted: KnownDefect[];
  /** Why the version cannot be read (digest only, or a tag like `latest`), when it cannot. */
  readonly unreadable?: string;
}

/**
 * Judges `image` as `component`. A tag that names a version decides, even beside a digest
 * (`name:0.2.7@sha256:...` is how a pinned 0.2.7 is written); a digest alone or a tag such
 * as `latest` cannot be judged, and says so.
 */
export function judgeImage(component: ImageComponent, image: string, acceptedIds: readonly string[] = []): ImageVerdict {
  const ref = parseImageReference(image);
  const version = parseReleaseVersion(ref.tag);
  if (!version) {
    const unreadable = ref.tag
      ? `its tag "${ref.tag}" names no release version, so the known-defect and version-skew checks cannot tell what runs`
      : ref.digest
        ? 'it is pinned by digest alone, so the known-defect and version-skew checks cannot tell which release it is'
        : 'it has no tag (the runtime pulls "latest"), so the known-defect and version-skew checks cannot tell what runs';
    return { component, image, defects: [], accepted: [], unreadable };
  }
  const all = defectsOf(component, version);
  return {
    component,
    image,
    version,
    defects: all.filter(d => !acceptedIds.includes(d.id)),
    accepted: all.filter(d => acceptedIds.includes(d.id)),
  };
}

/** The sentence-ending problem for one defect of an image, in the message shape of errors.ts. */
export function defectProblem(component: ImageComponent, version: ReleaseVersion, defect: KnownDefect): string {
  return `is ${component} ${formatReleaseVersion(version)}, inside known defect ${defect.id} (releases ${defect.introducedIn} to before ${defect.fixedIn}): `
    + `${defect.effect} (${defect.source})`;
}

/** How to get out of a defect: upgrade, or accept it (`acceptance` says how, e.g. `with acceptKnownDefects: ['spiffe-csi#331']`). */
export function defectFix(defect: KnownDefect, defaultImage: string | undefined, acceptance: string): string {
  const upgrade = `use ${defect.component} ${defect.fixedIn} or newer${defaultImage ? ` (the default is ${defaultImage})` : ''}`;
  return `${upgrade}, or accept the risk for this component ${acceptance}`;
}
