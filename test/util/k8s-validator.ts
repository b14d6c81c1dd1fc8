// Validates synthesized Kubernetes objects with the OpenAPI validators that
// ship with kubernetes-models. A model class validates with
// `new Model(obj).validate()`, which throws an ajv ValidationError whose
// `errors` lists every problem. Unknown fields are not reported: the upstream
// schemas do not close their objects.
import { validateCustomResource } from './crd-validator';
import { validateMonitor } from './monitor-validator';

interface ModelClass {
  new (data: any): { validate(): void };
}

interface AjvLikeError {
  readonly instancePath?: string;
  readonly message?: string;
}

// The kinds this library emits. kubernetes-models lays its modules out as
// `<apiVersion>/<kind>`, so the key is also the module path.
const MODELS = new Set([
  'v1/Namespace',
  'v1/ServiceAccount',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/PersistentVolumeClaim',
  'v1/Pod',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'apps/v1/Deployment',
  'batch/v1/Job',
  'policy/v1/PodDisruptionBudget',
  'storage.k8s.io/v1/CSIDriver',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'networking.k8s.io/v1/NetworkPolicy',
  'networking.k8s.io/v1/Ingress',
]);

// Custom resources of other projects that we emit, with their own validators.
const FOREIGN_KINDS: Record<string, (obj: any) => string[]> = {
  'gateway.networking.k8s.io/v1/TLSRoute': validateTlsRoute,
  'cert-manager.io/v1/Certificate': (obj) => validateModel(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate').Certificate as ModelClass, obj),
  'monitoring.coreos.com/v1/ServiceMonitor': validateMonitor,
  'monitoring.coreos.com/v1/PodMonitor': validateMonitor,
};

const loaded = new Map<string, ModelClass>();

// Loaded on first use: each model pulls in its whole schema graph, and most
// test files validate only a few kinds.
function modelFor(path: string): ModelClass | undefined {
  if (!MODELS.has(path)) return undefined;
  let model = loaded.get(path);
  if (!model) {
    const kind = path.slice(path.lastIndexOf('/') + 1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    model = require(`kubernetes-models/${path}`)[kind] as ModelClass;
    loaded.set(path, model);
  }
  return model;
}

/** `/spec/template/spec/containers/0` -> `spec.template.spec.containers[0]`. */
function dottedPath(instancePath: string | undefined): string {
  if (!instancePath) return '(root)';
  return instancePath
    .split('/')
    .slice(1)
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : `${i === 0 ? '' : '.'}${segment}`))
    .join('');
}

/**
 * Validates one synthesized object. Built-in kinds go through kubernetes-models,
 * spire.spiffe.io custom resources through {@link validateCustomResource}.
 * Returns readable errors; an empty array means the object is valid.
 */
export function validateKubernetesObject(obj: any): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return ['(root): must be an object'];
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion === 'string' && apiVersion.startsWith('spire.spiffe.io/')) {
    return validateCustomResource(obj);
  }
  const foreign = FOREIGN_KINDS[`${String(apiVersion)}/${String(kind)}`];
  if (foreign) return foreign(obj);
  const model = modelFor(`${String(apiVersion)}/${String(kind)}`);
  if (!model) {
    return [`the validator does not know apiVersion ${JSON.stringify(apiVersion)} kind ${JSON.stringify(kind)}; add it to test/util/k8s-validator.ts`];
  }
  return validateModel(model, obj);
}

function validateModel(model: ModelClass, obj: any): string[] {
  try {
    new model(obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: AjvLikeError[] }).errors;
    if (!Array.isArray(errors)) throw e;
    return errors.map((err) => `${dottedPath(err.instancePath)}: ${err.message ?? 'is invalid'}`);
  }
}

let tlsRouteSpec: ((spec: unknown) => boolean) & { errors?: AjvLikeError[] | null } | undefined;

/**
 * A TLSRoute against the spec schema of Gateway API's v1 CRD
 * (test/fixtures/gateway-api), closed, plus the CRD's CEL rules for the
 * fields we emit.
 */
function validateTlsRoute(obj: any): string[] {
  if (!tlsRouteSpec) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv').default;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = closeAll(require('../fixtures/gateway-api/tlsroute-v1-spec.schema.json'));
    tlsRouteSpec = new Ajv({ allErrors: true }).compile(schema);
  }
  const errors: string[] = [];
  if (typeof obj.metadata?.name !== 'string') errors.push('metadata.name: is required');
  if (!tlsRouteSpec!(obj.spec)) {
    errors.push(...(tlsRouteSpec!.errors ?? []).map((err) => `spec${dottedPath(err.instancePath).replace(/^\(root\)$/, '').replace(/^(?=[^[])/, '.')}: ${err.message ?? 'is invalid'}`));
  }
  // CEL: "Hostnames cannot contain an IP".
  for (const host of obj.spec?.hostnames ?? []) {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || String(host).includes(':')) errors.push(`spec.hostnames: ${host} is an IP (Hostnames cannot contain an IP)`);
  }
  // CEL: "Must have port for Service reference".
  for (const rule of obj.spec?.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && ref.port === undefined) errors.push(`spec.rules.backendRefs: ${ref.name} must have port for Service reference`);
    }
  }
  return errors;
}

function closeAll(schema: any): any {
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: any = Array.isArray(schema) ? schema.map(closeAll) : Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closeAll(v)]));
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/**
 * Validates every object and prefixes each error with `kind/name`, e.g.
 * `DaemonSet/spire-agent: spec.template.spec.containers: must be array`.
 */
export function validateAll(objs: any[]): string[] {
  return objs.flatMap((obj) => {
    const label = `${String(obj?.kind)}/${String(obj?.metadata?.name)}`;
    return validateKubernetesObject(obj).map((error) => `${label}: ${error}`);
  });
}
