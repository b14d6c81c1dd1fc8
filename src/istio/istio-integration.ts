import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ISTIO_SOCKET_FILE, SDS_DEFAULTS } from '../components/agent/resolve-agent-options';
import { propertyError, propertyMessage } from '../errors';
import type { Spire } from '../spire';
import {
  DEFAULT_ISTIO_NAMESPACE, ISTIO_ID_TEMPLATE, SOCKET_FILE_ENV, SPIRE_IDENTITY_LABEL, TEMPLATES_ANNOTATION, WORKLOAD_SOCKET_VOLUME,
} from './constants';
import { gatewayTemplate, sidecarTemplate, waitForSocketContainer, workloadSocketMount, workloadSocketVolume, type TemplateModel } from './injection-templates';
import { IstioGateway } from './istio-gateway';
import type { IstioIntegrationProps } from './istio-integration-props';
import type { IstioOperatorOptions, SailIstioOptions } from './istio-operator-options';
import { atLeast, DEFAULT_ISTIO, honoursSocketFileOverride, MIN_ISTIO, parseIstioVersion, type IstioVersion } from './istio-version';
import { MeshEnrollment } from './mesh-enrollment';
import { NativeSidecarMode } from './native-sidecar-mode';
import { SocketReadiness } from './socket-readiness';
import { ClusterSpiffeId } from '../registration/cluster-spiffe-id';
import { federationGaps, FOREIGN_TRUST_DOMAIN_FIX } from '../registration/registration-checks';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from '../spiffe/k8s-names';
import { trustDomainProblem } from '../spiffe/trust-domain';
import { podTemplatesIn, type PodTemplateRef } from '../workload/pod-templates';
import { workloadTarget } from '../workload/workload-target';

const ISTIOCTL_PROFILES = ['default', 'demo', 'minimal', 'empty', 'preview', 'remote', 'stable', 'openshift'];
const SAIL_PROFILES = ['default', 'demo', 'empty', 'preview', 'remote', 'stable', 'openshift'];
const AMBIENT_PROFILES = ['ambient', 'openshift-ambient'];

/**
 * Makes SPIRE the identity provider of an Istio mesh.
 *
 * Registers identities for sidecars and gateways (ClusterSPIFFEIDs stamped with
 * the Spire's className, in this construct's chart), and produces the Istio
 * side for any installer: an IstioOperator for `istioctl install -f`, values
 * for the istiod and gateway Helm charts, or a Sail Operator `Istio`. Every
 * path, driver name, template name and trust domain in them is taken from the
 * Spire, so the two sides cannot disagree.
 */
export class IstioIntegration extends Construct {
  /** The mesh trust domain (the Spire's). */
  public readonly trustDomain: string;
  /** The Istio release the outputs are made for. */
  public readonly istioVersion: string;
  /** Namespace of istiod. */
  public readonly istioNamespace: string;
  /** Name of the sidecar injection template. */
  public readonly templateName: string;
  /** Name of the gateway injection template. */
  public readonly gatewayTemplateName: string;
  /** Where the sidecar template patches istio-proxy. */
  public readonly nativeSidecars: NativeSidecarMode;
  /** What proxies do when the agent's socket is missing. */
  public readonly socketReadiness: SocketReadiness;
  /** Which injected pods get SPIRE identities. */
  public readonly enrollment: MeshEnrollment;
  /** The ClusterSPIFFEID of sidecar pods. */
  public readonly sidecarIdentity: ClusterSpiffeId;
  /** One ClusterSPIFFEID per gateway. */
  public readonly gatewayIdentities: ClusterSpiffeId[];
  /** Names of the ingress and egress gateways, as `gatewayHelmValues` takes them. */
  public readonly gatewayNames: string[];

  private readonly spire: Spire;
  private readonly version: IstioVersion;
  private readonly profile: string;
  private readonly gateways: IstioGateway[];
  private readonly holdApplication: boolean;
  private readonly model: TemplateModel;

  constructor(scope: Construct, id: string, props: IstioIntegrationProps) {
    super(scope, id);
    const spire = props.spire;
    this.spire = spire;

    this.version = this.parseVersion(props.istioVersion ?? DEFAULT_ISTIO);
    this.istioVersion = this.version.text;
    this.profile = this.checkProfile(props.profile ?? 'default');
    this.trustDomain = this.checkTrustDomain(props.trustDomain);
    this.istioNamespace = this.checkNamespace('istioNamespace', props.istioNamespace ?? DEFAULT_ISTIO_NAMESPACE);
    this.templateName = this.checkTemplateName(props.templateName ?? 'spire');
    this.gatewayTemplateName = `${this.templateName}-gateway`;
    this.nativeSidecars = props.nativeSidecars
      ?? (atLeast(this.version, '1.28.0') ? NativeSidecarMode.AUTO : NativeSidecarMode.DISABLED);
    this.socketReadiness = this.checkSocketReadiness(props.socketReadiness);
    this.enrollment = props.enrollment ?? MeshEnrollment.ALL_INJECTED;
    if (this.enrollment === MeshEnrollment.ALL_INJECTED && props.sidecarNamespaceSelector) {
      throw propertyError(this, 'sidecarNamespaceSelector', props.sidecarNamespaceSelector,
        'cannot be combined with MeshEnrollment.ALL_INJECTED: every injected pod gets the SPIRE socket and waits for a SPIRE identity, so pods outside these namespaces would never get certificates',
        'drop sidecarNamespaceSelector, or set enrollment: MeshEnrollment.OPT_IN and enroll the pods that should use SPIRE');
    }
    if (this.enrollment === MeshEnrollment.OPT_IN) this.node.addValidation({ validate: () => this.unenrolledNeighbours() });
    this.holdApplication = this.checkHold(props.holdApplicationUntilProxyStarts ?? false);
    this.gateways = this.checkGateways([
      ...(props.ingressGateways ?? [IstioGateway.ingress({ namespace: this.istioNamespace })]),
      ...(props.egressGateways ?? []),
    ]);
    this.checkVersionGate('gatewayApiGateways', props.gatewayApiGateways, 'Gateway API gateways');
    this.checkVersionGate('waypoints', props.waypoints, 'waypoints');
    if (props.waypoints) {
      throw propertyError(this, 'waypoints', true,
        'needs ambient mode, which SPIRE does not support (ztunnel keeps L4 identities on istiod\'s CA)', 'remove waypoints');
    }
    this.gatewayNames = this.gateways.map(g => g.name);
    this.checkNotIgnored();
    const federatesWith = this.configureFederation(props.federatesWith ?? []);

    this.model = {
      csiDriver: spire.csiDriverName,
      clearEmptyDir: !atLeast(this.version, '1.27.0'),
      nativeSidecars: this.nativeSidecars,
      gatewayInitContainers: this.socketReadiness.strategy === 'wait-for-socket'
        ? [waitForSocketContainer(this.socketReadiness.image!, spire.socketFileName)] : [],
      proxyEnv: this.proxyEnv(),
    };

    const federation = federatesWith.length > 0 ? federatesWith : undefined;
    this.sidecarIdentity = new ClusterSpiffeId(this, 'SidecarIdentity', {
      spire,
      spiffeIdTemplate: ISTIO_ID_TEMPLATE,
      podSelector: { matchLabels: { [SPIRE_IDENTITY_LABEL]: 'true' } },
      namespaceSelector: props.sidecarNamespaceSelector,
      federatesWith: federation,
      hint: 'istio-sidecar',
      metadata: { name: 'istio-sidecar-reg' },
    });
    this.gatewayIdentities = this.gateways.map(gateway => new ClusterSpiffeId(this, `Gateway-${gateway.name}`, {
      spire,
      spiffeIdTemplate: ISTIO_ID_TEMPLATE,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gateway.namespace } },
      podSelector: { matchLabels: gateway.labels },
      // Entries match only the gateway's real namespace and service account.
      workloadSelectorTemplates: [`k8s:ns:${gateway.namespace}`, `k8s:sa:${gateway.serviceAccountName}`],
      federatesWith: federation,
      hint: gateway.name,
      metadata: { name: `${gateway.name}-reg` },
    }));
    if (props.gatewayApiGateways) {
      this.gatewayIdentities.push(new ClusterSpiffeId(this, 'GatewayApiIdentity', {
        spire,
        spiffeIdTemplate: ISTIO_ID_TEMPLATE,
        podSelector: { matchLabels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller' } },
        federatesWith: federation,
        hint: 'istio-gateway-api',
        metadata: { name: 'istio-gateway-api-reg' },
      }));
    }
  }

  /**
   * Values for the istiod Helm chart (`helm install istiod istio/istiod -f`):
   * the mesh trust domain, proxy settings and the two injection templates.
   * Returns a fresh plain object.
   */
  public istiodHelmValues(): any {
    return {
      meshConfig: this.meshConfig(),
      sidecarInjectorWebhook: this.injectorValues(),
    };
  }

  /**
   * Values for the Istio gateway Helm chart (`helm install <name> istio/gateway -f`)
   * of one of this integration's gateways: the `gateway,<template>` injection
   * annotation, its pod labels and service account. Returns a fresh plain object.
   * @param name the gateway's name
   */
  public gatewayHelmValues(name: string): any {
    const gateway = this.gateways.find(g => g.name === name);
    if (!gateway) {
      throw propertyError(this, 'gatewayHelmValues name', name,
        `is not a gateway of this integration (it has ${this.gateways.map(g => `"${g.name}"`).join(', ') || 'none'})`,
        'add it to ingressGateways or egressGateways');
    }
    return {
      podAnnotations: { [TEMPLATES_ANNOTATION]: `gateway,${this.gatewayTemplateName}` },
      labels: { ...gateway.labels },
      serviceAccount: { name: gateway.serviceAccountName },
    };
  }

  /**
   * The IstioOperator for `istioctl install -f <file>` as a plain object: mesh
   * trust domain, injection templates, and gateway overlays that replace each
   * gateway's workload-socket volume and mount with the SPIFFE CSI volume. It is
   * an input file for istioctl, never a resource to apply to the cluster.
   */
  public istioOperator(options: IstioOperatorOptions = {}): any {
    for (const gateway of this.gateways) {
      if (gateway.serviceAccountName !== `${gateway.name}-service-account`) {
        throw propertyError(this, `gateway ${gateway.name} serviceAccountName`, gateway.serviceAccountName,
          `cannot be set with istioctl, which always names it "${gateway.name}-service-account"`,
          'drop serviceAccountName for istioctl installs, or install that gateway with Helm');
      }
    }
    const component = (gateway: IstioGateway) => ({
      name: gateway.name,
      enabled: true,
      ...(gateway.namespace !== this.istioNamespace ? { namespace: gateway.namespace } : {}),
      label: { ...gateway.labels },
      // The gateway Deployment is rendered by istioctl, not injected: its
      // istio-proxy gets the env through the component's own k8s settings.
      k8s: { ...(this.model.proxyEnv.length > 0 ? { env: this.model.proxyEnv } : {}), overlays: [this.gatewayOverlay(gateway)] },
    });
    const ingress = this.gateways.filter(g => g.direction === 'ingress');
    const egress = this.gateways.filter(g => g.direction === 'egress');
    return {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: options.name ?? 'spire', namespace: this.istioNamespace },
      spec: {
        profile: this.profile,
        ...(this.istioNamespace !== DEFAULT_ISTIO_NAMESPACE ? { namespace: this.istioNamespace } : {}),
        meshConfig: this.meshConfig(),
        values: { sidecarInjectorWebhook: this.injectorValues() },
        components: {
          ...(ingress.length > 0 ? { ingressGateways: ingress.map(component) } : {}),
          ...(egress.length > 0 ? { egressGateways: egress.map(component) } : {}),
        },
      },
    };
  }

  /**
   * Adds the IstioOperator to `scope`, typically a chart of its own App whose
   * output goes to `istioctl install -f` (not to `kubectl apply`).
   * @param scope where to add it
   */
  public addIstioOperator(scope: Construct, options: IstioOperatorOptions = {}): ApiObject {
    return new ApiObject(scope, 'IstioOperator', this.istioOperator(options));
  }

  /**
   * The Sail Operator `Istio` resource (`sailoperator.io/v1`) as a plain
   * object, carrying the same values as the Helm install.
   */
  public sailIstio(options: SailIstioOptions = {}): any {
    if (!SAIL_PROFILES.includes(this.profile)) {
      throw propertyError(this, 'profile', this.profile, `is not a Sail Operator profile (${SAIL_PROFILES.join(', ')})`,
        'use one of those profiles, or install with istioOperator() or istiodHelmValues() instead');
    }
    return {
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: options.name ?? 'default' },
      spec: {
        version: `v${this.istioVersion}`,
        namespace: this.istioNamespace,
        ...(this.profile !== 'default' ? { profile: this.profile } : {}),
        values: this.istiodHelmValues(),
      },
    };
  }

  /**
   * Adds the Sail Operator `Istio` resource to `scope` (applied after SPIRE).
   * @param scope where to add it
   */
  public addSailIstio(scope: Construct, options: SailIstioOptions = {}): ApiObject {
    return new ApiObject(scope, 'SailIstio', this.sailIstio(options));
  }

  /**
   * Enrols a workload in the mesh with a SPIRE identity: adds the pod
   * annotation `inject.istio.io/templates: sidecar,<templateName>` and the
   * label the sidecar ClusterSPIFFEID selects.
   *
   * Accepts cdk8s-plus workloads (Deployment, StatefulSet, DaemonSet, Job) and
   * ApiObjects of kind Deployment, StatefulSet, DaemonSet or Job.
   * @param workload the workload to enrol
   */
  public enroll(workload: IConstruct): void {
    const target = workloadTarget(this, 'enroll workload', workload);
    const wanted = `sidecar,${this.templateName}`;
    const existing = target.podAnnotation(TEMPLATES_ANNOTATION);
    if (existing !== undefined && existing !== wanted) {
      throw propertyError(this, 'enroll workload', target.description,
        `already sets ${TEMPLATES_ANNOTATION}: "${existing}"`, `use "${wanted}" or remove the annotation`);
    }
    if (existing === undefined) target.addPodAnnotation(TEMPLATES_ANNOTATION, wanted);
    target.addPodLabel(SPIRE_IDENTITY_LABEL, 'true');
  }

  /**
   * The fail-fast file name goes on istio-proxy only where the SPIRE socket is
   * mounted (the two templates, the istioctl gateways), never mesh-wide in
   * proxyMetadata: pilot-agent refuses to start when a non-default socket
   * file is configured and absent (istio pkg/istio-agent/agent.go), which
   * would stop every injected pod that does not get the SPIRE template.
   */
  private proxyEnv(): Array<{ name: string; value: string }> {
    return this.socketReadiness.strategy === 'fail-fast' ? [{ name: SOCKET_FILE_ENV, value: this.spire.socketFileName }] : [];
  }

  /**
   * With OPT_IN, the app's own workloads that share a namespace with an
   * enrolled one but are not enrolled would be injected with istiod's
   * identity, which the enrolled pods do not trust.
   */
  private unenrolledNeighbours(): string[] {
    const workloads = podTemplatesIn(this.node.root);
    const enrolled = (w: PodTemplateRef) => (w.annotations[TEMPLATES_ANNOTATION] ?? '').split(',').map(t => t.trim()).includes(this.templateName);
    const optedOut = (w: PodTemplateRef) => w.annotations['sidecar.istio.io/inject'] === 'false' || w.labels['sidecar.istio.io/inject'] === 'false';
    const meshNamespaces = new Set(workloads.filter(enrolled).map(w => w.namespace));
    return workloads.filter(w => meshNamespaces.has(w.namespace) && !enrolled(w) && !optedOut(w)).map(w => propertyMessage(this, 'enrollment', 'opt-in',
      `leaves ${w.kind} ${w.namespace}/${w.name} (${w.path}) unenrolled beside enrolled workloads: once injected it gets istiod's certificates, which SPIRE-identified pods do not trust, so mTLS between them fails`,
      'call istio.enroll() on it, annotate its pods sidecar.istio.io/inject: "false", or use MeshEnrollment.ALL_INJECTED'));
  }

  private meshConfig(): Record<string, unknown> {
    const defaultConfig: Record<string, unknown> = {};
    if (this.holdApplication) defaultConfig.holdApplicationUntilProxyStarts = true;
    return {
      trustDomain: this.trustDomain,
      ...(Object.keys(defaultConfig).length > 0 ? { defaultConfig } : {}),
    };
  }

  private injectorValues(): Record<string, unknown> {
    return {
      // Pods that name their templates (gateways: gateway,<template>-gateway)
      // are not affected by the defaults.
      ...(this.enrollment === MeshEnrollment.ALL_INJECTED ? { defaultTemplates: ['sidecar', this.templateName] } : {}),
      templates: {
        [this.templateName]: sidecarTemplate(this.model),
        [this.gatewayTemplateName]: gatewayTemplate(this.model),
      },
    };
  }

  /** Replaces the istioctl gateway's own workload-socket emptyDir and mount (same names). */
  private gatewayOverlay(gateway: IstioGateway): Record<string, unknown> {
    const patches: Array<Record<string, unknown>> = [
      {
        path: `spec.template.spec.volumes.[name:${WORKLOAD_SOCKET_VOLUME}]`,
        value: workloadSocketVolume({ csiDriver: this.model.csiDriver, clearEmptyDir: false }),
      },
      {
        path: `spec.template.spec.containers.[name:istio-proxy].volumeMounts.[name:${WORKLOAD_SOCKET_VOLUME}]`,
        value: workloadSocketMount(),
      },
    ];
    if (this.model.gatewayInitContainers.length > 0) {
      patches.push({ path: 'spec.template.spec.initContainers', value: this.model.gatewayInitContainers });
    }
    return { apiVersion: 'apps/v1', kind: 'Deployment', name: gateway.name, patches };
  }

  private parseVersion(text: string): IstioVersion {
    const version = parseIstioVersion(text);
    if (!version) throw propertyError(this, 'istioVersion', text, 'is not a release number major.minor.patch', 'write it like "1.30.3"');
    if (!atLeast(version, MIN_ISTIO)) {
      throw propertyError(this, 'istioVersion', text, `is older than ${MIN_ISTIO}, the oldest release this integration supports`, 'upgrade Istio');
    }
    return version;
  }

  private checkProfile(profile: string): string {
    if (AMBIENT_PROFILES.includes(profile)) {
      throw propertyError(this, 'profile', profile,
        'is not supported with SPIRE: ztunnel cannot take its identities from SPIRE, so L4 mTLS would stay on istiod\'s CA',
        'use the "default" profile with sidecars');
    }
    if (!ISTIOCTL_PROFILES.includes(profile)) {
      throw propertyError(this, 'profile', profile, `is not an Istio profile (${ISTIOCTL_PROFILES.join(', ')})`, 'use one of those profiles, such as "default"');
    }
    return profile;
  }

  private checkTrustDomain(trustDomain: string | undefined): string {
    const spireDomain = this.spire.trustDomain;
    if (trustDomain === undefined) return spireDomain;
    const problem = trustDomainProblem(trustDomain);
    if (problem) throw propertyError(this, 'trustDomain', trustDomain, problem, 'drop trustDomain (it is taken from the Spire)');
    if (trustDomain !== spireDomain) {
      throw propertyError(this, 'trustDomain', trustDomain,
        `differs from the Spire's trust domain "${spireDomain}", so Istio would reject every SPIRE-issued certificate`,
        'drop trustDomain (it is taken from the Spire)');
    }
    return trustDomain;
  }

  private checkNamespace(property: string, name: string): string {
    const problem = dns1123LabelProblem(name);
    if (problem) throw propertyError(this, property, name, problem, 'use a valid namespace name such as "istio-system"');
    return name;
  }

  private checkTemplateName(name: string): string {
    const problem = dns1123LabelProblem(name);
    if (problem) throw propertyError(this, 'templateName', name, problem, 'use a lowercase name such as "spire"');
    if (['sidecar', 'gateway', 'grpc-agent', 'grpc-simple', 'kube-gateway', 'waypoint'].includes(name)) {
      throw propertyError(this, 'templateName', name, 'would replace one of Istio\'s built-in injection templates', 'keep the default "spire"');
    }
    return name;
  }

  private checkSocketReadiness(requested: SocketReadiness | undefined): SocketReadiness {
    const supported = honoursSocketFileOverride(this.version);
    const namedSocket = this.spire.socketFileName === ISTIO_SOCKET_FILE;
    if (!requested) return supported && !namedSocket ? SocketReadiness.failFast() : SocketReadiness.waitForSocket();
    if (requested.strategy === 'fail-fast') {
      if (!supported) {
        throw propertyError(this, 'socketReadiness', 'failFast', `needs Istio 1.23.6, 1.24.4, 1.26 or newer (${SOCKET_FILE_ENV} is ignored by the Envoy bootstrap of ${this.istioVersion})`,
          'upgrade Istio or use SocketReadiness.waitForSocket()');
      }
      if (namedSocket) {
        throw propertyError(this, 'socketReadiness', 'failFast',
          `cannot fail fast while the agent socket is named "${ISTIO_SOCKET_FILE}", Istio's default: a missing socket is then not an error`,
          'keep the agent\'s default socketFileName "spire-agent.sock", or use SocketReadiness.waitForSocket()');
      }
    }
    return requested;
  }

  private checkHold(hold: boolean): boolean {
    if (hold && !this.spire.disableContainerSelectors) {
      throw propertyError(this, 'holdApplicationUntilProxyStarts', true,
        'needs the agent\'s disableContainerSelectors: the proxy asks for its SVID before the application containers exist, and attestation would wait for them forever',
        'set agent: { disableContainerSelectors: true } on the Spire');
    }
    return hold;
  }

  private checkGateways(gateways: IstioGateway[]): IstioGateway[] {
    const seen = new Set<string>();
    for (const gateway of gateways) {
      const property = `gateway ${gateway.name}`;
      const nameProblem = dns1123LabelProblem(gateway.name);
      if (nameProblem) throw propertyError(this, `${property} name`, gateway.name, nameProblem, 'use a lowercase name such as "istio-ingressgateway"');
      if (seen.has(gateway.name)) {
        throw propertyError(this, `${property} name`, gateway.name, 'is used by two gateways (names select Deployments, Helm releases and registrations)', 'give each gateway its own name');
      }
      seen.add(gateway.name);
      const nsProblem = dns1123LabelProblem(gateway.namespace);
      if (nsProblem) throw propertyError(this, `${property} namespace`, gateway.namespace, nsProblem, 'use a valid namespace name such as "istio-ingress"');
      const saProblem = dns1123SubdomainProblem(gateway.serviceAccountName);
      if (saProblem) {
        throw propertyError(this, `${property} serviceAccountName`, gateway.serviceAccountName, saProblem,
          `use a valid ServiceAccount name, or drop serviceAccountName to get "${gateway.name}-service-account"`);
      }
      if (Object.keys(gateway.labels).length === 0) {
        throw propertyError(this, `${property} labels`, gateway.labels, 'is empty, so its ClusterSPIFFEID would select every pod of the namespace', 'keep the default { istio: <name> } or give distinctive labels');
      }
      for (const [key, value] of Object.entries(gateway.labels)) {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) throw propertyError(this, `${property} labels key`, key, keyProblem, 'use a label key such as "istio"');
        const valueProblem = labelValueProblem(value);
        if (valueProblem) throw propertyError(this, `${property} labels["${key}"]`, value, valueProblem, 'use a label value such as "ingressgateway"');
        if (key === SPIRE_IDENTITY_LABEL) {
          throw propertyError(this, `${property} labels`, gateway.labels,
            `contains ${SPIRE_IDENTITY_LABEL}, which would change the gateway Deployment's immutable selector on upgrade (and make the sidecar registration match the gateway too)`,
            'remove it: the gateway gets its identity from its own ClusterSPIFFEID');
        }
      }
    }
    return gateways;
  }

  private checkVersionGate(property: string, enabled: boolean | undefined, what: string): void {
    if (enabled && !atLeast(this.version, '1.31.0')) {
      throw propertyError(this, property, true,
        `needs Istio 1.31 or newer: before it, ${what} keep an emptyDir workload-socket volume that cannot be merged with the SPIFFE CSI volume`,
        'upgrade Istio to 1.31, or use classic ingress/egress gateways');
    }
  }

  /** The controller manager must not ignore the namespaces of istiod and the gateways. */
  private checkNotIgnored(): void {
    const namespaces = new Set([this.istioNamespace, ...this.gateways.map(g => g.namespace)]);
    for (const namespace of namespaces) {
      const pattern = this.spire.ignoredNamespacePatterns.find(p => new RegExp(p).test(namespace));
      if (pattern) {
        throw propertyError(this, 'gateway namespace', namespace,
          `is ignored by the Spire's controller manager (pattern ${pattern}), so its gateways would never get identities`,
          'remove it from controllerManager.ignoreNamespaces/ignoreNamespacePatterns');
      }
    }
  }

  /** Checks the agent's SDS names and, with federation, sets Istio's. */
  private configureFederation(trustDomains: string[]): string[] {
    const agent = this.spire._agent;
    const own = agent.sds;
    const svidName = own?.defaultSvidName ?? SDS_DEFAULTS.defaultSvidName;
    if (svidName !== 'default') {
      throw propertyError(this, 'spire agent.sds.defaultSvidName', svidName, 'must be "default", the SDS resource Envoy asks for its certificate',
        'drop agent.sds.defaultSvidName from the Spire');
    }
    if (trustDomains.length === 0) {
      const bundle = own?.defaultBundleName ?? SDS_DEFAULTS.defaultBundleName;
      if (bundle !== 'ROOTCA') {
        throw propertyError(this, 'spire agent.sds.defaultBundleName', bundle, 'must be "ROOTCA" without federation: that is the SDS resource Envoy validates peers with',
          'drop agent.sds from the Spire (SPIRE\'s defaults match Istio)');
      }
      return [];
    }
    trustDomains.forEach((td, index) => {
      const property = `federatesWith[${index}]`;
      const problem = trustDomainProblem(td);
      if (problem) throw propertyError(this, property, td, problem, FOREIGN_TRUST_DOMAIN_FIX);
      if (td === this.trustDomain) {
        throw propertyError(this, property, td, 'is the mesh\'s own trust domain (federation relates two different trust domains)', 'remove it: list only foreign trust domains');
      }
      if (trustDomains.indexOf(td) !== index) {
        throw propertyError(this, property, td, `is listed twice (also at federatesWith[${trustDomains.indexOf(td)}])`, 'remove the duplicate');
      }
    });
    // Envoy validates peers with the ROOTCA resource: with federation it must
    // hold every bundle, so the all-bundles name becomes ROOTCA and the
    // own-bundle name moves out of its way.
    if (own?.defaultBundleName === 'ROOTCA' || (own?.defaultAllBundlesName ?? 'ROOTCA') !== 'ROOTCA') {
      throw propertyError(this, 'federatesWith', trustDomains,
        `needs the agent's SDS names defaultBundleName "null" and defaultAllBundlesName "ROOTCA", but the Spire sets ${JSON.stringify(own)}`,
        'drop agent.sds from the Spire; the integration sets it');
    }
    agent.sds = {
      defaultSvidName: 'default',
      defaultBundleName: own?.defaultBundleName ?? 'null',
      defaultAllBundlesName: 'ROOTCA',
      disableSpiffeCertValidation: own?.disableSpiffeCertValidation,
    };
    this.node.addValidation({ validate: () => federationGaps(this, this.spire, 'federatesWith', trustDomains) });
    return trustDomains;
  }
}
