// Known defects and SPIRE version skew in any set of Kubernetes objects (ours, the Helm chart's,
// anyone's): a pure function over plain objects, for the identity plan and the upgrade diff.

import { defectFix, defectProblem, judgeImage } from './image-checks';
import { ACCEPT_KNOWN_DEFECTS_ANNOTATION, knownDefect } from './known-defects';
import { formatReleaseVersion, ReleaseVersion } from './release-version';
import { componentImage, ImageComponent } from './spire-components';
import { agentServerSkewProblem, serverServerSkewProblem, SPIRE_UPGRADING_DOC } from './spire-skew';
import { flattenObjects } from '../plan/kube-list';
import type { Finding, KubeObject } from '../plan/model';
import { podSpecOf } from '../plan/workloads';


/** One container image found in the objects. */
export interface ContainerImage {
  /** `Kind/namespace/name` of the workload object. */
  readonly subject: string;
  readonly container: string;
  readonly image: string;
  readonly component?: ImageComponent;
  readonly acceptedIds: string[];
}

const SOURCE = 'cdk8s-spire src/versions/known-defects.ts (KNOWN_DEFECTS)';

/** Every container (and init container) image of every workload in `objects`, Lists flattened. */
export function containerImages(objects: readonly KubeObject[]): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const object of flattenObjects(objects)) {
    const kind = object.kind ?? '';
    const spec = podSpecOf(object);
    if (!spec) continue;
    const subject = `${kind}/${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? object.metadata?.generateName ?? '(unnamed)'}`;
    const acceptedIds = ((object.metadata as any)?.annotations?.[ACCEPT_KNOWN_DEFECTS_ANNOTATION] ?? '')
      .split(',').map((id: string) => id.trim()).filter((id: string) => id.length > 0);
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if (typeof container?.image !== 'string') continue;
      out.push({ subject, container: container.name, image: container.image, component: componentImage(container.image).component, acceptedIds });
    }
  }
  return out;
}

/**
 * Findings about the images of `objects`: an error for each known defect an image's tag falls
 * in (a warning when the workload accepted it by annotation), a warning for each SPIRE image
 * whose version cannot be read, and an error for each agent/server pair or server pair outside
 * SPIRE's version skew rules. Each finding names the workload (`Kind/namespace/name`), the
 * container and the image.
 */
export function imageFindings(objects: readonly KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  const images = containerImages(objects).filter(c => c.component !== undefined);
  const servers: Array<{ at: ContainerImage; version: ReleaseVersion }> = [];
  const agents: Array<{ at: ContainerImage; version: ReleaseVersion }> = [];

  for (const at of images) {
    const component = at.component!;
    const verdict = judgeImage(component, at.image, at.acceptedIds);
    const where = `container "${at.container}" image ${at.image}`;
    if (verdict.unreadable) {
      findings.push({
        severity: 'warning',
        rule: 'image-version-unknown',
        subject: at.subject,
        message: `${where}: ${verdict.unreadable}`,
        fix: `pin ${component} by a release tag (with or without a digest), e.g. ${component}:<version>@sha256:<digest>`,
        source: SOURCE,
      });
      continue;
    }
    const version = verdict.version!;
    for (const defect of verdict.defects) {
      findings.push({
        severity: 'error',
        rule: 'known-defect',
        subject: at.subject,
        message: `${where} ${defectProblem(component, version, defect)}`,
        fix: defectFix(defect, undefined,
          `by annotating the workload object with ${ACCEPT_KNOWN_DEFECTS_ANNOTATION}: "${defect.id}" (what acceptKnownDefects of the Spire construct writes)`),
        source: defect.source,
      });
    }
    for (const defect of verdict.accepted) {
      findings.push({
        severity: 'warning',
        rule: 'known-defect-accepted',
        subject: at.subject,
        message: `${where} has known defect ${defect.id}, accepted by its owner: ${defect.effect}`,
        fix: `upgrade ${component} to ${defect.fixedIn} or newer and drop ${defect.id} from the accepted defects`,
        source: defect.source,
      });
    }
    if (component === 'spire-server') servers.push({ at, version });
    if (component === 'spire-agent') agents.push({ at, version });
  }

  for (const agent of agents) {
    for (const server of servers) {
      const problem = agentServerSkewProblem(server.version, agent.version);
      if (!problem) continue;
      findings.push({
        severity: 'error',
        rule: 'spire-version-skew',
        subject: agent.at.subject,
        message: `container "${agent.at.container}" image ${agent.at.image} against ${server.at.subject} (${server.at.image}): ${problem}`,
        fix: `run agents at the server's minor version (${server.version.major}.${server.version.minor}.x) or one minor older; upgrade servers first, then agents`,
        source: SPIRE_UPGRADING_DOC,
      });
    }
  }
  for (let i = 0; i < servers.length; i++) {
    for (let j = i + 1; j < servers.length; j++) {
      const problem = serverServerSkewProblem(servers[i].version, servers[j].version);
      if (!problem) continue;
      findings.push({
        severity: 'error',
        rule: 'spire-version-skew',
        subject: servers[j].at.subject,
        message: `${servers[i].at.subject} runs ${servers[i].at.image} and ${servers[j].at.subject} runs ${servers[j].at.image}: ${problem}`,
        fix: `move the older server one minor version at a time until both are within one minor of ${formatReleaseVersion(servers[i].version)}`,
        source: SPIRE_UPGRADING_DOC,
      });
    }
  }
  return findings;
}

/** Accepted ids the table does not know, for the callers that want to report typos. */
export function unknownDefectIds(ids: readonly string[]): string[] {
  return ids.filter(id => !knownDefect(id));
}
