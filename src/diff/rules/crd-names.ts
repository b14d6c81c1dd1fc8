// kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/
// validation/validation.go: `validateCustomResourceDefinitionSpecUpdate` keeps spec.group and
// spec.names.plural (they make the resource name), and for an established CRD spec.scope and
// spec.names.kind; `ValidateCustomResourceDefinitionStoredVersions`: every version in
// status.storedVersions (at least the old storage version) must stay in spec.versions.

import type { DiffContext } from '../diff-context';
import { DiffRule, finding, K8S } from './rule';

const SOURCE = `${K8S}:staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go`;

const IMMUTABLE: Record<string, (spec: any) => unknown> = {
  'spec.group': (s) => s?.group,
  'spec.names.plural': (s) => s?.names?.plural,
  'spec.scope': (s) => s?.scope,
  'spec.names.kind': (s) => s?.names?.kind,
};

export const crdRule: DiffRule = (context: DiffContext) => context.changed
  .filter((p) => p.after.kind === 'CustomResourceDefinition')
  .flatMap((p) => {
    const name = p.after.metadata?.name;
    const out = Object.entries(IMMUTABLE)
      .filter(([, read]) => read(p.before.spec) !== read(p.after.spec))
      .map(([field, read]) => finding('error', 'crd-immutable', p.after, field,
        `the API server refuses this update: ${field} of a CustomResourceDefinition cannot change (${read(p.before.spec)} -> ${read(p.after.spec)})`,
        [`back up every ${p.before.spec?.names?.kind} object first: deleting the CRD deletes them all`,
          `kubectl delete customresourcedefinition ${name}`, 'kubectl apply -f <the new manifests>', 'restore the objects'],
        `${SOURCE} validateCustomResourceDefinitionSpecUpdate`));
    const storage = (p.before.spec?.versions ?? []).find((v: any) => v.storage)?.name;
    const versions = new Set((p.after.spec?.versions ?? []).map((v: any) => v.name));
    if (storage && !versions.has(storage)) {
      out.push(finding('error', 'crd-stored-version-removed', p.after, 'spec.versions',
        `the API server refuses this update: version ${storage} is in status.storedVersions (it was the storage version) and must stay in spec.versions`,
        [`keep ${storage} in spec.versions (served: false is enough) until every object is rewritten in the new storage version`,
          `then remove it from status.storedVersions: kubectl patch crd ${name} --subresource=status --type=json -p '[{"op":"replace","path":"/status/storedVersions","value":["<new version>"]}]'`],
        `${SOURCE} ValidateCustomResourceDefinitionStoredVersions`));
    }
    return out;
  });
