// The rules the Kubernetes API server applies when a CustomResourceDefinition
// is created (apiextensions.k8s.io/v1), beyond its OpenAPI shape. Each check
// names the function it mirrors in kubernetes/kubernetes
// staging/src/k8s.io/apiextensions-apiserver:
// - S: pkg/apiserver/schema/validation.go (ValidateStructural: structural schemas)
// - V: pkg/apis/apiextensions/validation/validation.go (ValidateCustomResourceDefinition*)
// Messages are the API server's own, prefixed with the field path it reports.

type Schema = Record<string, any>;
type Level = 'root' | 'item' | 'field';

const STRUCTURAL = 'schema/validation.go';
const API = 'validation/validation.go';

/** Keywords forbidden in nested value validations (allOf/anyOf/oneOf/not) (S validateNestedValueValidation). */
const NESTED_FORBIDDEN: Array<[string, string]> = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['externalDocs', 'must be undefined to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];
/** Keywords OpenAPI v3 has but CRD schemas do not support (V specStandardValidatorV3.validate). */
const UNSUPPORTED: Array<[string, string]> = [
  ['id', 'id is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['$ref', '$ref is not supported'],
];
/** Fields allowed at the root of a schema whose version has the status subresource (V allowedFieldsAtRootSchema). */
const ROOT_WITH_STATUS = new Set(['description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties',
  'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations']);
const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);
const PRINTER_TYPES = new Set(['integer', 'number', 'string', 'boolean', 'date']);
const PRINTER_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password']);

/** Problems the API server would report for one CRD; empty when it would accept it. */
export function crdRuleViolations(crd: any): string[] {
  const errors: string[] = [];
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  const report = (path: string, message: string, source: string) => errors.push(`${path}: ${message} (${source})`);

  // V ValidateCustomResourceDefinition: the object name is <plural>.<group>.
  if (crd?.metadata?.name !== `${names.plural}.${spec.group}`) {
    report('metadata.name', 'must be spec.names.plural+"."+spec.group', `${API} ValidateCustomResourceDefinition`);
  }
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    if (typeof names[key] !== 'string' || names[key].length === 0) report(`spec.names.${key}`, 'Required value', `${API} ValidateCustomResourceDefinitionNames`);
  }
  for (const key of ['plural', 'singular']) {
    if (typeof names[key] === 'string' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(names[key])) {
      report(`spec.names.${key}`, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\'', `${API} ValidateCustomResourceDefinitionNames`);
    }
  }
  if (!['Cluster', 'Namespaced'].includes(spec.scope)) report('spec.scope', 'Unsupported value', `${API} ValidateCustomResourceDefinitionSpec`);
  if (spec.preserveUnknownFields === true) report('spec.preserveUnknownFields', 'must be false in order to use defaults in the schema', `${API} ValidateCustomResourceDefinitionSpec (v1)`);
  const versions: any[] = spec.versions ?? [];
  if (versions.filter(v => v.storage).length !== 1) report('spec.versions', 'must have exactly one version marked as storage version', `${API} ValidateCustomResourceDefinitionSpec`);

  versions.forEach((version, i) => {
    const base = `spec.versions[${i}]`;
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) {
      report(`${base}.schema.openAPIV3Schema`, 'Required value: schemas are required', `${API} ValidateCustomResourceDefinitionSpec (v1)`);
      return;
    }
    (version.additionalPrinterColumns ?? []).forEach((column: any, c: number) => {
      const path = `${base}.additionalPrinterColumns[${c}]`;
      if (!PRINTER_TYPES.has(column.type)) report(`${path}.type`, 'must be one of boolean,date,integer,number,string', `${API} ValidateCustomResourceColumnDefinition`);
      if (column.format && !PRINTER_FORMATS.has(column.format)) report(`${path}.format`, 'Unsupported value', `${API} ValidateCustomResourceColumnDefinition`);
      if (typeof column.jsonPath !== 'string' || !column.jsonPath.startsWith('.')) report(`${path}.jsonPath`, 'must be a simple json path starting with .', `${API} validateSimpleJSONPath`);
    });
    const schemaPath = `${base}.schema.openAPIV3Schema`;
    if (version.subresources?.status) {
      // V ValidateCustomResourceDefinitionValidation: status is extracted as properties.status.
      const extra = Object.keys(schema).filter(key => !ROOT_WITH_STATUS.has(key));
      if (extra.length > 0) report(schemaPath, `only the fields ${[...ROOT_WITH_STATUS].join(', ')} are allowed at the root of the schema if the status subresource is enabled (found ${extra.join(', ')})`, `${API} ValidateCustomResourceDefinitionValidation`);
    }
    checkStructural(schema, 'root', schemaPath, report);
    checkApiRules(schema, schemaPath, report);
  });
  return errors;
}

type Report = (path: string, message: string, source: string) => void;

/** S validateStructuralInvariants, recursively. */
function checkStructural(s: Schema, level: Level, path: string, report: Report): void {
  const source = `${STRUCTURAL} validateStructuralInvariants`;
  if (s.type === 'array' && s.items === undefined) report(`${path}.items`, 'Required value: must be specified', source);
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) checkStructural(s.items, 'item', `${path}.items`, report);
  for (const [key, child] of Object.entries<Schema>(s.properties ?? {})) checkStructural(child, 'field', `${path}.properties[${key}]`, report);
  if (s.additionalProperties !== undefined) {
    if (level === 'root') report(`${path}.additionalProperties`, 'Forbidden: must not be used at the root', source);
    if (typeof s.additionalProperties === 'object') checkStructural(s.additionalProperties, 'field', `${path}.additionalProperties`, report);
  }
  if (s['x-kubernetes-int-or-string'] && s['x-kubernetes-preserve-unknown-fields']) {
    report(`${path}.x-kubernetes-preserve-unknown-fields`, 'must be false if x-kubernetes-int-or-string is true', `${STRUCTURAL} validateExtensions`);
  }
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) {
    (s[junctor] ?? []).forEach((nested: Schema, i: number) => checkNested(nested, `${path}.${junctor}[${i}]`, report, isIntOrString(s) && (junctor === 'anyOf' || i === 0)));
  }
  if (s.not) checkNested(s.not, `${path}.not`, report, false);
  if (typeof s.pattern === 'string') {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      report(`${path}.pattern`, `must be a valid regular expression, but isn't: ${(e as Error).message}`, source);
    }
  }

  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && s.type !== 'object') {report(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true', source);} else if (!s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields']) {
    const which = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    report(`${path}.type`, `Required value: ${which}`, source);
  }
  if (level === 'root' && s.type && s.type !== 'object') report(`${path}.type`, 'must be object at the root', source);

  const checkMetadata = level === 'root' || embedded;
  const properties: Record<string, Schema> = s.properties ?? {};
  for (const key of ['kind', 'apiVersion']) {
    if (checkMetadata && properties[key] && properties[key].type !== 'string') report(`${path}.properties[${key}].type`, 'must be string', source);
  }
  const metadata = properties.metadata;
  if (metadata) {
    const metadataPath = `${path}.properties[metadata]`;
    if (checkMetadata && metadata.type !== 'object') report(`${metadataPath}.type`, 'must be object', `${STRUCTURAL} validateStructuralMetadataInvariants`);
    if (level === 'root') {
      // Only `type: object` and restrictions of name / generateName survive; anything else is an error.
      const rest = Object.keys(metadata).filter(key => key !== 'type' && key !== 'properties');
      const otherProperties = Object.keys(metadata.properties ?? {}).filter(key => key !== 'name' && key !== 'generateName');
      if (rest.length > 0 || otherProperties.length > 0) {
        report(metadataPath, 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
          `${STRUCTURAL} validateStructuralMetadataInvariants (found ${[...rest, ...otherProperties.map(p => `properties.${p}`)].join(', ')})`);
      }
    }
  }
}

function isIntOrString(s: Schema): boolean {
  const pair = (list: Schema[] | undefined) => Array.isArray(list) && list.length === 2
    && list.some(x => x.type === 'integer') && list.some(x => x.type === 'string');
  return pair(s.anyOf) || pair(s.allOf?.[0]?.anyOf);
}

/** S validateNestedValueValidation. */
function checkNested(v: Schema, path: string, report: Report, intOrStringPair: boolean): void {
  const source = `${STRUCTURAL} validateNestedValueValidation`;
  for (const [key, message] of NESTED_FORBIDDEN) {
    if (key === 'type' && intOrStringPair) continue;
    if (v[key] !== undefined && v[key] !== false && !(Array.isArray(v[key]) && v[key].length === 0)) report(`${path}.${key}`, `Forbidden: ${message}`, source);
  }
  if (v.properties?.metadata) report(`${path}.properties[metadata]`, 'Forbidden: must not be specified in a nested context', source);
  for (const [key, child] of Object.entries<Schema>(v.properties ?? {})) checkNested(child, `${path}.properties[${key}]`, report, false);
  if (v.items) checkNested(v.items, `${path}.items`, report, false);
}

/** V ValidateCustomResourceDefinitionOpenAPISchema and the v1 list/map type rules, recursively. */
function checkApiRules(s: Schema, path: string, report: Report): void {
  const source = `${API} ValidateCustomResourceDefinitionOpenAPISchema`;
  for (const [key, message] of UNSUPPORTED) if (s[key] !== undefined) report(`${path}.${key}`, `Forbidden: ${message}`, `${API} specStandardValidatorV3.validate`);
  if (s.type === 'null') report(`${path}.type`, 'Forbidden: type cannot be set to null', `${API} specStandardValidatorV3.validate`);
  if (Array.isArray(s.items)) report(`${path}.items`, 'Forbidden: items must be a schema object and not an array', `${API} specStandardValidatorV3.validate`);
  if (s.uniqueItems === true) report(`${path}.uniqueItems`, 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic', source);
  if (s.additionalProperties !== undefined && Object.keys(s.properties ?? {}).length > 0
    && (s.additionalProperties === false || typeof s.additionalProperties === 'object')) {
    report(`${path}.additionalProperties`, 'Forbidden: additionalProperties and properties are mutual exclusive', source);
  }

  const listType = s['x-kubernetes-list-type'];
  const listSource = `${API} (x-kubernetes-list-type rules)`;
  if (listType !== undefined) {
    if (s.type !== 'array') report(`${path}.x-kubernetes-list-type`, 'must only be used on type array', listSource);
    if (!['atomic', 'set', 'map'].includes(listType)) report(`${path}.x-kubernetes-list-type`, 'Unsupported value: must be one of atomic, set, map', listSource);
    if (listType === 'set' && s.items && !SCALARS.has(s.items.type) && s.items['x-kubernetes-map-type'] !== 'atomic') {
      report(`${path}.items`, 'must be of a scalar type or atomic map if x-kubernetes-list-type is set', listSource);
    }
    if (listType === 'map') {
      const keys: string[] = s['x-kubernetes-list-map-keys'] ?? [];
      if (keys.length === 0) report(`${path}.x-kubernetes-list-map-keys`, 'Required value: must not be empty if x-kubernetes-list-type is map', listSource);
      if (s.items?.type !== 'object') report(`${path}.items.type`, 'must be object if x-kubernetes-list-type is map', listSource);
      for (const key of keys) {
        const keySchema = s.items?.properties?.[key];
        if (!keySchema) {report(`${path}.items.properties`, `entries for all x-kubernetes-list-map-keys must be specified (missing ${key})`, listSource);} else if (!SCALARS.has(keySchema.type)) {report(`${path}.items.properties[${key}].type`, 'must be a scalar type if used as a list map key', listSource);} else if (!(s.items?.required ?? []).includes(key) && keySchema.default === undefined) {
          report(`${path}.items.properties[${key}]`, 'all map keys must be required or have a default value', listSource);
        }
      }
    }
  } else if (s['x-kubernetes-list-map-keys'] !== undefined) {
    report(`${path}.x-kubernetes-list-map-keys`, 'Forbidden: must not be set if x-kubernetes-list-type is not map', listSource);
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (!['atomic', 'granular'].includes(mapType)) report(`${path}.x-kubernetes-map-type`, 'Unsupported value: must be atomic or granular', `${API} (x-kubernetes-map-type)`);
    if (s.type !== 'object') report(`${path}.x-kubernetes-map-type`, 'must only be used on type object', `${API} (x-kubernetes-map-type)`);
  }

  for (const [key, child] of Object.entries<Schema>(s.properties ?? {})) checkApiRules(child, `${path}.properties[${key}]`, report);
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) checkApiRules(s.items, `${path}.items`, report);
  if (typeof s.additionalProperties === 'object') checkApiRules(s.additionalProperties, `${path}.additionalProperties`, report);
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) (s[junctor] ?? []).forEach((nested: Schema, i: number) => checkApiRules(nested, `${path}.${junctor}[${i}]`, report));
}
