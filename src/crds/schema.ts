// Small builders for the openAPIV3Schema of the spire.spiffe.io CRDs. They keep
// the three CRD files down to their fields and descriptions. Internal: nothing
// here is exported from the package root.
import type { ICustomResourceColumnDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceColumnDefinition';
import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import { SPIRE_API_VERSION, SPIRE_GROUP, SPIRE_VERSION } from './names';

/** One node of a structural schema. */
export type Schema = IJSONSchemaProps;

/** Named child schemas of an object schema. */
export type Properties = { [name: string]: Schema };

/** Extra keywords for a scalar (pattern, enum, ...). */
type Extra = Omit<Schema, 'type' | 'description'>;

export function stringField(description: string, extra: Extra = {}): Schema {
  return { description, type: 'string', ...extra };
}

export function booleanField(description: string): Schema {
  return { description, type: 'boolean' };
}

export function integerField(description: string): Schema {
  return { description, type: 'integer' };
}

/** A list; `listType` only where upstream sets x-kubernetes-list-type. */
export function arrayField(description: string, items: Schema, listType?: 'atomic'): Schema {
  return {
    description,
    type: 'array',
    items,
    ...(listType ? { 'x-kubernetes-list-type': listType } : {}),
  };
}

export function stringListField(description: string, listType?: 'atomic'): Schema {
  return arrayField(description, { type: 'string' }, listType);
}

export function objectField(description: string, properties?: Properties, required?: string[]): Schema {
  return {
    description,
    type: 'object',
    ...(properties ? { properties } : {}),
    ...(required && required.length > 0 ? { required } : {}),
  };
}

/** `spec.className`, which every kind has and which means the same everywhere. */
export function classNameField(): Schema {
  return stringField(
    'Controller class that owns this object. It must equal the className configured on the '
    + 'spire-controller-manager, or be empty when that controller watches classless objects; otherwise '
    + 'the object is ignored.',
  );
}

/**
 * The metav1.LabelSelector schema, as Kubernetes publishes it for a
 * `*metav1.LabelSelector` field (atomic map and lists).
 */
export function labelSelectorField(description: string): Schema {
  const requirement = objectField(
    'One condition on a label: the label `key`, an `operator`, and the `values` the operator compares against.',
    {
      key: stringField('Label key the condition looks at.'),
      operator: stringField('How the label value relates to `values`: one of In, NotIn, Exists or DoesNotExist.'),
      values: stringListField(
        'Values to compare with. In and NotIn need at least one; Exists and DoesNotExist need none.',
        'atomic',
      ),
    },
    ['key', 'operator'],
  );
  return {
    ...objectField(description, {
      matchExpressions: arrayField('Label conditions that must all hold for an object to match.', requirement, 'atomic'),
      matchLabels: {
        description: 'Labels an object must carry with exactly these values; combined with matchExpressions by AND.',
        type: 'object',
        additionalProperties: { type: 'string' },
      },
    }),
    'x-kubernetes-map-type': 'atomic',
  };
}

/**
 * The top-level schema of a custom resource: the apiVersion/kind/metadata
 * envelope plus its spec and status. Both metadata and spec are required.
 */
export function resourceSchema(kind: string, description: string, spec: Schema, status: Schema): Schema {
  return objectField(
    description,
    {
      apiVersion: stringField(`API group and version of this object; \`${SPIRE_API_VERSION}\` for ${kind}.`),
      kind: stringField(`Object type; always \`${kind}\` here.`),
      // The API server forbids anything but `type: object` (and limits on name
      // and generateName) under the root metadata, descriptions included
      // (apiextensions-apiserver schema/validation.go validateStructuralMetadataInvariants).
      metadata: { type: 'object' },
      spec,
      status,
    },
    ['metadata', 'spec'],
  );
}

/** Everything that differs between the three CRDs. */
export interface ClusterCrdOptions {
  readonly kind: string;
  readonly plural: string;
  readonly schema: Schema;
  readonly printerColumns?: ICustomResourceColumnDefinition[];
}

/**
 * A cluster-scoped CustomResourceDefinition in the spire.spiffe.io group,
 * serving and storing v1alpha1 only, with a status subresource.
 */
export function clusterCrd(options: ClusterCrdOptions): ICustomResourceDefinition {
  const { kind, plural } = options;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${SPIRE_GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'spire' },
    },
    spec: {
      group: SPIRE_GROUP,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
      },
      scope: 'Cluster',
      versions: [
        {
          name: SPIRE_VERSION,
          served: true,
          storage: true,
          ...(options.printerColumns ? { additionalPrinterColumns: options.printerColumns } : {}),
          schema: { openAPIV3Schema: options.schema },
          subresources: { status: {} },
        },
      ],
    },
  };
}
