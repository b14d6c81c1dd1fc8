// Validates the prometheus-operator objects we emit against a schema written
// from the monitoring.coreos.com/v1 CRDs (prometheus-operator
// example/prometheus-operator-crd/monitoring.coreos.com_{servicemonitors,podmonitors}.yaml,
// operator 0.84): required fields, the duration pattern of `interval`, and
// types. Objects are closed to the fields we use, so a typo fails here
// (the API server would prune it silently).
import Ajv from 'ajv';

const DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: { matchLabels: stringMap },
};
const namespaceSelector = {
  type: 'object',
  additionalProperties: false,
  properties: { any: { type: 'boolean' }, matchNames: { type: 'array', items: { type: 'string' } } },
};
const endpoint = {
  type: 'object',
  additionalProperties: false,
  required: ['port'],
  properties: {
    port: { type: 'string', minLength: 1 },
    path: { type: 'string' },
    interval: { type: 'string', pattern: DURATION },
  },
};
const metadata = {
  type: 'object',
  required: ['name', 'namespace'],
  properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: stringMap },
};

function monitor(kind: string, endpointsField: string, required: string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'monitoring.coreos.com/v1' },
      kind: { const: kind },
      metadata,
      spec: {
        type: 'object',
        additionalProperties: false,
        required,
        properties: { selector: labelSelector, namespaceSelector, [endpointsField]: { type: 'array', items: endpoint } },
      },
    },
  };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Record<string, ReturnType<typeof ajv.compile>> = {
  // ServiceMonitor spec requires endpoints and selector; PodMonitor only selector.
  ServiceMonitor: ajv.compile(monitor('ServiceMonitor', 'endpoints', ['endpoints', 'selector'])),
  PodMonitor: ajv.compile(monitor('PodMonitor', 'podMetricsEndpoints', ['selector'])),
};

export function validateMonitor(obj: any): string[] {
  const validate = validators[obj?.kind];
  if (!validate) return [`not a ServiceMonitor or PodMonitor: ${obj?.kind}`];
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(e => `${e.instancePath || '(root)'}: ${e.message}`);
}
