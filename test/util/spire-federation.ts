// The running system's rule for federated registrations: SPIRE creates an
// entry that federates with a trust domain only when it holds that trust
// domain's bundle (spire pkg/server/api/entry: "unable to find federated
// bundle"), and the controller manager gets a foreign bundle into SPIRE only
// from a ClusterFederatedTrustDomain of its class: with https_spiffe, SPIRE
// can fetch it only once it has a first copy to authenticate the endpoint with
// ("local copy of bundle not found"), from spec.trustDomainBundle or loaded by
// the operator (our out-of-band annotation); https_web needs none.
import { BUNDLE_LOADED_OUT_OF_BAND_ANNOTATION as OUT_OF_BAND } from '../../src/registration/bundle-bootstrap-annotation';
import { spiffeBundleProblem } from '../../src/spiffe/spiffe-bundle';


export interface Controller {
  readonly className: string;
  readonly watchClassless: boolean;
}

const reconciledBy = (obj: any, controller: Controller) =>
  obj.spec?.className === controller.className || (controller.watchClassless && !obj.spec?.className);

/** Trust domains whose bundle SPIRE will hold, given the objects applied. */
export function heldBundles(objects: any[], controller: Controller): Set<string> {
  const held = new Set<string>();
  for (const obj of objects) {
    if (obj.kind !== 'ClusterFederatedTrustDomain' || !reconciledBy(obj, controller)) continue;
    const { trustDomain, bundleEndpointProfile, trustDomainBundle } = obj.spec;
    const bootstrapped = bundleEndpointProfile?.type === 'https_web'
      || (typeof trustDomainBundle === 'string' && !spiffeBundleProblem(trustDomainBundle, { trustDomain, requireX509Authority: true }))
      || obj.metadata?.annotations?.[OUT_OF_BAND] === 'true';
    if (bootstrapped) held.add(trustDomain);
  }
  return held;
}

/** Registrations SPIRE would refuse entries for, with the trust domain it lacks. */
export function refusedFederations(objects: any[], controller: Controller): string[] {
  const held = heldBundles(objects, controller);
  return objects
    .filter(obj => ['ClusterSPIFFEID', 'ClusterStaticEntry'].includes(obj.kind) && reconciledBy(obj, controller))
    .flatMap(obj => (obj.spec.federatesWith ?? []).filter((td: string) => !held.has(td))
      .map((td: string) => `${obj.kind}/${obj.metadata.name}: unable to find federated bundle "spiffe://${td}"`));
}
