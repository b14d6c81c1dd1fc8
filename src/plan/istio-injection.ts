// What Istio's sidecar injector adds to a pod before the controller manager sees it: the labels
// of the injection templates it applies. The planner sees pod templates, so a pod that gets
// `spiffe.io/spire-managed-identity: "true"` from the `spire` template at admission would
// otherwise look unregistered. Rules: istio/istio pkg/kube/inject/webhook.go (injection
// templates: the `inject.istio.io/templates` annotation, else `defaultTemplates`) and the
// istiod chart's default webhook selectors (namespace label istio-injection=enabled or
// istio.io/rev, pod label sidecar.istio.io/inject, "false" opting out).

import type { KubeObject } from './model';

export const IDENTITY_LABEL = 'spiffe.io/spire-managed-identity';
const TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/** The injector settings found among the objects (IstioOperator or Sail Istio `spec.values`). */
export interface InjectorSettings {
  /** Templates applied when a pod names none. */
  readonly defaultTemplates: readonly string[];
  /** Template texts by name. */
  readonly templates: ReadonlyMap<string, string>;
  /** Where they came from. */
  readonly source?: string;
}

const ISTIO_DEFAULT: InjectorSettings = { defaultTemplates: ['sidecar'], templates: new Map() };

/** The injector settings of the first IstioOperator or Sail `Istio` among `objects`. */
export function injectorSettings(objects: readonly KubeObject[]): InjectorSettings {
  for (const object of objects) {
    const isOperator = object.kind === 'IstioOperator';
    const isSail = object.kind === 'Istio' && (object.apiVersion ?? '').startsWith('sailoperator.io/');
    if (!isOperator && !isSail) continue;
    const webhook = object.spec?.values?.sidecarInjectorWebhook ?? {};
    return {
      defaultTemplates: Array.isArray(webhook.defaultTemplates) && webhook.defaultTemplates.length > 0 ? webhook.defaultTemplates : ['sidecar'],
      templates: new Map(Object.entries(webhook.templates ?? {}).filter(([, t]) => typeof t === 'string') as Array<[string, string]>),
      source: `${object.kind}/${object.metadata?.name ?? ''}`,
    };
  }
  return ISTIO_DEFAULT;
}

/** Whether the injector mutates this pod (istiod chart's default namespace and object selectors). */
export function isInjected(namespaceLabels: Readonly<Record<string, string>>, podLabels: Readonly<Record<string, string>>): boolean {
  const pod = podLabels['sidecar.istio.io/inject'];
  const ns = namespaceLabels['istio-injection'];
  if (pod === 'false' || ns === 'disabled') return false;
  return ns === 'enabled' || 'istio.io/rev' in namespaceLabels || pod === 'true';
}

/** The built-in templates whose metadata sets the canonical-service and tlsMode labels. */
const BUILT_IN_TEMPLATES = new Set(['sidecar', 'gateway']);

/**
 * Labels the injector adds to the pod: the identity label when a template it applies sets it (a
 * template whose text is unknown but whose name contains "spire" is taken to set it, as the Istio
 * SPIRE guide's template and ours do), and the labels Istio's own `sidecar` and `gateway`
 * templates set (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml,
 * gateway-injection-template.yaml): `security.istio.io/tlsMode` ("istio" unless set),
 * `service.istio.io/canonical-name` (else app.kubernetes.io/name, app, or the workload's name;
 * at most 63 characters, no trailing "-") and `service.istio.io/canonical-revision` (else
 * app.kubernetes.io/version, version, or "latest").
 */
export function injectedLabels(settings: InjectorSettings, annotations: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> = {}, workloadName: string = ''): Record<string, string> {
  const requested = annotations[TEMPLATES_ANNOTATION];
  const names = requested !== undefined ? requested.split(',').map((t) => t.trim()).filter(Boolean) : settings.defaultTemplates;
  const out: Record<string, string> = {};
  for (const name of names) {
    const text = settings.templates.get(name);
    if (text === undefined && BUILT_IN_TEMPLATES.has(name)) {
      const canonical = (labels['service.istio.io/canonical-name'] || labels['app.kubernetes.io/name'] || labels.app || workloadName).slice(0, 63).replace(/-+$/, '');
      out['security.istio.io/tlsMode'] = labels['security.istio.io/tlsMode'] || 'istio';
      out['service.istio.io/canonical-name'] = canonical;
      out['service.istio.io/canonical-revision'] = labels['service.istio.io/canonical-revision'] || labels['app.kubernetes.io/version'] || labels.version || 'latest';
    }
    const sets = text !== undefined ? new RegExp(`${IDENTITY_LABEL.replace(/[./]/g, '\\$&')}:\\s*["']?true["']?`).test(text) : name.includes('spire');
    if (sets) out[IDENTITY_LABEL] = 'true';
  }
  return out;
}
