// SPIRE's upgrade rules (spiffe/spire doc/upgrading.md, encoded in src/versions/spire-skew.ts):
// one minor version per step, servers before agents (agents first when going down), agents
// never newer than the oldest server and at most one minor older. One `kubectl apply` of a file
// holding both the server StatefulSet and the agent DaemonSet rolls them at the same time.

import { compareReleaseVersions, formatReleaseVersion, ReleaseVersion } from '../../versions/release-version';
import { agentServerSkewProblem, SPIRE_UPGRADING_DOC, upgradeStepProblem } from '../../versions/spire-skew';
import type { DiffContext } from '../diff-context';
import { describeRef, refOf } from '../kube-objects';
import type { DiffFinding } from '../model';
import { containersOfComponent, SpireContainer } from '../spire-facts';
import { DiffRule, finding } from './rule';

type Direction = 'up' | 'down' | undefined;

function containerKey(c: SpireContainer): string {
  return `${describeRef(refOf(c.workload))}#${c.container}`;
}

function imageField(c: SpireContainer): string {
  return `spec.template.spec.containers[${c.container}].image`;
}

/** Version changes of one component, with findings for each container. */
function componentChanges(context: DiffContext, component: 'spire-server' | 'spire-agent', out: DiffFinding[]): Direction {
  const before = new Map(containersOfComponent(context.before.spire, component).map((c) => [containerKey(c), c]));
  const fallback = [...before.values()][0];
  let direction: Direction;
  for (const c of containersOfComponent(context.after.spire, component)) {
    const old = before.get(containerKey(c)) ?? fallback;
    if (!old || old.image.image === c.image.image) continue;
    const from = old.image.version;
    const to = c.image.version;
    if (!from || !to) {
      out.push(finding('info', 'spire-image-changed', c.workload, imageField(c),
        `${component} image ${old.image.image} -> ${c.image.image}: its tag names no version, so the upgrade rules could not be checked`,
        ['check the versions by hand against ' + SPIRE_UPGRADING_DOC], SPIRE_UPGRADING_DOC));
      continue;
    }
    const step = upgradeStepProblem(from, to);
    if (step) {
      out.push(finding('error', 'spire-upgrade-step', c.workload, imageField(c), `${component}: ${step}`,
        [`apply one minor version at a time (${from.major}.${from.minor} -> ${from.major}.${from.minor + Math.sign(to.minor - from.minor)} -> ...), `
          + 'servers before agents, each step fully rolled out before the next'],
        SPIRE_UPGRADING_DOC));
    } else if (from.minor !== to.minor || from.major !== to.major) {
      out.push(finding('info', 'spire-image-changed', c.workload, imageField(c),
        `${component} ${formatReleaseVersion(from)} -> ${formatReleaseVersion(to)}: a supported one-minor step; read the release notes for the new minor version`,
        [], SPIRE_UPGRADING_DOC));
    } else {
      out.push(finding('info', 'spire-image-changed', c.workload, imageField(c),
        `${component} ${formatReleaseVersion(from)} -> ${formatReleaseVersion(to)}: a patch release`, [], SPIRE_UPGRADING_DOC));
    }
    // Patch releases do not count in SPIRE's rules; only a minor (or major) move has an order.
    if (from.major !== to.major || from.minor !== to.minor) direction = compareReleaseVersions(to, from) > 0 ? 'up' : 'down';
  }
  return direction;
}

function oldest(containers: readonly SpireContainer[]): ReleaseVersion | undefined {
  return containers.map((c) => c.image.version).filter((v): v is ReleaseVersion => !!v).sort(compareReleaseVersions)[0];
}

export const spireVersionRule: DiffRule = (context: DiffContext) => {
  const out: DiffFinding[] = [];
  const server = componentChanges(context, 'spire-server', out);
  const agent = componentChanges(context, 'spire-agent', out);
  const serversAfter = containersOfComponent(context.after.spire, 'spire-server');
  const serverVersion = oldest(serversAfter);
  if (serverVersion) {
    for (const c of containersOfComponent(context.after.spire, 'spire-agent')) {
      if (!c.image.version) continue;
      const problem = agentServerSkewProblem(serverVersion, c.image.version);
      if (problem) {
        out.push(finding('error', 'spire-agent-server-skew', c.workload, imageField(c), problem,
          [compareReleaseVersions(c.image.version, serverVersion) > 0
            ? `keep the agent at ${formatReleaseVersion(serverVersion)} or older until every server runs ${formatReleaseVersion(c.image.version)}`
            : `upgrade the agents one minor version at a time towards ${formatReleaseVersion(serverVersion)}`],
          SPIRE_UPGRADING_DOC));
      }
    }
  }
  if (server && agent && server === agent) {
    const [first, second] = server === 'up' ? ['servers', 'agents'] : ['agents', 'servers'];
    const agentWorkload = containersOfComponent(context.after.spire, 'spire-agent')[0].workload;
    out.push(finding('warning', 'spire-upgrade-order', agentWorkload, 'spec.template.spec.containers[].image',
      `the servers and the agents both go ${server === 'up' ? 'up' : 'down'} a version in one change: applying them together rolls both at once, `
      + `so for a while ${server === 'up' ? 'new agents talk to old servers' : 'old servers serve new agents'}. ${first} go first: `
      + `${server === 'up' ? 'agents must never be newer than the oldest server' : 'downgrades go agents first, then servers'}`,
      [`apply the ${first} first and wait for them to be ready, then the ${second} (see the rollout below)`],
      SPIRE_UPGRADING_DOC));
  }
  return out;
};
