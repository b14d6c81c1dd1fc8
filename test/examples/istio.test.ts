import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthIstioExample } from '../../examples/istio/app';
import { readManifests, tempDir } from '../util/files';
import { validateAll } from '../util/k8s-validator';
import { validateSail, sailVersions } from '../util/sail-validator';
import { configIn, container, find, pluginData } from '../util/synth';

const outdir = tempDir();
synthIstioExample(outdir);
const main = readManifests(outdir);
const all = [...main.values()].flat();
const iop = readManifests(path.join(outdir, 'istioctl')).get('istio-operator.k8s.yaml')![0];
const sail = readManifests(path.join(outdir, 'sail')).get('istio.k8s.yaml')![0];
const helmFile = (name: string) => parse(fs.readFileSync(path.join(outdir, 'helm', name), 'utf8'));
const istiodValues = helmFile('istiod-values.yaml');
const ingressValues = helmFile('istio-ingressgateway-values.yaml');
const agentConf = configIn(all, 'spire-agent', 'agent.conf');
const serverConf = configIn(all, 'spire-server', 'server.conf');
const csiDriver = all.find(o => o.kind === 'CSIDriver');
const sidecarReg = find(all, 'ClusterSPIFFEID', 'istio-sidecar-reg');
const ingressReg = find(all, 'ClusterSPIFFEID', 'istio-ingressgateway-reg');
const templates = [iop.spec.values, istiodValues, sail.spec.values].map(v => v.sidecarInjectorWebhook.templates);
const ingressOverlay = iop.spec.components.ingressGateways[0].k8s.overlays[0];

/** The sidecar template rendered the way Istio would, for one native-sidecar decision. */
function renderSidecar(template: string, native: boolean): any {
  const text = template
    .replace(/^\{\{- \$nativeSidecar := .*\n/, '')
    .replace(/\n\s*\{\{- if \$nativeSidecar \}\}\n(\s*)initContainers:\n\s*\{\{- else \}\}\n\s*containers:\n\s*\{\{- end \}\}/,
      (_m, indent: string) => `\n${indent}${native ? 'initContainers' : 'containers'}:`);
  expect(text).not.toContain('{{');
  return parse(text);
}

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('istio example output', () => {
  test('writes SPIRE and every Istio install route as its own files', () => {
    const files = (dir: string) => fs.readdirSync(path.join(outdir, dir)).sort();
    expect(files('')).toEqual(['0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml', '0003-apps.k8s.yaml', 'helm', 'istioctl', 'sail']);
    expect(files('istioctl')).toEqual(['istio-operator.k8s.yaml']);
    expect(files('helm')).toEqual(['istio-egressgateway-values.yaml', 'istio-ingressgateway-values.yaml', 'istiod-values.yaml']);
    expect(files('sail')).toEqual(['istio.k8s.yaml']);
  });

  const outputs = ['0002-spire-identities.k8s.yaml', '0003-apps.k8s.yaml', 'istioctl/istio-operator.k8s.yaml', 'helm/istiod-values.yaml',
    'helm/istio-ingressgateway-values.yaml', 'helm/istio-egressgateway-values.yaml', 'sail/istio.k8s.yaml'];
  test.each(outputs)('%s matches its snapshot', file => {
    expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toMatchSnapshot();
  });

  test('every Kubernetes object validates against its schema (OpenAPI or our CRDs)', () => {
    expect(validateAll(all)).toEqual([]);
  });

  test('every Istio value validates against the Sail Operator schema of Istio values', () => {
    expect(validateSail(istiodValues, 'spec.values')).toEqual([]);
    expect(validateSail(iop.spec.values, 'spec.values')).toEqual([]);
    expect(validateSail(iop.spec.meshConfig, 'spec.values.meshConfig')).toEqual([]);
    expect(validateSail(sail)).toEqual([]);
    expect(sailVersions()).toContain(sail.spec.version);
  });
});

describe('Istio side equals the SPIRE side (SPIRE-ISTIO-FACTS §7)', () => {
  test('1: one trust domain in SPIRE, the IstioOperator, the Helm values and Sail', () => {
    const td = serverConf.server.trust_domain;
    expect(agentConf.agent.trust_domain).toBe(td);
    expect([iop.spec.meshConfig.trustDomain, istiodValues.meshConfig.trustDomain, sail.spec.values.meshConfig.trustDomain]).toEqual([td, td, td]);
  });

  test('2: the proxy is told the file name the agent serves, in the directory it looks in', () => {
    const socketFile = path.posix.basename(agentConf.agent.socket_path);
    // Only proxies that get the SPIRE socket are told its name (never mesh-wide
    // proxyMetadata: a proxy told a name it cannot find stops).
    const socketEnv = [{ name: 'WORKLOAD_IDENTITY_SOCKET_FILE', value: socketFile }];
    for (const values of [iop.spec, istiodValues, sail.spec.values]) expect(values.meshConfig.defaultConfig.proxyMetadata).toBeUndefined();
    for (const set of templates) {
      expect(renderSidecar(set.spire, false).spec.containers[0].env).toEqual(socketEnv);
      expect(renderSidecar(set.spire, true).spec.initContainers[0].env).toEqual(socketEnv);
      expect(parse(set['spire-gateway']).spec.containers[0].env).toEqual(socketEnv);
    }
    for (const gateway of [...iop.spec.components.ingressGateways, ...iop.spec.components.egressGateways]) expect(gateway.k8s.env).toEqual(socketEnv);
    // Istio's default name still resolves, through the agent's alias.
    expect(container(find(all, 'DaemonSet', 'spire-agent'), 'prepare-socket-dir').command[2]).toContain(`ln -sfn '${socketFile}' '/run/spire/agent-sockets'/socket`);
    for (const set of templates) {
      for (const doc of [renderSidecar(set.spire, false), parse(set['spire-gateway'])]) {
        expect(doc.spec.containers[0].volumeMounts).toEqual([{ name: 'workload-socket', mountPath: '/run/secrets/workload-spiffe-uds', readOnly: true }]);
      }
    }
    expect(ingressOverlay.patches[1]).toEqual({
      path: 'spec.template.spec.containers.[name:istio-proxy].volumeMounts.[name:workload-socket]',
      value: { name: 'workload-socket', mountPath: '/run/secrets/workload-spiffe-uds', readOnly: true },
    });
  });

  test('3 and 4: every workload-socket volume is the read-only CSI volume of the Spire\'s driver', () => {
    const expected = { name: 'workload-socket', csi: { driver: csiDriver.metadata.name, readOnly: true } };
    for (const set of templates) {
      expect(renderSidecar(set.spire, true).spec.volumes).toEqual([expected]);
      expect(parse(set['spire-gateway']).spec.volumes).toEqual([expected]);
    }
    expect(ingressOverlay.patches[0]).toEqual({ path: 'spec.template.spec.volumes.[name:workload-socket]', value: expected });
    const batch = all.find(o => o.kind === 'Deployment' && o.metadata.name.includes('batch'));
    expect(batch.spec.template.spec.volumes).toEqual([{ name: 'spiffe-workload-api', csi: { driver: csiDriver.metadata.name, readOnly: true } }]);
    expect(batch.spec.template.spec.containers[0].env).toContainEqual({ name: 'SPIFFE_ENDPOINT_SOCKET', value: `unix:///spiffe-workload-api/${path.posix.basename(agentConf.agent.socket_path)}` });
  });

  test('11: with federation the agent serves Istio\'s SDS names (default, "null", ROOTCA)', () => {
    expect(agentConf.agent.sds).toEqual({ default_svid_name: 'default', default_bundle_name: 'null', default_all_bundles_name: 'ROOTCA' });
  });

  test('12: mesh registrations render spiffe://<td>/ns/<ns>/sa/<sa>, with the controller\'s className and federation', () => {
    const cm = configIn(all, 'spire-controller-manager', 'controller-manager-config.json');
    for (const reg of all.filter(o => o.kind === 'ClusterSPIFFEID')) {
      expect(reg.spec.spiffeIDTemplate).toBe('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
      expect(reg.spec.className).toBe(cm.className);
      expect(reg.spec.federatesWith).toEqual(['partner.example.com']);
      expect(reg.spec.podSelector).toBeDefined();
    }
    expect(find(all, 'ClusterFederatedTrustDomain', 'partner').spec.trustDomain).toBe('partner.example.com');
  });

  test('13: each gateway registration matches the gateway\'s real namespace, service account and labels', () => {
    const component = iop.spec.components.ingressGateways[0];
    expect(ingressReg.spec.workloadSelectorTemplates).toEqual(['k8s:ns:istio-system', `k8s:sa:${component.name}-service-account`]);
    expect(ingressValues.serviceAccount.name).toBe(`${component.name}-service-account`);
    expect(ingressReg.spec.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } });
    expect(ingressReg.spec.podSelector.matchLabels).toEqual(component.label);
    expect(ingressReg.spec.podSelector.matchLabels).toEqual(ingressValues.labels);
    const cm = configIn(all, 'spire-controller-manager', 'controller-manager-config.json');
    expect(cm.ignoreNamespaces.some((p: string) => new RegExp(p).test('istio-system'))).toBe(false);
  });

  test('14: sidecars follow the native-sidecar decision, gateways always use containers, pods opt in with the annotation and label', () => {
    for (const set of templates) {
      const asInit = renderSidecar(set.spire, true);
      const asContainer = renderSidecar(set.spire, false);
      expect(asInit.spec.initContainers[0].name).toBe('istio-proxy');
      expect(asInit.spec.containers).toBeUndefined();
      expect(asContainer.spec.containers[0].name).toBe('istio-proxy');
      expect(asContainer.metadata.labels).toEqual(sidecarReg.spec.podSelector.matchLabels);
      expect(parse(set['spire-gateway']).metadata).toBeUndefined();
    }
    const payments = all.find(o => o.kind === 'Deployment' && o.metadata.name.includes('payments'));
    expect(payments.spec.template.metadata.annotations['inject.istio.io/templates']).toBe('sidecar,spire');
    expect(payments.spec.template.metadata.labels).toMatchObject(sidecarReg.spec.podSelector.matchLabels);
    expect(ingressValues.podAnnotations['inject.istio.io/templates']).toBe('gateway,spire-gateway');
  });

  test('15: the version-dependent choices fit Istio 1.30.3', () => {
    // >= 1.23.6: fail fast on the socket file; >= 1.27: no emptyDir workaround; >= 1.28: native-sidecar conditional.
    expect(parse(templates[1]['spire-gateway']).spec.containers[0].env[0].name).toBe('WORKLOAD_IDENTITY_SOCKET_FILE');
    for (const set of templates) {
      expect(set.spire).not.toContain('emptyDir');
      expect(set['spire-gateway']).not.toContain('emptyDir');
      expect(set.spire.startsWith('{{- $nativeSidecar := ')).toBe(true);
      expect(parse(set['spire-gateway']).spec.initContainers).toBeUndefined();
    }
    expect(sail.spec.version).toBe('v1.30.3');
  });

  test('16: a sidecar mesh, never the ambient profile', () => {
    expect(iop.spec.profile).toBe('default');
    expect(sail.spec.profile).toBeUndefined();
    expect(JSON.stringify([iop, sail, istiodValues])).not.toMatch(/ambient|ztunnel/);
  });

  test('18: holdApplicationUntilProxyStarts comes with the agent\'s disable_container_selectors', () => {
    expect(iop.spec.meshConfig.defaultConfig.holdApplicationUntilProxyStarts).toBe(true);
    expect(pluginData(agentConf, 'WorkloadAttestor', 'k8s').disable_container_selectors).toBe(true);
  });

  test('19: IstioOperator hygiene: no values.global, overlays target the component\'s own Deployment', () => {
    expect(iop.spec.values.global).toBeUndefined();
    expect(Object.keys(iop.spec.values)).toEqual(['sidecarInjectorWebhook']);
    for (const component of [...iop.spec.components.ingressGateways, ...iop.spec.components.egressGateways]) {
      expect(component.name).toMatch(/^[a-z0-9.-]{1,254}$/);
      expect(component.k8s.overlays).toEqual([expect.objectContaining({ kind: 'Deployment', name: component.name })]);
      expect(Object.keys(component.label)).not.toContain('spiffe.io/spire-managed-identity');
    }
    expect(iop.spec.profile).toBe('default');
  });
});
