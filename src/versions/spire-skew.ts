// SPIRE's version compatibility rules, from spiffe/spire doc/upgrading.md:
// - servers of one cluster are within one minor version of each other;
// - an agent is never newer than the oldest server it talks to, and at most one minor older;
// - servers are upgraded before agents, at most one minor version per step (patch versions
//   do not count); downgrades go agents first, then servers.
// Each function returns the sentence-ending problem, or undefined when the pair is supported.

import { compareReleaseVersions, formatReleaseVersion, minorDistance, ReleaseVersion } from './release-version';

export const SPIRE_UPGRADING_DOC = 'spiffe/spire doc/upgrading.md';

/** Why an agent at `agent` may not talk to a server at `server`, or undefined. */
export function agentServerSkewProblem(server: ReleaseVersion, agent: ReleaseVersion): string | undefined {
  const s = formatReleaseVersion(server);
  const a = formatReleaseVersion(agent);
  if (compareReleaseVersions(agent, server) > 0) {
    return `agent ${a} is newer than server ${s}: agents must not be newer than the oldest server they talk to (${SPIRE_UPGRADING_DOC})`;
  }
  const distance = minorDistance(agent, server);
  if (distance === undefined || distance > 1) {
    return `agent ${a} is more than one minor version older than server ${s}: agents may be at most one minor version older (${SPIRE_UPGRADING_DOC})`;
  }
  return undefined;
}

/** Why servers of one cluster at `a` and `b` may not run side by side, or undefined. */
export function serverServerSkewProblem(a: ReleaseVersion, b: ReleaseVersion): string | undefined {
  const distance = minorDistance(a, b);
  if (distance !== undefined && distance <= 1) return undefined;
  return `servers ${formatReleaseVersion(a)} and ${formatReleaseVersion(b)} are more than one minor version apart: servers of one cluster must be within one minor version (${SPIRE_UPGRADING_DOC})`;
}

/** Why moving one SPIRE component from `before` to `after` in one step is unsupported, or undefined. */
export function upgradeStepProblem(before: ReleaseVersion, after: ReleaseVersion): string | undefined {
  const distance = minorDistance(before, after);
  if (distance !== undefined && distance <= 1) return undefined;
  const direction = compareReleaseVersions(after, before) > 0 ? 'upgrade' : 'downgrade';
  return `${direction} from ${formatReleaseVersion(before)} to ${formatReleaseVersion(after)} skips a minor version: SPIRE moves at most one minor version per step, so go through each minor release in turn (${SPIRE_UPGRADING_DOC})`;
}
