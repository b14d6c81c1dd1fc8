/* eslint-disable import/no-extraneous-dependencies -- @pulumi/* are deliberately undeclared runtime requirements of the ./pulumi subpath (jsii cannot declare them; dependencies.ts explains a missing one) */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { buildSpireMeshManifests, type ManifestObject } from './manifests';
import type { SpireMeshArgs } from './spire-mesh-args';

/** Pulumi type token of {@link SpireMesh}. */
export const SPIRE_MESH_TYPE = 'cdk8s-spire:index:SpireMesh';

/**
 * SPIRE on Kubernetes as one Pulumi component: the same objects `cdk8s synth`
 * writes for the cdk8s constructs (`SpireCrds`, `Spire`, `ClusterSpiffeId`),
 * deployed in dependency order by the Kubernetes provider, which waits for
 * each object to be ready.
 *
 * Stages (each waits for the one before):
 * 1. the three CRDs, one resource each (`<name>-<crd name>`);
 * 2. the Namespaces (ConfigGroup `<name>-namespaces`), then the ConfigMaps the
 *    SPIRE pods mount (ConfigGroup `<name>-config`, each named after a hash of
 *    its content), then, side by side, the rest of SPIRE (ConfigGroup
 *    `<name>-spire`) and the server StatefulSet (`<name>-server`);
 * 3. the registrations (ConfigGroup `<name>-registrations`), once the server
 *    StatefulSet is Ready, because the controller manager's admission webhook
 *    runs in the server pod.
 *
 * A config change (a log level, a TTL) is therefore a new ConfigMap, created
 * before the workloads that mount it roll onto it; the old one is deleted at
 * the end of the update. No ConfigMap is ever replaced in place (the
 * provider's replacement of a named ConfigMap deletes it before creating
 * it), and the SPIRE-written bundle ConfigMap is never touched.
 *
 * Every child is prefixed with the component's name, so several meshes fit in
 * one program, and inherits its provider. The child names are part of each
 * URN: renaming the component replaces everything (or, for protected objects,
 * fails).
 *
 * @example
 * const mesh = new SpireMesh('spire', { trustDomain: 'example.org', clusterName: 'demo-cluster' }, { provider });
 */
export class SpireMesh extends pulumi.ComponentResource {
  /** The trust domain every issued SPIFFE ID belongs to. */
  public readonly trustDomain: pulumi.Output<string>;
  /** Namespace of the SPIRE server and controller manager. */
  public readonly serverNamespace: pulumi.Output<string>;
  /**
   * Values for the istiod Helm chart (`k8s.helm.v3.Release` of `istiod`, with
   * `dependsOn: [mesh]`); undefined without `istio`.
   */
  public readonly istiodHelmValues: pulumi.Output<any>;
  /** Values for the Istio gateway Helm chart, by gateway name; undefined without `istio`. */
  public readonly gatewayHelmValues: pulumi.Output<any>;
  /** The IstioOperator for `istioctl install -f`, as a plain object; undefined without `istio`. */
  public readonly istioOperator: pulumi.Output<any>;

  /** Stage 1: the spire.spiffe.io CustomResourceDefinitions (escape hatch). */
  public readonly crds: k8s.apiextensions.v1.CustomResourceDefinition[];
  /** Stage 2: the Namespaces; an empty group with `createNamespaces: false` (escape hatch). */
  public readonly namespaces: k8s.yaml.v2.ConfigGroup;
  /**
   * Stage 2: the ConfigMaps the SPIRE pods mount, named `<name>-<content
   * hash>`; the workloads wait for them (escape hatch).
   */
  public readonly configMaps: k8s.yaml.v2.ConfigGroup;
  /** Stage 2: every SPIRE object except the Namespaces, mounted ConfigMaps and the server StatefulSet (escape hatch). */
  public readonly spire: k8s.yaml.v2.ConfigGroup;
  /** Stage 2: the SPIRE server StatefulSet, whose volume holds the datastore (escape hatch). */
  public readonly serverStatefulSet: k8s.apps.v1.StatefulSet;
  /** Stage 3: the ClusterSPIFFEIDs of `registrations`; empty when there are none (escape hatch). */
  public readonly registrations: k8s.yaml.v2.ConfigGroup;

  /**
   * @param name unique name of the component; prefixes every child's name
   * @param args SPIRE options, registrations and data protection
   * @param opts component options; a `provider` reaches every child
   */
  constructor(name: string, args: SpireMeshArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before super(): a bad argument throws before anything is registered.
    const manifests = buildSpireMeshManifests(args);
    super(SPIRE_MESH_TYPE, name, {}, opts);

    // Protection goes on exactly the objects that hold data, which is why they
    // are typed resources rather than members of a ConfigGroup: their options
    // then sit on the Kubernetes object's own resource (visible to the engine,
    // and under mocks), instead of on a group whose provider-side children may
    // or may not inherit retainOnDelete. Typed resources also give the escape
    // hatch typed outputs (status). When off, nothing is set, so the
    // component's own protect/retainOnDelete still reach them.
    const protection: pulumi.CustomResourceOptions = (args.protectData ?? true) ? { protect: true, retainOnDelete: true } : {};

    this.crds = manifests.crds.map(crd => new k8s.apiextensions.v1.CustomResourceDefinition(
      `${name}-${crd.metadata.name}`,
      typedArgs<k8s.apiextensions.v1.CustomResourceDefinitionArgs>(crd, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      { parent: this, ...protection }));

    // The Namespaces get their own group because the StatefulSet must not wait
    // for the SPIRE group: the provider awaits that group's Services until
    // they have ready endpoints, i.e. until the server pod runs, and the
    // agent DaemonSet until agents attest to that server. Waiting for them
    // would deadlock; the StatefulSet only needs its namespace.
    this.namespaces = new k8s.yaml.v2.ConfigGroup(`${name}-namespaces`, { objs: manifests.namespaces },
      { parent: this, dependsOn: this.crds });
    const afterNamespaces = [...this.crds, this.namespaces];
    // The workloads wait for the ConfigMaps they mount, so a changed config
    // exists (under its new name) before any pod rolls onto it. Depending on a
    // ConfigGroup waits for all its children: the Node SDK passes a remote
    // component itself as the dependency, and a remote component completes
    // only after its children (@pulumi/pulumi runtime/dependsOn.ts,
    // getAllTransitivelyReferencedResources). ConfigMaps are ready once
    // created, so this cannot deadlock.
    this.configMaps = new k8s.yaml.v2.ConfigGroup(`${name}-config`, { objs: manifests.configMaps },
      { parent: this, dependsOn: afterNamespaces });
    const afterConfig = [...afterNamespaces, this.configMaps];
    this.spire = new k8s.yaml.v2.ConfigGroup(`${name}-spire`, { objs: manifests.spire },
      { parent: this, dependsOn: afterConfig });
    this.serverStatefulSet = new k8s.apps.v1.StatefulSet(`${name}-server`,
      typedArgs<k8s.apps.v1.StatefulSetArgs>(manifests.serverStatefulSet, 'apps/v1', 'StatefulSet'),
      { parent: this, dependsOn: afterConfig, ...protection });

    // The provider awaits StatefulSet readiness, so registrations reach the
    // webhook only once the server pod serves it.
    this.registrations = new k8s.yaml.v2.ConfigGroup(`${name}-registrations`, { objs: manifests.registrations },
      { parent: this, dependsOn: [this.spire, this.serverStatefulSet] });

    // Every output is set and registered here.
    this.trustDomain = pulumi.output(manifests.trustDomain);
    this.serverNamespace = pulumi.output(manifests.serverNamespace);
    this.istiodHelmValues = pulumi.output(manifests.istio?.istiodHelmValues);
    this.gatewayHelmValues = pulumi.output(manifests.istio?.gatewayHelmValues);
    this.istioOperator = pulumi.output(manifests.istio?.istioOperator);
    this.registerOutputs({
      trustDomain: this.trustDomain,
      serverNamespace: this.serverNamespace,
      istiodHelmValues: this.istiodHelmValues,
      gatewayHelmValues: this.gatewayHelmValues,
      istioOperator: this.istioOperator,
    });
  }
}

/**
 * The args of a typed resource for a synthesized object. Typed resources fix
 * apiVersion and kind and take only metadata and spec, so anything else would
 * be dropped silently: refuse it instead.
 */
function typedArgs<T>(o: ManifestObject, apiVersion: string, kind: string): T {
  const extra = Object.keys(o).filter(key => !['apiVersion', 'kind', 'metadata', 'spec'].includes(key));
  if (o.apiVersion !== apiVersion || o.kind !== kind || extra.length > 0) {
    throw new Error(`SpireMesh: expected a ${apiVersion} ${kind} with only metadata and spec, got ${o.apiVersion} ${o.kind} `
      + `${o.metadata.name}${extra.length > 0 ? ` with ${extra.join(', ')}` : ''}; this is a bug in cdk8s-spire.`);
  }
  return { metadata: o.metadata, spec: o.spec } as T;
}
