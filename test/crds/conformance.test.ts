// Our CRDs must be structurally equal to the ones spire-controller-manager
// publishes (test/fixtures/upstream-crds), while every description is our own.
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { clusterFederatedTrustDomainCrd } from '../../src/crds/cluster-federated-trust-domain-crd';
import { clusterSpiffeIdCrd } from '../../src/crds/cluster-spiffe-id-crd';
import { clusterStaticEntryCrd } from '../../src/crds/cluster-static-entry-crd';

const FIXTURES = join(__dirname, '..', 'fixtures', 'upstream-crds');

const CASES = [
  { file: 'spire.spiffe.io_clusterspiffeids.yaml', ours: clusterSpiffeIdCrd },
  { file: 'spire.spiffe.io_clusterfederatedtrustdomains.yaml', ours: clusterFederatedTrustDomainCrd },
  { file: 'spire.spiffe.io_clusterstaticentries.yaml', ours: clusterStaticEntryCrd },
];

/** Schema keywords that must match at every path. Descriptions are compared separately. */
interface Shape {
  type?: string;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  itemsType?: string;
  additionalProperties?: unknown;
  listType?: string;
  mapType?: string;
  preserveUnknownFields?: boolean;
  format?: string;
}

/** Every node of a schema tree by path (`spec.podSelector.matchExpressions[]`), with the node itself. */
function walk(schema: any, path = '', out = new Map<string, any>()): Map<string, any> {
  out.set(path || '(root)', schema);
  for (const [name, child] of Object.entries<any>(schema.properties ?? {})) {
    walk(child, path ? `${path}.${name}` : name, out);
  }
  if (schema.items && typeof schema.items === 'object') walk(schema.items, `${path}[]`, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    walk(schema.additionalProperties, `${path}{}`, out);
  }
  return out;
}

function shape(node: any): Shape {
  const s: Shape = {
    type: node.type,
    required: node.required ? [...node.required].sort() : undefined,
    enum: node.enum,
    pattern: node.pattern,
    itemsType: node.items?.type,
    // Child schemas are compared at their own `{}` path; here only whether one exists.
    additionalProperties: typeof node.additionalProperties === 'object' ? 'schema' : node.additionalProperties,
    listType: node['x-kubernetes-list-type'],
    mapType: node['x-kubernetes-map-type'],
    preserveUnknownFields: node['x-kubernetes-preserve-unknown-fields'],
    format: node.format,
  };
  return JSON.parse(JSON.stringify(s));
}

/** Human-readable differences between two schema trees; empty when structurally equal. */
function schemaDiff(ours: any, upstream: any): string[] {
  const a = walk(ours);
  const b = walk(upstream);
  const diff: string[] = [];
  for (const path of b.keys()) if (!a.has(path)) diff.push(`- ${path}: missing in ours`);
  for (const path of a.keys()) if (!b.has(path)) diff.push(`+ ${path}: not in upstream`);
  for (const [path, node] of a) {
    if (!b.has(path)) continue;
    const mine = JSON.stringify(shape(node));
    const theirs = JSON.stringify(shape(b.get(path)));
    if (mine !== theirs) diff.push(`~ ${path}: ours ${mine} vs upstream ${theirs}`);
  }
  return diff;
}

/** The CRD without its schema, as compared field by field. */
function envelope(crd: any) {
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    name: crd.metadata.name,
    group: crd.spec.group,
    names: crd.spec.names,
    scope: crd.spec.scope,
    versions: crd.spec.versions.map((v: any) => ({
      name: v.name,
      served: v.served,
      storage: v.storage,
      subresources: v.subresources,
      additionalPrinterColumns: v.additionalPrinterColumns,
    })),
  };
}

describe.each(CASES)('$file', ({ file, ours }) => {
  const upstream = parse(readFileSync(join(FIXTURES, file), 'utf8'));
  const mine: any = ours();
  const upstreamSchema = upstream.spec.versions[0].schema.openAPIV3Schema;
  const mySchema = mine.spec.versions[0].schema.openAPIV3Schema;

  test('names, scope, versions, subresources and printer columns match', () => {
    expect(envelope(mine)).toEqual(envelope(upstream));
  });

  test('schema is structurally equal', () => {
    const diff = schemaDiff(mySchema, upstreamSchema);
    if (diff.length > 0) {
      throw new Error(`schema of ${file} differs from upstream:\n${diff.join('\n')}`);
    }
  });

  test('every description is our own and present', () => {
    const theirs = walk(upstreamSchema);
    const copied: string[] = [];
    const missing: string[] = [];
    for (const [path, node] of walk(mySchema)) {
      // additionalProperties / items of plain strings need no prose; the root
      // metadata may not have any (the API server refuses the CRD, see
      // api-server-rules.test.ts).
      if (path.endsWith('{}') || (path.endsWith('[]') && node.type !== 'object') || path === 'metadata') continue;
      if (!node.description) missing.push(path);
      const upstreamDescription = theirs.get(path)?.description;
      if (upstreamDescription && normalize(upstreamDescription) === normalize(node.description)) copied.push(path);
    }
    expect({ copied, missing }).toEqual({ copied: [], missing: [] });
    expect(mySchema.properties.metadata).toEqual({ type: 'object' });
  });

  test('carries our label and none of the generator annotations', () => {
    expect(mine.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'spire' });
    expect(mine.metadata.annotations).toBeUndefined();
    expect(mine.metadata.creationTimestamp).toBeUndefined();
    expect(mine.status).toBeUndefined();
  });
});

function normalize(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

test('the diff reports a changed type, a missing path and an extra path', () => {
  const upstream = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'boolean' } } };
  const ours = { type: 'object', properties: { a: { type: 'integer' }, c: { type: 'string' } } };
  expect(schemaDiff(ours, upstream)).toEqual([
    '- b: missing in ours',
    '+ c: not in upstream',
    '~ a: ours {"type":"integer"} vs upstream {"type":"string"}',
  ]);
});
