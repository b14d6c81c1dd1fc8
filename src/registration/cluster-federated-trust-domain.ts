import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_FEDERATED_TRUST_DOMAIN_KIND } from '../crds/names';
import { propertyError } from '../errors';
import { BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION } from './bundle-bootstrap-annotation';
import { spiffeBundleProblem } from '../spiffe/spiffe-bundle';
import { parseSpiffeId, spiffeIdProblem } from '../spiffe/spiffe-id';
import { trustDomainProblem } from '../spiffe/trust-domain';
import { parseAbsoluteUrl } from '../spiffe/url';
import type { ISpire } from '../spire-ref';
import { BundleEndpointProfile } from './bundle-endpoint-profile';
import { declareFederation } from './federation-registry';
import { FOREIGN_TRUST_DOMAIN_FIX, registrationClassName } from './registration-checks';
import { CheckedRegistration, checkIntoSpec, registrationObjectProps } from './registration-object';

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
   * The foreign trust domain's current bundle (SPIFFE bundle JSON, the output
   * of `spire-server bundle show -format spiffe` on the foreign server). SPIRE
   * authenticates an `https_spiffe` endpoint with the foreign bundle it already
   * holds, so the first fetch needs this, or `bundleLoadedOutOfBand`.
   * @default - none: required for https_spiffe unless bundleLoadedOutOfBand is set
   */
  readonly trustDomainBundle?: string;
  /**
   * The operator loads the foreign bundle into SPIRE before anything federates
   * with this trust domain, instead of shipping it in `trustDomainBundle`:
   * `kubectl exec -n <serverNamespace> spire-server-0 -c spire-server -- /opt/spire/bin/spire-server bundle set -format spiffe -id spiffe://<trustDomain> < partner-bundle.json`.
   * Until then SPIRE cannot fetch the bundle and refuses every entry that
   * federates with it. The object carries the annotation
   * `spire.cdk8s.io/bundle-loaded-out-of-band: "true"` to say so.
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
export class ClusterFederatedTrustDomain extends ApiObject {
  /** The foreign trust domain. */
  public readonly trustDomain: string;
  /** The className it carries, if any. */
  public readonly className?: string;
  /**
   * Where SPIRE's first copy of the foreign bundle comes from: `inline`
   * (trustDomainBundle), `out-of-band` (bundle set by the operator) or
   * `web-pki` (https_web needs none).
   */
  public readonly bundleBootstrap: string;

  constructor(scope: Construct, id: string, props: ClusterFederatedTrustDomainProps) {
    const spec: Record<string, unknown> = {};
    super(scope, id, registrationObjectProps(scope, id, CLUSTER_FEDERATED_TRUST_DOMAIN_KIND, props.metadata, spec));
    const checked = checkIntoSpec(this, spec, () => federatedTrustDomainSpec(this, props));
    this.trustDomain = props.trustDomain;
    this.className = checked.className;
    this.bundleBootstrap = checked.bundleBootstrap;
    if (checked.bundleBootstrap === 'out-of-band') this.metadata.addAnnotation(BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION, 'true');
  }

  /**
   * The ClusterFederatedTrustDomain object: the construct itself.
   * @deprecated use the construct, which is the ApiObject
   */
  public get apiObject(): ApiObject {
    return this;
  }
}

interface CheckedFederatedTrustDomain extends CheckedRegistration {
  readonly bundleBootstrap: string;
}

function federatedTrustDomainSpec(scope: ClusterFederatedTrustDomain, props: ClusterFederatedTrustDomainProps): CheckedFederatedTrustDomain {
  const spire = props.spire;
  const td = props.trustDomain;
  const tdProblem = trustDomainProblem(td);
  if (tdProblem) throw propertyError(scope, 'trustDomain', td, tdProblem, FOREIGN_TRUST_DOMAIN_FIX);
  if (spire && td === spire.trustDomain) {
    throw propertyError(scope, 'trustDomain', td, 'is the linked Spire\'s own trust domain (federation relates two different trust domains)', 'name the foreign trust domain');
  }
  checkBundleEndpointUrl(scope, props.bundleEndpointUrl);
  checkProfile(scope, td, props.bundleEndpointProfile);
  const bootstrap = bundleBootstrap(scope, td, props);
  const className = registrationClassName(scope, spire, props.className, props.metadata);

  // The controller manager keeps only the oldest resource per trust domain.
  const same = declareFederation(scope, td, className);
  if (same.length > 1) {
    throw propertyError(scope, 'trustDomain', td,
      `is already federated by ${same[0].node.path} (the controller manager honours only the oldest ClusterFederatedTrustDomain per trust domain)`,
      'keep one ClusterFederatedTrustDomain per trust domain');
  }
  return {
    className,
    bundleBootstrap: bootstrap,
    spec: {
      className,
      trustDomain: td,
      bundleEndpointURL: props.bundleEndpointUrl,
      bundleEndpointProfile: {
        type: props.bundleEndpointProfile.type,
        endpointSPIFFEID: props.bundleEndpointProfile.endpointSpiffeId,
      },
      trustDomainBundle: props.trustDomainBundle,
    },
  };
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

/**
 * SPIRE authenticates an https_spiffe endpoint with the foreign bundle it
 * already holds: without one, it never fetches the bundle ("local copy of
 * bundle not found") and refuses every entry that federates with the trust
 * domain ("unable to find federated bundle"). So the first bundle must come
 * inline or be loaded by the operator, explicitly.
 */
function bundleBootstrap(scope: Construct, trustDomain: string, props: ClusterFederatedTrustDomainProps): string {
  const bundle = props.trustDomainBundle;
  const outOfBand = props.bundleLoadedOutOfBand ?? false;
  if (bundle !== undefined) {
    const problem = spiffeBundleProblem(bundle, { trustDomain, requireX509Authority: props.bundleEndpointProfile.type === 'https_spiffe' });
    if (problem) {
      throw propertyError(scope, 'trustDomainBundle', bundle, problem,
        `paste the output of \`spire-server bundle show -format spiffe\` run on the ${trustDomain} server`);
    }
    if (outOfBand) {
      throw propertyError(scope, 'bundleLoadedOutOfBand', true, 'contradicts trustDomainBundle, which already bootstraps the bundle',
        'keep one of the two');
    }
    return 'inline';
  }
  if (props.bundleEndpointProfile.type !== 'https_spiffe') {
    if (outOfBand) {
      throw propertyError(scope, 'bundleLoadedOutOfBand', true, 'has no use with https_web, which SPIRE authenticates with Web PKI',
        'drop bundleLoadedOutOfBand');
    }
    return 'web-pki';
  }
  if (!outOfBand) {
    throw propertyError(scope, 'trustDomainBundle', undefined,
      `is required for an https_spiffe bundle endpoint: SPIRE authenticates it with ${trustDomain}'s bundle, which it does not hold yet, so it would never fetch it and would refuse every entry federating with ${trustDomain}`,
      `set trustDomainBundle to the output of \`spire-server bundle show -format spiffe\` on the ${trustDomain} server, or set bundleLoadedOutOfBand: true and load it with \`spire-server bundle set -format spiffe -id spiffe://${trustDomain}\` before applying registrations`);
  }
  return 'out-of-band';
}
