// Release versions read from image tags: `1.15.3`, `v0.2.12`, `1.37.0-uclibc`.

/** A `major.minor.patch` version with an optional suffix (`-rc1`, `-uclibc`). */
export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** What follows the patch number after `-`, if anything (a pre-release or a variant). */
  readonly suffix?: string;
  /** The tag as written. */
  readonly text: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The version a tag names, or undefined for tags that name none (`latest`, `main`, `nightly`). */
export function parseReleaseVersion(tag: string | undefined): ReleaseVersion | undefined {
  if (!tag) return undefined;
  const match = VERSION.exec(tag);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    suffix: match[4],
    text: tag,
  };
}

/** Orders two versions by major, minor and patch (suffixes are not ordered). */
export function compareReleaseVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `1.15` */
export function minorOf(version: ReleaseVersion): string {
  return `${version.major}.${version.minor}`;
}

/** `1.15.3` (without a `v` prefix or suffix). */
export function formatReleaseVersion(version: ReleaseVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/**
 * How many minor releases lie between two versions of one major line, or undefined across
 * major lines (SPIRE states its rules in minor versions within a major).
 */
export function minorDistance(from: ReleaseVersion, to: ReleaseVersion): number | undefined {
  if (from.major !== to.major) return undefined;
  return Math.abs(to.minor - from.minor);
}
