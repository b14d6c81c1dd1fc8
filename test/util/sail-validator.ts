// Validates Istio values against the Sail Operator's Istio CRD, whose schema
// types every Istio Helm value. Loaded and compiled once, on first use.
import * as fs from 'fs';
import * as path from 'path';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import { parse } from 'yaml';
import { schemaValidator } from './crd-validator';

let root: IJSONSchemaProps | undefined;
const compiled = new Map<string, (obj: unknown) => string[]>();

function sailSchema(): IJSONSchemaProps {
  if (!root) {
    const crd = parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sail-crds', 'sailoperator.io_istios.yaml'), 'utf8'));
    root = crd.spec.versions[0].schema.openAPIV3Schema as IJSONSchemaProps;
  }
  return root;
}

/** The schema node at a dotted path under the CRD root, e.g. `spec.values.meshConfig`. */
function schemaAt(dotted: string): IJSONSchemaProps {
  let node: IJSONSchemaProps = sailSchema();
  for (const key of dotted.split('.').filter(Boolean)) {
    const next = node.properties?.[key];
    if (!next) throw new Error(`the Sail CRD has no schema at ${dotted}`);
    node = next;
  }
  return node;
}

/** Errors of `value` against the Sail CRD schema at `at` ('' for a whole Istio resource). */
export function validateSail(value: unknown, at = ''): string[] {
  let validate = compiled.get(at);
  if (!validate) {
    validate = schemaValidator(at ? schemaAt(at) : sailSchema(), { strict: false });
    compiled.set(at, validate);
  }
  return validate(value);
}

/** Istio versions the Sail CRD accepts (`spec.version` enum). */
export function sailVersions(): string[] {
  return (schemaAt('spec.version').enum ?? []) as string[];
}
