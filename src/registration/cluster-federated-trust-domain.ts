import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_FEDERATED_TRUST_DOMAIN_KIND } from '../crds/names';
import { propertyError } from '../errors';
import { parseSpiffeId, spiffeIdProblem } from '../spiffe/spiffe-id';
import { trustDomainProblem } from '../spiffe/trust-domain';
import { parseAbsoluteUrl } from '../spiffe/url';
import type { ISpire } from '../spire-ref';
import { BundleEndpointProfile } from './bundle-endpoint-profile';
import { declareFederation } from './federation-registry';
import { FOREIGN_TRUST_DOMAIN_FIX, registrationClassName, registrationObject } from './registration-checks';

/** Properties of a ClusterFederatedTrustDomain. */
export interface ClusterFederatedTrustDomainProps {
  /**
   * The SPIRE installation that federates. Linking stamps its className and
   * rejects federating with its own trust domain.
   * @default - not linked: set className yourself
   */
  readonly spire?: ISpire;
  /** The foreign trust domain, e.g. `partner.example.com`. */
  readonly trustDomain: string;
  /** HTTPS URL of the foreign trust domain's bundle endpoint (no user info). */
  readonly bundleEndpointUrl: string;
  /** How the bundle endpoint is authenticated. */
  readonly bundleEndpointProfile: BundleEndpointProfile;
  /**
   * The foreign trust domain's current bundle (SPIFFE bundle JSON), to bootstrap
   * trust in an `https_spiffe` endpoint.
   * @default - SPIRE must already hold the bundle
   */
  readonly trustDomainBundle?: string;
  /**
   * Confirm that an operator loads the bundle out of band (`spire-server
   * bundle set -format spiffe -id spiffe://<trustDomain>` in the server pod)
   * before anything federates. Marked with the annotation
   * `spire.cdk8s.io/bundle-loaded-out-of-band: "true"`.
   * @default false
   */
  readonly bundleLoadedOutOfBand?: boolean;
  /**
   * Controller class that reconciles this resource.
   * @default - the linked Spire's className; none when not linked
   */
  readonly className?: string;
  /**
   * Object metadata (name, labels, annotations).
   * @default - a name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A ClusterFederatedTrustDomain: tells the controller manager to keep a
 * foreign trust domain's bundle in SPIRE, fetched from its bundle endpoint,
 * so workloads that federate with it can verify its SVIDs.
 */
export class ClusterFederatedTrustDomain extends Construct {
  /** The ClusterFederatedTrustDomain object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** Its Kubernetes name. */
  public readonly name: string;
  /** The foreign trust domain. */
  public readonly trustDomain: string;
  /** The className it carries, if any. */
  public readonly className?: string;

  constructor(scope: Construct, id: string, props: ClusterFederatedTrustDomainProps) {
    super(scope, id);
    const spire = props.spire;
    const td = props.trustDomain;
    const tdProblem = trustDomainProblem(td);
    if (tdProblem) throw propertyError(this, 'trustDomain', td, tdProblem, FOREIGN_TRUST_DOMAIN_FIX);
    if (spire && td === spire.trustDomain) {
      throw propertyError(this, 'trustDomain', td, 'is the linked Spire\'s own trust domain (federation relates two different trust domains)', 'name the foreign trust domain');
    }
    checkBundleEndpointUrl(this, props.bundleEndpointUrl);
    checkProfile(this, td, props.bundleEndpointProfile);
    if (props.trustDomainBundle !== undefined) checkBundle(this, props.trustDomainBundle);
    this.className = registrationClassName(this, spire, props.className, props.metadata);

    // The controller manager keeps only the oldest resource per trust domain.
    const same = declareFederation(this, td, this.className);
    if (same.length > 1) {
      throw propertyError(this, 'trustDomain', td,
        `is already federated by ${same[0].node.path} (the controller manager honours only the oldest ClusterFederatedTrustDomain per trust domain)`,
        'keep one ClusterFederatedTrustDomain per trust domain');
    }

    this.trustDomain = td;
    const metadata = props.bundleLoadedOutOfBand
      ? { ...props.metadata, annotations: { ...props.metadata?.annotations, 'spire.cdk8s.io/bundle-loaded-out-of-band': 'true' } }
      : props.metadata;
    this.apiObject = registrationObject(this, CLUSTER_FEDERATED_TRUST_DOMAIN_KIND, metadata, this.className, {
      trustDomain: td,
      bundleEndpointURL: props.bundleEndpointUrl,
      bundleEndpointProfile: {
        type: props.bundleEndpointProfile.type,
        endpointSPIFFEID: props.bundleEndpointProfile.endpointSpiffeId,
      },
      trustDomainBundle: props.trustDomainBundle,
    });
    this.name = this.apiObject.name;
  }
}

function checkBundleEndpointUrl(scope: Construct, value: string): void {
  const url = parseAbsoluteUrl(value);
  const problem = !url ? 'is not an absolute URL'
    : url.protocol !== 'https:' ? `uses ${url.protocol.replace(':', '')}, but bundle endpoints are served over https only`
      : !url.hostname ? 'has no host'
        : url.username || url.password ? 'contains user info, which the controller manager rejects'
          : undefined;
  if (problem) {
    throw propertyError(scope, 'bundleEndpointUrl', value, `${problem} (controller-manager rule: https, a host, no user info)`, 'write it like "https://spire.partner.example.com:8443"');
  }
}

function checkProfile(scope: Construct, trustDomain: string, profile: BundleEndpointProfile): void {
  if (profile.type !== 'https_spiffe') return;
  const id = profile.endpointSpiffeId ?? '';
  const problem = spiffeIdProblem(id);
  if (problem) {
    throw propertyError(scope, 'bundleEndpointProfile.endpointSpiffeId', id, problem,
      `use the foreign SPIRE server's ID, usually "spiffe://${trustDomain}/spire/server"`);
  }
  const parts = parseSpiffeId(id);
  if (parts && parts.trustDomain !== trustDomain) {
    throw propertyError(scope, 'bundleEndpointProfile.endpointSpiffeId', id,
      `belongs to trust domain "${parts.trustDomain}", but an https_spiffe endpoint is authenticated with the bundle of "${trustDomain}"`,
      `use the endpoint's ID in ${trustDomain}, usually "spiffe://${trustDomain}/spire/server"`);
  }
}

function checkBundle(scope: Construct, bundle: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bundle);
  } catch {
    parsed = undefined;
  }
  const keys = (parsed as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) {
    throw propertyError(scope, 'trustDomainBundle', bundle, 'is not a SPIFFE bundle (JSON with a "keys" array)', 'paste the output of `spire-server bundle show -format spiffe` from the foreign trust domain');
  }
}
