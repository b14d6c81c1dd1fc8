import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_SPIFFE_ID_KIND } from '../crds/names';
import { checkEach, propertyError } from '../errors';
import { dnsNameTemplateProblem, selectorTemplateProblem, spiffeIdTemplateProblem } from '../spiffe/template';
import type { ISpire } from '../spire-ref';
import type { LabelSelector } from './label-selector';
import {
  checkFederatesWith, checkHint, checkSelector, entryTtl, registrationClassName, selectsEverything,
} from './registration-checks';
import { CheckedRegistration, checkIntoSpec, registrationObjectProps } from './registration-object';

/** Properties of a ClusterSpiffeId. */
export interface ClusterSpiffeIdProps {
  /**
   * The SPIRE installation that serves this identity. Linking stamps its
   * controller's className and checks the template's trust domain and the TTLs
   * against it.
   * @default - not linked: set className yourself (or run a controller that watches classless resources)
   */
  readonly spire?: ISpire;
  /**
   * Go text/template for the SPIFFE ID of each selected pod. Data available:
   * `.TrustDomain`, `.ClusterName`, `.ClusterDomain`, `.PodMeta`, `.PodSpec`,
   * `.NodeMeta`, `.NodeSpec`; functions: Go's built-ins only (no sprig).
   * Istio expects `spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`.
   */
  readonly spiffeIdTemplate: string;
  /**
   * Pods to register, by label.
   * @default - every pod of the selected namespaces
   */
  readonly podSelector?: LabelSelector;
  /**
   * Namespaces whose pods to register, by label (`kubernetes.io/metadata.name`
   * carries the namespace name).
   * @default - every namespace the controller manager does not ignore
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Templates of extra SPIRE selectors (`type:value`, e.g. `k8s:ns:{{ .PodMeta.Namespace }}`)
   * a workload must match to receive this ID; each entry also gets `k8s:pod-uid`.
   * @default - none
   */
  readonly workloadSelectorTemplates?: string[];
  /**
   * Templates of extra DNS names for the X.509 SVIDs.
   * @default - none
   */
  readonly dnsNameTemplates?: string[];
  /**
   * Trust domains whose bundles the workloads also receive.
   * @default - none
   */
  readonly federatesWith?: string[];
  /**
   * Upper bound of the X.509 SVID lifetime.
   * @default - the server's x509SvidTtl
   */
  readonly ttl?: Duration;
  /**
   * Upper bound of the JWT SVID lifetime.
   * @default - the server's jwtSvidTtl
   */
  readonly jwtTtl?: Duration;
  /**
   * Let the SVID call SPIRE's admin APIs.
   * @default false
   */
  readonly admin?: boolean;
  /**
   * The entry describes a downstream SPIRE server.
   * @default false
   */
  readonly downstream?: boolean;
  /**
   * Add the DNS names of Services that select the pod.
   * @default false
   */
  readonly autoPopulateDnsNames?: boolean;
  /**
   * Controller class that reconciles this resource.
   * @default - the linked Spire's className; none when not linked
   */
  readonly className?: string;
  /**
   * Apply only to pods that no other (non-fallback) ClusterSPIFFEID matches:
   * a catch-all default identity.
   * @default false
   */
  readonly fallback?: boolean;
  /**
   * Entry hint that helps a workload pick among several SVIDs (at most 1024 characters). The
   * controller manager sets it on every pod entry it declares (since 0.6.0: `renderPodEntry`
   * copies spec.hint; the image deployed here is 0.7.0); older controller managers drop it.
   * Can change after the first apply: the controller updates the existing entries in place
   * (`getOutdatedEntryFields` compares the hint), so the pods keep their SPIFFE IDs and only
   * the hint the Workload API returns beside each SVID changes.
   * @default - none
   */
  readonly hint?: string;
  /**
   * Confirm that, with neither podSelector nor namespaceSelector and no
   * fallback, this ID is meant for every pod in every namespace that the
   * controller manager does not ignore. Without it that is an error: such an
   * entry also suppresses every fallback ID.
   * @default false
   */
  readonly allowAllPods?: boolean;
  /**
   * Object metadata (name, labels, annotations).
   * @default - a name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A ClusterSPIFFEID: the controller manager registers every pod it selects
 * under the SPIFFE ID its template renders. Validated at synth: template
 * syntax and data, SPIFFE ID shape and trust domain, selectors, DNS names,
 * federated trust domains, TTLs against the CA, className. The construct is
 * the ClusterSPIFFEID object itself (`addJsonPatch`, `metadata`, `name`).
 */
export class ClusterSpiffeId extends ApiObject {
  /** The className it carries, if any. */
  public readonly className?: string;

  constructor(scope: Construct, id: string, props: ClusterSpiffeIdProps) {
    const spec: Record<string, unknown> = {};
    super(scope, id, registrationObjectProps(scope, id, CLUSTER_SPIFFE_ID_KIND, props.metadata, spec));
    const checked = checkIntoSpec(this, spec, () => clusterSpiffeIdSpec(this, props));
    this.className = checked.className;
  }

  /**
   * The ClusterSPIFFEID object: the construct itself.
   * @deprecated use the construct, which is the ApiObject
   */
  public get apiObject(): ApiObject {
    return this;
  }
}

function clusterSpiffeIdSpec(scope: ClusterSpiffeId, props: ClusterSpiffeIdProps): CheckedRegistration {
  const spire = props.spire;
  const templateProblem = spiffeIdTemplateProblem(props.spiffeIdTemplate, { trustDomain: spire?.trustDomain });
  if (templateProblem) {
    throw propertyError(scope, 'spiffeIdTemplate', props.spiffeIdTemplate, templateProblem,
      'correct the template as described; the usual one is "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"');
  }
  checkSelector(scope, 'podSelector', props.podSelector);
  checkSelector(scope, 'namespaceSelector', props.namespaceSelector);
  if (selectsEverything(props.podSelector) && selectsEverything(props.namespaceSelector) && !props.fallback && !props.allowAllPods) {
    throw propertyError(scope, 'podSelector', props.podSelector,
      'and namespaceSelector are both empty, so this ID would be issued to every pod in every non-ignored namespace and shadow every fallback ID',
      'add a podSelector and/or namespaceSelector, set fallback: true for a catch-all default, or allowAllPods: true if every pod is really meant');
  }
  checkEach(scope, 'workloadSelectorTemplates', props.workloadSelectorTemplates, selectorTemplateProblem,
    'correct the template as described, e.g. "k8s:ns:{{ .PodMeta.Namespace }}"');
  checkEach(scope, 'dnsNameTemplates', props.dnsNameTemplates, dnsNameTemplateProblem,
    'correct the template as described, e.g. "{{ .PodMeta.Name }}.example.org"');
  checkFederatesWith(scope, spire, props.federatesWith);
  checkHint(scope, props.hint);
  const ttl = entryTtl(scope, 'ttl', props.ttl, spire);
  const jwtTtl = entryTtl(scope, 'jwtTtl', props.jwtTtl, spire);
  const className = registrationClassName(scope, spire, props.className, props.metadata);
  return {
    className,
    spec: {
      className,
      spiffeIDTemplate: props.spiffeIdTemplate,
      podSelector: props.podSelector,
      namespaceSelector: props.namespaceSelector,
      workloadSelectorTemplates: props.workloadSelectorTemplates,
      dnsNameTemplates: props.dnsNameTemplates,
      federatesWith: props.federatesWith,
      ttl,
      jwtTtl,
      admin: props.admin,
      downstream: props.downstream,
      autoPopulateDNSNames: props.autoPopulateDnsNames,
      fallback: props.fallback,
      hint: props.hint,
    },
  };
}
