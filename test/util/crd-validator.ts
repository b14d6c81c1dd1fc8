// Validates spire.spiffe.io custom resources against the openAPIV3Schema of
// OUR CRDs (src/crds), compiled with ajv. Each schema is compiled once per
// kind and option set, on first use.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import { clusterFederatedTrustDomainCrd } from '../../src/crds/cluster-federated-trust-domain-crd';
import { clusterSpiffeIdCrd } from '../../src/crds/cluster-spiffe-id-crd';
import { clusterStaticEntryCrd } from '../../src/crds/cluster-static-entry-crd';
import { SPIRE_API_VERSION } from '../../src/crds/names';

export interface ValidateCustomResourceOptions {
  /**
   * Report fields the schema does not declare. The API server would silently
   * prune them, which hides typos such as `spiffeIdTemplate`; tests want an error.
   * @default true
   */
  readonly rejectUnknownFields?: boolean;
}

const CRDS = [clusterSpiffeIdCrd, clusterFederatedTrustDomainCrd, clusterStaticEntryCrd];

// Kubernetes-only keywords: they change nothing for validation here.
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-validations',
];

const ajvs = new Map<boolean, Ajv>();
let schemasByKind: Map<string, IJSONSchemaProps> | undefined;
const validators = new Map<string, (obj: unknown) => string[]>();

function schemaFor(kind: string): IJSONSchemaProps | undefined {
  if (!schemasByKind) {
    schemasByKind = new Map();
    for (const crd of CRDS.map((build) => build())) {
      const schema = crd.spec.versions[0].schema?.openAPIV3Schema;
      if (schema) schemasByKind.set(crd.spec.names.kind, schema);
    }
  }
  return schemasByKind.get(kind);
}

/**
 * A copy of `schema` in which every object that lists its `properties` (and
 * neither declares `additionalProperties` nor preserves unknown fields) gets
 * `additionalProperties: false`. Objects without `properties`, such as
 * `metadata`, stay open.
 */
function closeObjects(schema: IJSONSchemaProps): IJSONSchemaProps {
  const copy: IJSONSchemaProps = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([name, child]) => [name, closeObjects(child)]),
    );
    if (copy.additionalProperties === undefined && !copy['x-kubernetes-preserve-unknown-fields']) {
      copy.additionalProperties = false;
    }
  }
  if (isSchema(copy.items)) copy.items = closeObjects(copy.items);
  if (isSchema(copy.additionalProperties)) copy.additionalProperties = closeObjects(copy.additionalProperties);
  return copy;
}

function isSchema(value: unknown): value is IJSONSchemaProps {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SchemaValidatorOptions extends ValidateCustomResourceOptions {
  /**
   * ajv strict mode: on for our own schemas (a malformed schema fails loudly),
   * off for third-party ones that use formats such as int32.
   * @default true
   */
  readonly strict?: boolean;
}

/** Compiles an openAPIV3Schema into a function returning readable errors (empty when valid). */
export function schemaValidator(schema: IJSONSchemaProps, options: SchemaValidatorOptions = {}): (obj: unknown) => string[] {
  const strict = options.strict ?? true;
  let ajv = ajvs.get(strict);
  if (!ajv) {
    // Only the Kubernetes extension keywords are declared, as annotations.
    ajv = new Ajv({ allErrors: true, strict, validateFormats: strict });
    for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword(keyword);
    ajvs.set(strict, ajv);
  }
  const validate: ValidateFunction = ajv.compile((options.rejectUnknownFields ?? true) ? closeObjects(schema) : schema);
  return (obj: unknown) => (validate(obj) ? [] : (validate.errors ?? []).map((error) => describe(error, (path) => propertiesAt(schema, path))));
}

function validatorFor(kind: string, rejectUnknownFields: boolean): ((obj: unknown) => string[]) | undefined {
  const cacheKey = `${kind}:${rejectUnknownFields}`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const schema = schemaFor(kind);
  if (!schema) return undefined;
  const validate = schemaValidator(schema, { rejectUnknownFields });
  validators.set(cacheKey, validate);
  return validate;
}

/** `/spec/selectors/0` -> `spec.selectors[0]`. */
function dottedPath(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : `${i === 0 ? '' : '.'}${segment}`))
    .join('');
}

function describe(error: ErrorObject, schemaProperties: (path: string) => string[]): string {
  const where = dottedPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const near = schemaProperties(error.instancePath).find((p) => p.toLowerCase() === field.toLowerCase());
      return `${where}: unknown field "${field}"${near ? ` (did you mean "${near}"?)` : ''}`;
    }
    case 'required':
      return `${where}: missing required field "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** The declared property names of the schema node an instance path points at. */
function propertiesAt(root: IJSONSchemaProps, instancePath: string): string[] {
  let node: IJSONSchemaProps | undefined = root;
  for (const segment of instancePath.split('/').slice(1)) {
    if (!node) break;
    if (/^\d+$/.test(segment) && isSchema(node.items)) {
      node = node.items;
    } else if (node.properties?.[segment]) {
      node = node.properties[segment];
    } else if (isSchema(node.additionalProperties)) {
      node = node.additionalProperties;
    } else {
      node = undefined;
    }
  }
  return Object.keys(node?.properties ?? {});
}

/**
 * Validates a spire.spiffe.io custom resource (a plain object, as synthesized)
 * against the schema of our CRD for its kind. Returns readable errors such as
 * `spec.ttl: must be string`; an empty array means the object is valid.
 */
export function validateCustomResource(obj: any, options: ValidateCustomResourceOptions = {}): string[] {
  if (!isSchema(obj)) return ['(root): must be an object'];
  const record = obj as { apiVersion?: unknown; kind?: unknown };
  if (record.apiVersion !== SPIRE_API_VERSION) {
    return [`apiVersion: must be "${SPIRE_API_VERSION}", got ${JSON.stringify(record.apiVersion)}`];
  }
  const kind = String(record.kind);
  const validate = validatorFor(kind, options.rejectUnknownFields ?? true);
  if (!validate) return [`kind: no spire.spiffe.io CRD defines kind ${JSON.stringify(record.kind)}`];
  return validate(obj);
}
