import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { ExternalFederationPeer, FederateWithOptions, SpireFederation } from './federation-options';
import { serverSpiffeId, type ResolvedBundleEndpoint } from './resolve-bundle-endpoint';
import { propertyError } from '../errors';
import { BundleEndpointProfile } from '../registration/bundle-endpoint-profile';
import { ClusterFederatedTrustDomain } from '../registration/cluster-federated-trust-domain';
import type { ISpire } from '../spire-ref';

/** What federation needs to know about a Spire of this program. */
export interface FederatingSpire extends ISpire {
  /** @internal */
  readonly _bundleEndpoint?: ResolvedBundleEndpoint;
}

/** The Kubernetes name of a ClusterFederatedTrustDomain for `trustDomain` (underscores are not allowed in names). */
export function federationObjectName(trustDomain: string): string {
  return trustDomain.replace(/_/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 253) || 'federated-trust-domain';
}

/** The profile a partner uses to authenticate `spire`'s bundle endpoint. */
export function profileOf(spire: FederatingSpire): BundleEndpointProfile {
  return spire._bundleEndpoint?.profile === 'https_web'
    ? BundleEndpointProfile.httpsWeb()
    : BundleEndpointProfile.httpsSpiffe(serverSpiffeId(spire.trustDomain));
}

/**
 * Emits a ClusterFederatedTrustDomain on each side, each made from the
 * other Spire's derived trust domain, bundle endpoint URL and endpoint ID.
 */
export function federateSpires(self: FederatingSpire, peer: FederatingSpire, options: FederateWithOptions): SpireFederation {
  if (peer === self || peer.trustDomain === self.trustDomain) {
    throw propertyError(self, 'federateWith peer', peer.node.path,
      `has this Spire's own trust domain "${self.trustDomain}" (federation relates two different trust domains)`, 'federate with a Spire of another trust domain');
  }
  checkScope(self, 'federateWith scope', options.scope, self);
  checkScope(self, 'federateWith peerScope', options.peerScope, peer);
  for (const [side, other] of [[self, peer], [peer, self]] as const) {
    const endpoint = side._bundleEndpoint;
    if (!endpoint) {
      throw propertyError(self, 'federateWith peer', peer.node.path,
        `cannot federate: ${side.node.path} (trust domain ${side.trustDomain}) has no bundle endpoint, so ${other.trustDomain} could never fetch its bundle`,
        `set bundleEndpoint on ${side.node.path}, e.g. { exposure: BundleEndpointExposure.loadBalancer({ publicAddress: "spire-bundle.${side.trustDomain}" }) }`);
    }
    if (endpoint.exposure.kind === 'cluster-internal' && side.clusterName !== other.clusterName) {
      throw propertyError(self, 'federateWith peer', peer.node.path,
        `cannot federate: the bundle endpoint of ${side.node.path} is only exposed inside cluster "${side.clusterName}" (${endpoint.url}), which ${other.trustDomain} in cluster "${other.clusterName}" cannot reach`,
        `set bundleEndpoint.exposure on ${side.node.path} to a LoadBalancer, NodePort, Ingress or TLSRoute with its public address`);
    }
  }
  const missing: string[] = [];
  if (needsBootstrap(peer) && options.peerBundle === undefined) missing.push(`${peer.trustDomain}'s bundle on the ${self.trustDomain} side (peerBundle)`);
  if (needsBootstrap(self) && options.bundle === undefined) missing.push(`${self.trustDomain}'s bundle on the ${peer.trustDomain} side (bundle)`);
  if (missing.length > 0 && !options.bundlesLoadedOutOfBand) {
    throw propertyError(self, 'federateWith bundlesLoadedOutOfBand', options.bundlesLoadedOutOfBand,
      `is not set, but nothing bootstraps ${missing.join(' and ')}: an https_spiffe endpoint is authenticated with the very bundle it serves, so SPIRE could never fetch it and would refuse every entry that federates with it`,
      'pass the bundles (spire-server bundle show -format spiffe on each side) as peerBundle and bundle, or set bundlesLoadedOutOfBand: true and run spire-server bundle set on each side before anything federates');
  }
  return {
    onThisSide: trustDomainFor(options.scope, self, peer, options.peerBundle, options.bundlesLoadedOutOfBand),
    onPeerSide: trustDomainFor(options.peerScope, peer, self, options.bundle, options.bundlesLoadedOutOfBand),
  };
}

/** Emits the ClusterFederatedTrustDomain for a partner outside this program. */
export function federateExternal(self: FederatingSpire, peer: ExternalFederationPeer): ClusterFederatedTrustDomain {
  checkScope(self, 'federateWithExternal scope', peer.scope, self);
  const profile = peer.bundleEndpointProfile ?? BundleEndpointProfile.httpsSpiffe(serverSpiffeId(peer.trustDomain));
  return newTrustDomain(peer.scope, self, {
    trustDomain: peer.trustDomain,
    bundleEndpointUrl: peer.bundleEndpointUrl,
    profile,
    bundle: peer.trustDomainBundle,
    outOfBand: peer.bundleLoadedOutOfBand,
    name: peer.metadata?.name,
    metadata: peer.metadata,
  });
}

function needsBootstrap(spire: FederatingSpire): boolean {
  return spire._bundleEndpoint?.profile !== 'https_web';
}

function trustDomainFor(
  scope: Construct, local: FederatingSpire, remote: FederatingSpire, bundle: string | undefined, outOfBand: boolean | undefined,
): ClusterFederatedTrustDomain {
  return newTrustDomain(scope, local, {
    trustDomain: remote.trustDomain,
    bundleEndpointUrl: remote._bundleEndpoint!.url,
    profile: profileOf(remote),
    bundle,
    outOfBand: bundle === undefined && needsBootstrap(remote) ? outOfBand : undefined,
  });
}

interface TrustDomainInputs {
  readonly trustDomain: string;
  readonly bundleEndpointUrl: string;
  readonly profile: BundleEndpointProfile;
  readonly bundle?: string;
  readonly outOfBand?: boolean;
  readonly name?: string;
  readonly metadata?: ExternalFederationPeer['metadata'];
}

function newTrustDomain(scope: Construct, spire: FederatingSpire, inputs: TrustDomainInputs): ClusterFederatedTrustDomain {
  const name = inputs.name ?? federationObjectName(inputs.trustDomain);
  return new ClusterFederatedTrustDomain(scope, `Federation-${inputs.trustDomain}`, {
    spire,
    trustDomain: inputs.trustDomain,
    bundleEndpointUrl: inputs.bundleEndpointUrl,
    bundleEndpointProfile: inputs.profile,
    trustDomainBundle: inputs.bundle,
    bundleLoadedOutOfBand: inputs.outOfBand || undefined,
    metadata: { ...inputs.metadata, name },
  });
}

/**
 * The scope must belong to the Spire's app (each app is one cluster's
 * manifests) and not to the Spire's own chart: a ClusterFederatedTrustDomain
 * applied with the server would meet the controller manager's webhook before
 * it serves.
 */
function checkScope(self: IConstruct, property: string, scope: Construct, spire: IConstruct): void {
  if (scope.node.root !== spire.node.root) {
    throw propertyError(self, property, scope.node.path,
      `belongs to another app than ${spire.node.path}, so its ClusterFederatedTrustDomain would be applied to the wrong cluster`,
      `pass a chart of the app that holds ${spire.node.path}`);
  }
  const chart = Chart.of(scope);
  if (chart === Chart.of(spire)) {
    throw propertyError(self, property, scope.node.path,
      `is in the chart of ${spire.node.path}, whose controller-manager webhook does not serve yet when that chart is applied (the ClusterFederatedTrustDomain would be refused)`,
      'pass the chart of registrations that is applied once the server is Ready');
  }
}
