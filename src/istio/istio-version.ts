/** A parsed Istio release number. */
export interface IstioVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

/** The oldest Istio release whose SPIRE integration this library supports. */
export const MIN_ISTIO = '1.22.0';

/** The newest GA Istio release this library was checked against (the default). */
export const DEFAULT_ISTIO = '1.30.3';

/** `1.30.3` (an optional leading `v` is accepted) as numbers, or undefined. */
export function parseIstioVersion(text: string): IstioVersion | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: `${match[1]}.${match[2]}.${match[3]}` };
}

/** Whether `version` is `minimum` (`x.y.z`) or newer. */
export function atLeast(version: IstioVersion, minimum: string): boolean {
  const min = parseIstioVersion(minimum)!;
  if (version.major !== min.major) return version.major > min.major;
  if (version.minor !== min.minor) return version.minor > min.minor;
  return version.patch >= min.patch;
}

/**
 * Whether the proxy honours WORKLOAD_IDENTITY_SOCKET_FILE in its Envoy
 * bootstrap too: fixed in 1.26.0 and backported to 1.23.6 and 1.24.4.
 */
export function honoursSocketFileOverride(version: IstioVersion): boolean {
  if (version.major === 1 && version.minor === 23) return version.patch >= 6;
  if (version.major === 1 && version.minor === 24) return version.patch >= 4;
  return atLeast(version, '1.23.6');
}
