import { IConstruct } from 'constructs';
import { addWarning, propertyError } from '../../errors';
import { defectFix, defectProblem, ImageVerdict, judgeImage } from '../../versions/image-checks';
import { KNOWN_DEFECTS, knownDefect } from '../../versions/known-defects';
import { minorOf } from '../../versions/release-version';
import type { ImageComponent } from '../../versions/spire-components';
import { agentServerSkewProblem } from '../../versions/spire-skew';

/** One image option of a construct: which property, which component, what the user chose. */
export interface ImageUse {
  readonly property: string;
  readonly component: ImageComponent;
  readonly image: string;
  /** The library's pinned image for this option. */
  readonly defaultImage: string;
}

/**
 * The synth-time image policy: an image whose tag falls in a known defect's range is refused
 * unless the defect is accepted by id (`acceptProperty`); an override whose version cannot be
 * read (digest alone, `latest`) passes with a warning; an unknown id in the accepted list is
 * refused (a typo would otherwise accept nothing), and one that matches no image is a warning.
 * Returns each image's verdict, by property, for the version-skew checks.
 */
export function checkImagePolicy(scope: IConstruct, uses: readonly ImageUse[], acceptedIds: readonly string[] | undefined,
  acceptProperty: string): Map<string, ImageVerdict> {
  const accepted = acceptedIds ?? [];
  accepted.forEach((id, index) => {
    if (!knownDefect(id)) {
      throw propertyError(scope, `${acceptProperty}[${index}]`, id, 'names no known defect', `use an id of the known-defects table: ${KNOWN_DEFECTS.map(d => d.id).join(', ')}`);
    }
  });
  const verdicts = new Map<string, ImageVerdict>();
  const used = new Set<string>();
  for (const use of uses) {
    const verdict = judgeImage(use.component, use.image, accepted);
    const defect = verdict.defects[0];
    if (defect) {
      throw propertyError(scope, use.property, use.image, defectProblem(use.component, verdict.version!, defect),
        defectFix(defect, use.defaultImage, `with ${acceptProperty}: ['${defect.id}']`));
    }
    if (verdict.unreadable && use.image !== use.defaultImage) {
      addWarning(scope, use.property, use.image, `passes unchecked: ${verdict.unreadable}`,
        `pin a release tag with the digest (such as "${use.defaultImage}@sha256:<digest>") so the checks can read it`);
    }
    verdict.accepted.forEach(d => used.add(d.id));
    verdicts.set(use.property, verdict);
  }
  accepted.forEach((id, index) => {
    if (used.has(id)) return;
    const defect = knownDefect(id)!;
    const problem = uses.some(use => use.component === defect.component)
      ? `matches no image of this construct (${defect.component} ${defect.fixedIn} and newer are fixed)`
      : `concerns ${defect.component}, which this construct does not deploy`;
    addWarning(scope, `${acceptProperty}[${index}]`, id, problem, 'remove it, so that a later change into the defect is refused again');
  });
  return verdicts;
}

/**
 * SPIRE's agent/server rule (doc/upgrading.md) between the two images of one installation:
 * the agent no newer than the server and at most one minor version older. Images whose
 * version cannot be read were warned about by checkImagePolicy and are not compared.
 */
export function checkAgentServerSkew(scope: IConstruct, server: ImageVerdict, agent: ImageVerdict): void {
  if (!server.version || !agent.version) return;
  const problem = agentServerSkewProblem(server.version, agent.version);
  if (problem) {
    throw propertyError(scope, 'agent.image', agent.image, `does not fit server.image "${server.image}": ${problem}`,
      `run agents at the server's minor version (${server.version.major}.${server.version.minor}.x) or one minor older; upgrade the servers first and the agents after them, downgrade in the reverse order`);
  }
}

/**
 * A component released with SPIRE itself (the OIDC discovery provider is built from the spiffe/spire
 * tree and tagged with it) at another minor version than the server. Upstream states no skew rule
 * for it, so this is a warning, not an error.
 */
export function warnReleasedWithServer(scope: IConstruct, property: string, verdict: ImageVerdict, serverImage: string): void {
  const server = judgeImage('spire-server', serverImage);
  if (!verdict.version || !server.version || minorOf(verdict.version) === minorOf(server.version)) return;
  addWarning(scope, property, verdict.image,
    `is ${verdict.component} ${minorOf(verdict.version)}, but the Spire's server.image "${serverImage}" is SPIRE ${minorOf(server.version)}: it is released with SPIRE and upstream publishes no skew rule for running it at another minor version`,
    `use ${verdict.component} at the server's version (${server.version.text})`);
}
