import { App, Chart } from 'cdk8s';
import { nameConfigMapsByContent } from './content-named-config-maps';
import type { SpireMeshArgs } from './spire-mesh-args';
import { ClusterFederatedTrustDomain, ClusterSpiffeId, IstioIntegration, Spire, SpireCrds } from 'cdk8s-spire';

// No @pulumi import here: this is the engine-free half of SpireMesh
// (pulumi-eks style), tested without the SDK.

/** A Kubernetes object as plain JSON, exactly as cdk8s synthesizes it. */
export interface ManifestObject {
  /** API group and version, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `StatefulSet`. */
  readonly kind: string;
  /** Object metadata; cdk8s always sets a name. */
  readonly metadata: {
    /** Object name. */
    readonly name: string;
    /** Namespace of a namespaced object. */
    readonly namespace?: string;
    /** Labels, annotations and the rest. */
    readonly [key: string]: unknown;
  };
  /** spec, data, rules and the like. */
  readonly [key: string]: unknown;
}

/**
 * The objects SpireMesh deploys, per deployment stage, as plain JSON. Their
 * union is what `cdk8s synth` writes for the quick-start layout with the same
 * options, except that the ConfigMaps the pods mount carry a content hash in
 * their names (and the pods refer to those names).
 */
export interface SpireMeshManifests {
  /** The three spire.spiffe.io CustomResourceDefinitions (protected by default). */
  readonly crds: ManifestObject[];
  /** The server and system Namespaces; empty with `createNamespaces: false`. */
  readonly namespaces: ManifestObject[];
  /**
   * The ConfigMaps the SPIRE pods mount (server, controller manager, agent),
   * each named `<name>-<hash of its data>`: a config change creates a new
   * ConfigMap instead of replacing one (see nameConfigMapsByContent). The
   * bundle ConfigMap, which SPIRE writes, is not among them.
   */
  readonly configMaps: ManifestObject[];
  /**
   * Every other object of the SPIRE installation except the server
   * StatefulSet, with pod templates referring to the `configMaps` names.
   */
  readonly spire: ManifestObject[];
  /**
   * The SPIRE server StatefulSet, whose volume holds the datastore (protected
   * by default), referring to the `configMaps` names.
   */
  readonly serverStatefulSet: ManifestObject;
  /**
   * The ClusterSPIFFEIDs of `registrations` (in the order given), then the
   * ClusterFederatedTrustDomains, then the Istio integration's ClusterSPIFFEIDs.
   */
  readonly registrations: ManifestObject[];
  /** The Istio side, when `istio` is set. */
  readonly istio?: SpireMeshIstioOutputs;
  /** The trust domain every issued SPIFFE ID belongs to. */
  readonly trustDomain: string;
  /** Namespace of the server and controller manager. */
  readonly serverNamespace: string;
}

/** What a program needs to install Istio on top of the mesh. */
export interface SpireMeshIstioOutputs {
  /** Values for the istiod Helm chart. */
  readonly istiodHelmValues: Record<string, unknown>;
  /** Values for the gateway Helm chart, by gateway name. */
  readonly gatewayHelmValues: Record<string, Record<string, unknown>>;
  /** The IstioOperator for `istioctl install -f`. */
  readonly istioOperator: Record<string, unknown>;
}

/**
 * Chart and construct ids: the quick start's (examples/quickstart), so object
 * names derived from construct paths (registrations without metadata.name)
 * are the ones `cdk8s synth` of that app produces. Changing them renames
 * objects.
 */
const IDS = { crdsChart: 'spire-crds', crds: 'crds', spireChart: 'spire', spire: 'spire', identitiesChart: 'spire-identities', istio: 'istio' } as const;

/**
 * Builds and validates everything a SpireMesh deploys, without the Pulumi
 * engine: the cdk8s constructs (`SpireCrds`, `Spire`, one `ClusterSpiffeId`
 * per registration, linked to that Spire) in an in-memory App, split into the
 * deployment stages.
 *
 * Throws the constructs' validation errors (e.g. a trust domain that is not
 * lowercase), and SpireMesh's own: duplicate registration ids, and two
 * objects with the same kind, namespace and name.
 */
export function buildSpireMeshManifests(args: SpireMeshArgs): SpireMeshManifests {
  // Only the Spire options reach Spire, whatever SpireMeshArgs adds later.
  const { registrations = [], federatedTrustDomains = [], istio: istioArgs, protectData: _protectData, ...spireProps } = args;
  checkIds([
    ...registrations.map((r, index) => ({ id: r.id, where: `registrations[${index}]` })),
    ...federatedTrustDomains.map((f, index) => ({ id: f.id, where: `federatedTrustDomains[${index}]` })),
    ...(istioArgs ? [{ id: IDS.istio, where: 'istio (the integration\'s own id)' }] : []),
  ]);

  const app = new App();
  const crdsChart = new Chart(app, IDS.crdsChart);
  new SpireCrds(crdsChart, IDS.crds);
  const spireChart = new Chart(app, IDS.spireChart);
  const spire = new Spire(spireChart, IDS.spire, spireProps);
  // No chart dependencies: they only order cdk8s's output files (Pulumi's
  // dependsOn orders the stages), and identities -> spire would make cdk8s
  // link every registration to every SPIRE object.
  const identitiesChart = new Chart(app, IDS.identitiesChart);
  for (const { id, ...props } of registrations) {
    new ClusterSpiffeId(identitiesChart, id, { ...props, spire });
  }
  for (const { id, ...props } of federatedTrustDomains) {
    new ClusterFederatedTrustDomain(identitiesChart, id, { ...props, spire });
  }
  const istio = istioArgs && new IstioIntegration(identitiesChart, IDS.istio, { ...istioArgs, spire });

  // toJson() runs the app's validations too, so deferred checks also throw here.
  const crds = synth(crdsChart);
  const spireObjects = synth(spireChart);
  const registrationObjects = synth(identitiesChart);

  const sts = spire.serverStatefulSet;
  const isServerStatefulSet = (o: ManifestObject): boolean => o.apiVersion === sts.apiVersion && o.kind === sts.kind
    && o.metadata.name === sts.name && o.metadata.namespace === sts.metadata.namespace;
  const isNamespace = (o: ManifestObject): boolean => o.apiVersion === 'v1' && o.kind === 'Namespace';
  const serverStatefulSet = spireObjects.find(isServerStatefulSet);
  if (!serverStatefulSet) throw new Error(`SpireMesh: the SPIRE chart has no server StatefulSet ${sts.metadata.namespace}/${sts.name}; this is a bug in cdk8s-spire.`);

  checkUniqueObjects([...crds, ...spireObjects, ...registrationObjects]);
  // SPIRE writes the bundle ConfigMap at run time under this name: never renamed.
  const bundle = spire._wiring.bundle;
  const { configMaps, others } = nameConfigMapsByContent(spireObjects.filter(o => !isNamespace(o)), new Set([`${bundle.namespace}/${bundle.configMap}`]));
  return {
    crds,
    namespaces: spireObjects.filter(isNamespace),
    configMaps,
    spire: others.filter(o => !isServerStatefulSet(o)),
    serverStatefulSet: others.find(isServerStatefulSet)!,
    registrations: registrationObjects,
    istio: istio && {
      istiodHelmValues: istio.istiodHelmValues(),
      gatewayHelmValues: Object.fromEntries(istio.gatewayNames.map(name => [name, istio.gatewayHelmValues(name)])),
      istioOperator: istio.istioOperator(),
    },
    trustDomain: spire.trustDomain,
    serverNamespace: spire.serverNamespace,
  };
}

function synth(chart: Chart): ManifestObject[] {
  return chart.toJson() as ManifestObject[];
}

/** Construct ids share one chart, so they must be unique across registrations, federations and the integration. */
function checkIds(entries: ReadonlyArray<{ readonly id: string; readonly where: string }>): void {
  const first = new Map<string, string>();
  for (const { id, where } of entries) {
    const previous = first.get(id);
    if (previous !== undefined) {
      throw new Error(`SpireMesh: ${where}.id ${JSON.stringify(id)} is already used by ${previous}; `
        + 'ids are construct ids in one chart (and the default Kubernetes names derive from them). '
        + 'Fix: give every registration and federated trust domain a distinct id.');
    }
    first.set(id, where);
  }
}

// Pulumi names each object of a ConfigGroup after its kind, namespace and name,
// so a duplicate would fail only at `pulumi up`; kubectl would silently merge it.
function checkUniqueObjects(objects: readonly ManifestObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const key = `${o.kind}.${group} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (seen.has(key)) {
      throw new Error(`SpireMesh: two objects are ${key}. Fix: give each registration its own metadata.name.`);
    }
    seen.add(key);
  }
}
