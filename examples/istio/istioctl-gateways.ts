import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';

/**
 * What `istioctl install -f <outdir>/istioctl/istio-operator.k8s.yaml` brings that the identity
 * plan needs: the IstioOperator itself (its injector default templates decide which pods get
 * the SPIRE template) and the gateway Deployments it creates. istioctl's gateway charts name the Deployment
 * after the component, label its pods `app: <name>` plus the component's `label:` map, run them
 * as `<name>-service-account` (manifests/charts/gateways/istio-ingress/templates/deployment.yaml
 * and serviceaccount.yaml), and the IstioOperator's overlays patch in the SPIFFE CSI volume.
 */
export function istioctlInstallObjects(outdir: string): any[] {
  const file = path.join(outdir, 'istioctl', 'istio-operator.k8s.yaml');
  if (!fs.existsSync(file)) return [];
  const operator = Yaml.load(file).find((o: any) => o.kind === 'IstioOperator');
  const components = operator?.spec?.components ?? {};
  const gateways: any[] = [...(components.ingressGateways ?? []), ...(components.egressGateways ?? [])];
  return [operator, ...gateways.filter((g) => g.enabled !== false).map((gateway) => {
    const name: string = gateway.name;
    const pod: any = {
      metadata: { labels: { 'app': name, ...(gateway.label ?? {}), 'sidecar.istio.io/inject': 'false' } },
      spec: {
        serviceAccountName: `${name}-service-account`,
        containers: [{ name: 'istio-proxy', image: 'auto', volumeMounts: [{ name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' }] }],
        volumes: [{ name: 'workload-socket', emptyDir: {} }],
      },
    };
    for (const overlay of gateway.k8s?.overlays ?? []) {
      if (overlay.kind === 'Deployment' && overlay.name === name) for (const patch of overlay.patches ?? []) applyPatch(pod, patch.path, patch.value);
    }
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: gateway.namespace ?? 'istio-system' },
      spec: { selector: { matchLabels: gateway.label ?? { app: name } }, template: pod },
    };
  })];
}

/** istioctl overlay paths of the form `spec.template.spec.a.[name:x].b.[name:y]` (replace or append the element). */
function applyPatch(pod: any, patchPath: string, value: unknown): void {
  const parts = patchPath.replace(/^spec\.template\./, '').split('.');
  let node: any = pod;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const selector = /^\[(\w+):(.+)\]$/.exec(part);
    if (!selector) {
      if (last) node[part] = value;
      else node = node[part] ??= parts[i + 1]?.startsWith('[') ? [] : {};
      return;
    }
    const [, key, wanted] = selector;
    const index = node.findIndex((e: any) => e?.[key] === wanted);
    if (last) {
      if (index >= 0) node[index] = value;
      else node.push(value);
    } else {
      node = node[index];
    }
  });
}
