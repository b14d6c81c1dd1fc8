// What spire-controller-manager hands its templates, and how people usually get it wrong.
// Facts: pkg/spireentry/entries.go `templateData`; templates are parsed by plain text/template
// with no Funcs(), so only Go's built-in functions exist.

/** The fields of the controller manager's template data, in its order. */
export const TEMPLATE_ROOTS: readonly string[] = ['TrustDomain', 'ClusterName', 'ClusterDomain', 'PodMeta', 'PodSpec', 'NodeMeta', 'NodeSpec'];

/** Roots that are strings, so no field can follow them. */
export const STRING_ROOTS: readonly string[] = ['TrustDomain', 'ClusterName', 'ClusterDomain'];

/** Go text/template's built-in functions. */
export const TEMPLATE_BUILTINS: readonly string[] = [
  'and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call',
];

/** Keywords that start a control action. */
export const CONTROL_KEYWORDS: readonly string[] = ['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue'];

/** Keywords that are values. */
export const VALUE_KEYWORDS: readonly string[] = ['nil', 'true', 'false'];

// Fields of corev1.PodSpec / NodeSpec that people reach for through the wrong root.
const POD_SPEC_FIELDS = ['ServiceAccountName', 'NodeName', 'Containers', 'InitContainers', 'Hostname', 'Subdomain', 'Volumes',
  'NodeSelector', 'SchedulerName', 'PriorityClassName', 'HostNetwork', 'Tolerations', 'Affinity', 'RuntimeClassName'];
const NODE_SPEC_FIELDS = ['PodCIDR', 'PodCIDRs', 'ProviderID', 'Unschedulable', 'Taints'];
const META_FIELDS = ['Name', 'Namespace', 'Labels', 'Annotations', 'UID', 'OwnerReferences', 'GenerateName'];

/** Second-level fields that live under another root (`.PodMeta.ServiceAccountName` is really `.PodSpec.ServiceAccountName`). */
const MOVED: { readonly [field: string]: readonly string[] } = {
  'PodMeta.ServiceAccountName': ['PodSpec', 'ServiceAccountName'],
  'PodMeta.ServiceAccount': ['PodSpec', 'ServiceAccountName'],
  'PodMeta.NodeName': ['PodSpec', 'NodeName'],
  // Go's field is DeprecatedServiceAccount; "ServiceAccount" is only the JSON name.
  'PodSpec.ServiceAccount': ['PodSpec', 'ServiceAccountName'],
  ...Object.fromEntries(META_FIELDS.map((f) => [`PodSpec.${f}`, ['PodMeta', f]])),
  ...Object.fromEntries(META_FIELDS.map((f) => [`NodeSpec.${f}`, ['NodeMeta', f]])),
  ...Object.fromEntries(NODE_SPEC_FIELDS.map((f) => [`NodeMeta.${f}`, ['NodeSpec', f]])),
};
// Looked up for every field reference, so keyed once by lowercase name.
const MOVED_BY_LOWERCASE = new Map(Object.entries(MOVED).map(([key, fix]) => [key.toLowerCase(), fix]));

/** Go struct fields are exported, so capitalised; `uid` is `UID`. */
function exported(field: string): string {
  const known = [...META_FIELDS, ...POD_SPEC_FIELDS, ...NODE_SPEC_FIELDS].find((f) => f.toLowerCase() === field.toLowerCase());
  return known ?? field.charAt(0).toUpperCase() + field.slice(1);
}

function oneOf(list: readonly string[], field: string | undefined): string | undefined {
  return field === undefined ? undefined : list.find((f) => f.toLowerCase() === field.toLowerCase());
}

/**
 * The field chain the author most likely meant when `fields[0]` is not a template root, or
 * undefined when there is no good guess.
 */
export function suggestRoot(fields: readonly string[]): string[] | undefined {
  const [root, ...rest] = fields;
  const sameName = oneOf(TEMPLATE_ROOTS, root);
  if (sameName) return [sameName, ...rest];
  const next = rest.length > 0 ? [exported(rest[0]), ...rest.slice(1)] : [];
  switch (root.toLowerCase()) {
    case 'pod':
      if (oneOf(['ServiceAccount'], rest[0])) return ['PodSpec', 'ServiceAccountName', ...rest.slice(1)];
      return [oneOf(POD_SPEC_FIELDS, rest[0]) ? 'PodSpec' : 'PodMeta', ...next];
    case 'node':
      return [oneOf(NODE_SPEC_FIELDS, rest[0]) ? 'NodeSpec' : 'NodeMeta', ...next];
    case 'meta':
    case 'metadata':
    case 'objectmeta':
      return ['PodMeta', ...next];
    case 'spec':
      return ['PodSpec', ...next];
    case 'serviceaccount':
    case 'serviceaccountname':
      return ['PodSpec', 'ServiceAccountName', ...rest];
    case 'nodename':
      return ['PodSpec', 'NodeName', ...rest];
    case 'cluster':
      return ['ClusterName', ...rest];
    case 'domain':
      return ['ClusterDomain', ...rest];
    default: {
      const meta = oneOf(META_FIELDS, root);
      return meta ? ['PodMeta', meta, ...rest] : undefined;
    }
  }
}

/**
 * The chain the author meant when a known root is followed by a field that does not exist there
 * (wrong root, or a lowercase field name), or undefined when the second field looks fine.
 */
export function suggestField(fields: readonly string[]): string[] | undefined {
  const [root, field, ...rest] = fields;
  if (field === undefined) return undefined;
  const moved = MOVED_BY_LOWERCASE.get(`${root}.${field}`.toLowerCase());
  if (moved) return [...moved, ...rest];
  // Unexported (lowercase) fields are invisible to templates.
  if (/^[a-z_]/.test(field)) return [root, exported(field), ...rest];
  return undefined;
}
