// Every CRD we emit must pass the checks the Kubernetes API server runs on a
// CustomResourceDefinition before storing it (structural schema, CRD API
// rules), not only the OpenAPI shape of the CRD object: see test/util/crd-rules.ts.
import { readFileSync } from 'fs';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { SpireCrds } from '../../src';
import { crdRuleViolations } from '../util/crd-rules';

const upstreamDir = join(__dirname, '..', 'fixtures', 'upstream-crds');
const upstream = ['spire.spiffe.io_clusterspiffeids.yaml', 'spire.spiffe.io_clusterfederatedtrustdomains.yaml', 'spire.spiffe.io_clusterstaticentries.yaml']
  .map(file => parse(readFileSync(join(upstreamDir, file), 'utf8')));

function ours(): any[] {
  const chart = new Chart(Testing.app(), 'crds');
  new SpireCrds(chart, 'crds');
  return Testing.synth(chart);
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

test.each(ours().map(crd => [crd.metadata.name, crd]))('the API server accepts our CRD %s', (_name, crd) => {
  expect(crdRuleViolations(crd)).toEqual([]);
});

test.each(upstream.map(crd => [crd.metadata.name, crd]))('the rules accept the controller manager\'s own CRD %s', (_name, crd) => {
  expect(crdRuleViolations(crd)).toEqual([]);
});

describe('the rules reject what the API server rejects', () => {
  const crd = () => clone(ours()[0]);
  const root = (c: any) => c.spec.versions[0].schema.openAPIV3Schema;

  test('a description on the root metadata (issue 7: every CRD was refused with this)', () => {
    const bad = crd();
    root(bad).properties.metadata = { description: 'Standard object metadata.', type: 'object' };
    expect(crdRuleViolations(bad)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified (schema/validation.go validateStructuralMetadataInvariants (found description))',
    ]);
  });

  test('root metadata may restrict name and generateName, nothing else', () => {
    const ok = crd();
    root(ok).properties.metadata = { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } };
    expect(crdRuleViolations(ok)).toEqual([]);
    const bad = crd();
    root(bad).properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } };
    expect(crdRuleViolations(bad)).toEqual([expect.stringContaining('found properties.labels')]);
  });

  test('a field without a type', () => {
    const bad = crd();
    root(bad).properties.spec.properties.hint = { description: 'untyped' };
    expect(crdRuleViolations(bad)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[hint].type: Required value: must not be empty for specified object fields (schema/validation.go validateStructuralInvariants)',
    ]);
  });

  test('properties beside additionalProperties, an array without items, a list map without keys', () => {
    const bad = crd();
    const spec = root(bad).properties.spec.properties;
    spec.podSelector.properties.matchLabels.properties = { app: { type: 'string' } };
    spec.dnsNameTemplates = { type: 'array' };
    spec.federatesWith['x-kubernetes-list-type'] = 'map';
    expect(crdRuleViolations(bad)).toEqual(expect.arrayContaining([
      expect.stringContaining('properties[matchLabels].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive'),
      expect.stringContaining('properties[dnsNameTemplates].items: Required value: must be specified'),
      expect.stringContaining('properties[federatesWith].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map'),
      expect.stringContaining('properties[federatesWith].items.type: must be object if x-kubernetes-list-type is map'),
    ]));
  });

  test('a description inside anyOf, and a second storage version', () => {
    const bad = crd();
    root(bad).properties.spec.properties.hint.anyOf = [{ description: 'x' }];
    bad.spec.versions.push({ ...clone(bad.spec.versions[0]), name: 'v1beta1' });
    expect(crdRuleViolations(bad)).toEqual(expect.arrayContaining([
      expect.stringContaining('properties[hint].anyOf[0].description: Forbidden: must be empty to be structural'),
      expect.stringContaining('spec.versions: must have exactly one version marked as storage version'),
    ]));
  });
});
