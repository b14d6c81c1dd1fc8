import { ApiObjectMetadata, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CA_TTL_FACTOR } from '../components/server/resolve-server-options';
import { propertyError, propertyMessage } from '../errors';
import { durationMillis, durationProblem, goDuration } from '../spiffe/duration';
import { HINT_MAXIMUM_LENGTH } from '../spiffe/entry-hint';
import { dns1123SubdomainProblem, labelSelectorProblem } from '../spiffe/k8s-names';
import { trustDomainProblem } from '../spiffe/trust-domain';
import type { ISpire } from '../spire-ref';
import { spiresInApp } from '../spire-registry';
import { isFederationDeclared } from './federation-registry';
import type { LabelSelector } from './label-selector';

// Checks shared by the three registration kinds.

/** SPIRE's limit on an entry hint (src/spiffe/entry-hint.ts, the plan's limit too). */
export const MAX_HINT_LENGTH = HINT_MAXIMUM_LENGTH;
/** How to name a foreign trust domain; shared by every federation check. */
export const FOREIGN_TRUST_DOMAIN_FIX = 'name the foreign trust domain by its bare lowercase name (no scheme, port or path), such as "partner.example.com"';

/**
 * The className to stamp: the linked Spire's, unless the user set one; a
 * different explicit one would make that controller ignore the resource.
 */
function resolveClassName(scope: IConstruct, spire: ISpire | undefined, className: string | undefined): string | undefined {
  if (className !== undefined) {
    const problem = className.length === 0 ? 'must not be empty' : dns1123SubdomainProblem(className);
    if (problem) {
      throw propertyError(scope, 'className', className, problem,
        'drop className and pass spire: <your Spire> to stamp its className, or use your controller manager\'s className, such as "spire-server-spire"');
    }
    if (spire && className !== spire.className) {
      throw propertyError(scope, 'className', className,
        `differs from the linked Spire's controller className "${spire.className}", so that controller would ignore this resource`,
        'drop className (it is stamped from spire) or unlink spire');
    }
    return className;
  }
  return spire?.className;
}

/**
 * Without a className, a resource is reconciled only by a controller that
 * watches classless resources; when every Spire in this app ignores them,
 * the resource would silently do nothing.
 */
function addClasslessCheck(scope: IConstruct, className: string | undefined): void {
  if (className !== undefined) return;
  scope.node.addValidation({
    validate: () => {
      const spires = spiresInApp(scope);
      if (spires.length === 0 || spires.some(spire => spire.watchClassless)) return [];
      const classes = spires.map(spire => `"${spire.className}"`).join(', ');
      return [propertyMessage(scope, 'className', undefined,
        `is unset, and no controller manager in this app reconciles classless resources (they reconcile className ${classes}), so it would be ignored`,
        'pass spire: <your Spire> to stamp its className, or set className')];
    },
  });
}

function checkMetadataName(scope: IConstruct, metadata: ApiObjectMetadata | undefined): void {
  const name = metadata?.name;
  if (name === undefined) return;
  const problem = dns1123SubdomainProblem(name);
  if (problem) throw propertyError(scope, 'metadata.name', name, problem, 'use a lowercase name such as "web-identity", or drop metadata.name to get a generated one');
}

export function checkSelector(scope: IConstruct, property: string, selector: LabelSelector | undefined): void {
  if (!selector) return;
  const problem = labelSelectorProblem(selector);
  if (problem) throw propertyError(scope, property, selector, problem, 'correct the selector as described, e.g. { matchLabels: { app: "web" } }');
}

/** Whether a selector selects everything (absent or without any condition). */
export function selectsEverything(selector: LabelSelector | undefined): boolean {
  return !selector
    || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/**
 * Each federated trust domain must be valid and foreign. With a linked Spire,
 * it must also have a ClusterFederatedTrustDomain for that Spire's controller
 * in the app (checked at synth, so it may be created later): SPIRE refuses
 * every entry that federates with a trust domain whose bundle it lacks, and a
 * ClusterFederatedTrustDomain always says where the first bundle comes from.
 */
export function checkFederatesWith(scope: IConstruct, spire: ISpire | undefined, trustDomains: string[] | undefined): void {
  (trustDomains ?? []).forEach((td, index) => {
    const property = `federatesWith[${index}]`;
    const problem = trustDomainProblem(td);
    if (problem) throw propertyError(scope, property, td, problem, FOREIGN_TRUST_DOMAIN_FIX);
    if (spire && td === spire.trustDomain) {
      throw propertyError(scope, property, td, 'is the linked Spire\'s own trust domain (federation relates two different trust domains)', 'remove it');
    }
    const first = trustDomains!.indexOf(td);
    if (first !== index) throw propertyError(scope, property, td, `is listed twice (also at federatesWith[${first}])`, 'remove the duplicate');
  });
  if (spire && trustDomains && trustDomains.length > 0) {
    scope.node.addValidation({ validate: () => federationGaps(scope, spire, 'federatesWith', trustDomains) });
  }
}

/** Messages for the trust domains of `trustDomains` without a ClusterFederatedTrustDomain for `spire`. */
export function federationGaps(scope: IConstruct, spire: ISpire, property: string, trustDomains: readonly string[]): string[] {
  return trustDomains.flatMap((td, index) => isFederationDeclared(scope, td, spire.className) ? [] : [
    propertyMessage(scope, `${property}[${index}]`, td,
      `has no ClusterFederatedTrustDomain for className "${spire.className}" in this app, so SPIRE would hold no bundle of ${td} and refuse every entry that federates with it ("unable to find federated bundle")`,
      `add new ClusterFederatedTrustDomain(scope, id, { spire, trustDomain: "${td}", bundleEndpointUrl, bundleEndpointProfile, trustDomainBundle }) (or bundleLoadedOutOfBand: true)`),
  ]);
}

/** A TTL as a Go duration string, checked against the linked server's CA TTL. */
export function entryTtl(scope: IConstruct, property: string, value: Duration | undefined, spire: ISpire | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = durationProblem(value);
  if (problem) throw propertyError(scope, property, value.toHumanString(), problem, 'pass a positive Duration of whole milliseconds, such as Duration.hours(1)');
  if (spire && CA_TTL_FACTOR * durationMillis(value) > durationMillis(spire.caTtl)) {
    throw propertyError(scope, property, goDuration(value),
      `is more than a sixth of the linked server's caTtl (${goDuration(spire.caTtl)}) (SPIRE rule: ca_ttl >= 6 x every SVID TTL, else SVIDs are cut short)`,
      `lower it to at most ${goDuration(Duration.millis(Math.floor(durationMillis(spire.caTtl) / CA_TTL_FACTOR)))} or raise server.caTtl`);
  }
  return goDuration(value);
}

export function checkHint(scope: IConstruct, hint: string | undefined): void {
  if (hint !== undefined && (hint.length === 0 || hint.length > MAX_HINT_LENGTH)) {
    throw propertyError(scope, 'hint', hint, `must be 1 to ${MAX_HINT_LENGTH} characters (SPIRE's limit)`, 'use a short hint such as "web", or drop hint');
  }
}

/**
 * The common part of every registration: its metadata name is checked, its
 * className stamped (from the linked Spire) and checked against classless
 * controllers.
 */
export function registrationClassName(
  scope: IConstruct, spire: ISpire | undefined, className: string | undefined, metadata: ApiObjectMetadata | undefined,
): string | undefined {
  checkMetadataName(scope, metadata);
  const resolved = resolveClassName(scope, spire, className);
  addClasslessCheck(scope, resolved);
  return resolved;
}
