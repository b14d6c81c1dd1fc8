import * as fs from 'fs';
import * as path from 'path';
import { buildQuickstart } from '../../examples/quickstart/app';
import { readManifests, tempDir } from '../util/files';
import { validateAll } from '../util/k8s-validator';
import {
  configIn, container, containersOf, find, flagValue, hostPathVolume, mountOf, ofKind, pluginData, volume,
} from '../util/synth';

const outdir = tempDir();
buildQuickstart(outdir).synth();
const files = readManifests(outdir);
const all = [...files.values()].flat();
const spireObjects = files.get('0001-spire.k8s.yaml')!;
const server = find(all, 'StatefulSet', 'spire-server');
const agent = find(all, 'DaemonSet', 'spire-agent');
const csi = find(all, 'DaemonSet', 'spiffe-csi-driver');
const serverConf = configIn(all, 'spire-server', 'server.conf');
const agentConf = configIn(all, 'spire-agent', 'agent.conf');
const cmConf = configIn(all, 'spire-controller-manager', 'controller-manager-config.json');

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('quickstart output', () => {
  test('is three ordered files: CRDs, SPIRE, identities', () => {
    expect([...files.keys()]).toEqual(['0000-spire-crds.k8s.yaml', '0001-spire.k8s.yaml', '0002-spire-identities.k8s.yaml']);
    expect(files.get('0000-spire-crds.k8s.yaml')!.every(o => o.kind === 'CustomResourceDefinition')).toBe(true);
    expect(files.get('0002-spire-identities.k8s.yaml')!.map(o => o.kind)).toEqual(['ClusterSPIFFEID', 'ClusterSPIFFEID']);
  });

  test.each([...files.keys()])('%s matches its snapshot', file => {
    expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toMatchSnapshot();
  });

  test('every object validates against the Kubernetes OpenAPI schema or our CRDs', () => {
    expect(validateAll(all)).toEqual([]);
  });

  test('creates what DESIGN.md lists', () => {
    const inventory = spireObjects.map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
    expect(inventory).toEqual([
      'CSIDriver//csi.spiffe.io',
      'ClusterRole//spire-server-spire-agent',
      'ClusterRole//spire-server-spire-controller-manager',
      'ClusterRole//spire-server-spire-server',
      'ClusterRoleBinding//spire-server-spire-agent',
      'ClusterRoleBinding//spire-server-spire-controller-manager',
      'ClusterRoleBinding//spire-server-spire-server',
      'ConfigMap/spire-server/spire-controller-manager',
      'ConfigMap/spire-server/spire-server',
      'ConfigMap/spire-system/spire-agent',
      'ConfigMap/spire-system/spire-bundle',
      'DaemonSet/spire-system/spiffe-csi-driver',
      'DaemonSet/spire-system/spire-agent',
      'Namespace//spire-server',
      'Namespace//spire-system',
      'Role/spire-server/spire-controller-manager-leader-election',
      'Role/spire-system/spire-bundle',
      'RoleBinding/spire-server/spire-controller-manager-leader-election',
      'RoleBinding/spire-system/spire-bundle',
      'Service/spire-server/spire-controller-manager-webhook',
      'Service/spire-server/spire-server',
      'ServiceAccount/spire-server/spire-server',
      'ServiceAccount/spire-system/spiffe-csi-driver',
      'ServiceAccount/spire-system/spire-agent',
      'StatefulSet/spire-server/spire-server',
      'ValidatingWebhookConfiguration//spire-server-spire-controller-manager-webhook',
    ]);
  });
});

describe('cross-component invariants (SPIRE-ISTIO-FACTS §7)', () => {
  test('1: one trust domain in server, agent and controller manager', () => {
    expect(serverConf.server.trust_domain).toBe('example.org');
    expect(agentConf.agent.trust_domain).toBe('example.org');
    expect(cmConf.trustDomain).toBe('example.org');
  });

  test('2: the agent socket directory is the CSI driver\'s, on a hostPath, and also reachable as "socket"', () => {
    const socketPath: string = agentConf.agent.socket_path;
    const socketDir = path.posix.dirname(socketPath);
    expect(path.posix.basename(socketPath)).toBe('spire-agent.sock');
    const script: string = container(agent, 'prepare-socket-dir').command[2];
    // test/consumers/container-scripts.test.ts runs this script for real.
    expect(script).toContain(`ln -sfn 'spire-agent.sock' '${socketDir}'/socket`);
    expect(script).toContain(`ln -sfn 'spire-agent.sock' '${socketDir}'/api.sock`);
    const agentMount = mountOf(container(agent, 'spire-agent'), hostPathVolume(agent, '/run/spire/agent-sockets').name);
    expect(agentMount.mountPath).toBe(socketDir);
    const driver = container(csi, 'spiffe-csi-driver');
    const csiDir = flagValue(driver.args, '-workload-api-socket-dir');
    const csiMount = mountOf(driver, hostPathVolume(csi, '/run/spire/agent-sockets').name);
    expect(csiMount.mountPath).toBe(csiDir);
    expect(csiMount.readOnly).toBe(true);
    // Same node directory behind both mounts, and a hostPath (never an emptyDir).
    expect(volume(agent, agentMount.name).hostPath.path).toBe(volume(csi, csiMount.name).hostPath.path);
  });

  test('3: the CSI driver name is the same everywhere', () => {
    const driverObject = find(all, 'CSIDriver', 'csi.spiffe.io');
    const driver = container(csi, 'spiffe-csi-driver');
    const registrar = container(csi, 'node-driver-registrar');
    expect(flagValue(driver.args, '-plugin-name')).toBe(driverObject.metadata.name);
    expect(flagValue(registrar.args, '-kubelet-registration-path')).toBe(`/var/lib/kubelet/plugins/${driverObject.metadata.name}/csi.sock`);
    expect(hostPathVolume(csi, `/var/lib/kubelet/plugins/${driverObject.metadata.name}`)).toBeDefined();
    expect(flagValue(driver.args, '-csi-socket-path')).toBe(flagValue(registrar.args, '-csi-address'));
    expect(driverObject.spec).toEqual({ attachRequired: false, podInfoOnMount: true, fsGroupPolicy: 'None', volumeLifecycleModes: ['Ephemeral'] });
  });

  test('5: the cluster name agrees between controller manager, agent and server', () => {
    const serverClusters = pluginData(serverConf, 'NodeAttestor', 'k8s_psat').clusters.flatMap((c: object) => Object.keys(c));
    expect(cmConf.clusterName).toBe('demo-cluster');
    expect(pluginData(agentConf, 'NodeAttestor', 'k8s_psat').cluster).toBe('demo-cluster');
    expect(serverClusters).toEqual(['demo-cluster']);
  });

  test('6: every registration carries the controller\'s className', () => {
    const registrations = all.filter(o => o.apiVersion === 'spire.spiffe.io/v1alpha1');
    expect(registrations.length).toBeGreaterThan(0);
    for (const r of registrations) expect(r.spec.className).toBe(cmConf.className);
    expect(cmConf.watchClassless).toBe(false);
  });

  test('7: the controller manager reaches the server API socket through the shared volume', () => {
    const serverContainer = container(server, 'spire-server');
    const cm = container(server, 'spire-controller-manager');
    const socketPath: string = serverConf.server.socket_path;
    const serverMount = (serverContainer.volumeMounts as any[]).find(m => m.mountPath === path.posix.dirname(socketPath));
    expect(serverMount).toBeDefined();
    expect(volume(server, serverMount.name).emptyDir).toEqual({});
    const cmMount = mountOf(cm, serverMount.name);
    expect(cmMount.readOnly).toBe(true);
    expect(cmConf.spireServerSocketPath).toBe(`${cmMount.mountPath}/${path.posix.basename(socketPath)}`);
    expect(cm.args).toEqual([`--config=${mountOf(cm, 'controller-manager-config').mountPath}/controller-manager-config.json`]);
  });

  test('8: webhook configuration, Service and paths agree with the controller manager', () => {
    const vwc = find(all, 'ValidatingWebhookConfiguration', cmConf.validatingWebhookConfigurationName);
    const service = find(all, 'Service', 'spire-controller-manager-webhook');
    const webhookPort = container(server, 'spire-controller-manager').ports.find((p: any) => p.name === service.spec.ports[0].targetPort);
    expect(webhookPort.containerPort).toBe(cmConf.webhook.port);
    expect(service.spec.selector).toEqual(server.spec.selector.matchLabels);
    expect(vwc.webhooks.map((w: any) => [w.name, w.clientConfig.service.path])).toEqual([
      ['vclusterfederatedtrustdomain.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterfederatedtrustdomain'],
      ['vclusterspiffeid.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterspiffeid'],
    ]);
    for (const webhook of vwc.webhooks) {
      const { name, namespace } = service.metadata;
      expect(webhook.clientConfig.service).toMatchObject({ name, namespace, port: service.spec.ports[0].port });
      expect(webhook.clientConfig.caBundle).toBeUndefined();
      expect(webhook.failurePolicy).toBe('Fail');
    }
  });

  test('9: the agent token audience, path and service account match the server\'s k8s_psat', () => {
    const psat = pluginData(serverConf, 'NodeAttestor', 'k8s_psat').clusters[0]['demo-cluster'];
    const tokenVolume = (agent.spec.template.spec.volumes as any[]).find(v => v.projected);
    const source = tokenVolume.projected.sources[0].serviceAccountToken;
    expect(psat.audience).toContain(source.audience);
    const tokenMount = mountOf(container(agent, 'spire-agent'), tokenVolume.name);
    expect(pluginData(agentConf, 'NodeAttestor', 'k8s_psat').token_path).toBe(`${tokenMount.mountPath}/${source.path}`);
    expect(psat.service_account_allow_list).toEqual([`${agent.metadata.namespace}:${agent.spec.template.spec.serviceAccountName}`]);
  });

  test('10: the bundle ConfigMap the server publishes is the one agents mount, in the same format', () => {
    const publisher = pluginData(serverConf, 'BundlePublisher', 'k8s_configmap').clusters[0]['demo-cluster'];
    const bundle = find(all, 'ConfigMap', publisher.configmap_name);
    expect(bundle.metadata.namespace).toBe(publisher.namespace);
    expect(bundle.metadata.namespace).toBe(agent.metadata.namespace);
    expect(bundle.data).toBeUndefined();
    const bundleVolume = (agent.spec.template.spec.volumes as any[]).find(v => v.configMap?.name === publisher.configmap_name);
    const mount = mountOf(container(agent, 'spire-agent'), bundleVolume.name);
    expect(agentConf.agent.trust_bundle_path).toBe(`${mount.mountPath}/${publisher.configmap_key}`);
    expect(agentConf.agent.trust_bundle_format).toBe(publisher.format);
    const role = find(all, 'Role', 'spire-bundle');
    expect(role.metadata.namespace).toBe(publisher.namespace);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [publisher.configmap_name], verbs: ['get', 'patch'] }]);
    const binding = find(all, 'RoleBinding', 'spire-bundle');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: server.spec.template.spec.serviceAccountName, namespace: server.metadata.namespace }]);
  });

  test('11: without federation the agent keeps SPIRE\'s SDS names (default, ROOTCA), which Istio asks for', () => {
    expect(agentConf.agent.sds).toBeUndefined();
  });

  test('the agent dials the server Service on its gRPC port', () => {
    const service = find(all, 'Service', 'spire-server');
    expect(agentConf.agent.server_address).toBe(`${service.metadata.name}.${service.metadata.namespace}.svc`);
    expect(agentConf.agent.server_port).toBe(service.spec.ports[0].port);
    const grpc = container(server, 'spire-server').ports.find((p: any) => p.name === service.spec.ports[0].targetPort);
    expect(grpc.containerPort).toBe(serverConf.server.bind_port);
  });

  test('the server keeps its datastore and keys on the persistent volume', () => {
    const dataDir: string = serverConf.server.data_dir;
    expect(pluginData(serverConf, 'DataStore', 'sql')).toEqual({ database_type: 'sqlite3', connection_string: `${dataDir}/datastore.sqlite3` });
    expect(pluginData(serverConf, 'KeyManager', 'disk')).toEqual({ keys_path: `${dataDir}/keys.json` });
    const claim = server.spec.volumeClaimTemplates[0];
    expect(mountOf(container(server, 'spire-server'), claim.metadata.name).mountPath).toBe(dataDir);
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
  });

  test('probes hit the health listeners SPIRE is configured with', () => {
    const serverContainer = container(server, 'spire-server');
    const port = (c: any, name: string) => c.ports.find((p: any) => p.name === name).containerPort;
    expect(port(serverContainer, serverContainer.readinessProbe.httpGet.port)).toBe(serverConf.health_checks.bind_port);
    expect(serverContainer.readinessProbe.httpGet.path).toBe(serverConf.health_checks.ready_path);
    expect(serverContainer.livenessProbe.httpGet.path).toBe(serverConf.health_checks.live_path);
    const agentContainer = container(agent, 'spire-agent');
    expect(port(agentContainer, agentContainer.readinessProbe.httpGet.port)).toBe(agentConf.health_checks.bind_port);
    const cm = container(server, 'spire-controller-manager');
    expect(`0.0.0.0:${port(cm, cm.readinessProbe.httpGet.port)}`).toBe(cmConf.health.healthProbeBindAddress);
  });
});

describe('security posture', () => {
  test('namespaces are split by Pod Security level', () => {
    expect(find(all, 'Namespace', 'spire-server').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(all, 'Namespace', 'spire-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('server and controller manager run restricted', () => {
    expect(server.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of containersOf(server)) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  test('the agent runs as non-root with no capabilities; only its init container is root, with CHOWN alone', () => {
    expect(container(agent, 'spire-agent').securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container(agent, 'prepare-socket-dir').securityContext).toMatchObject({ runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN'] } });
    expect(agent.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
  });

  test('only the CSI driver container is privileged, and it needs no API token', () => {
    const privileged = all.flatMap(o => (o.spec?.template ? containersOf(o) : [])).filter(c => c.securityContext?.privileged);
    expect(privileged.map(c => c.name)).toEqual(['spiffe-csi-driver']);
    expect(csi.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('every container has CPU and memory requests and a pinned image', () => {
    for (const workload of [server, agent, csi]) {
      for (const c of containersOf(workload)) {
        expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.image).toMatch(/^[a-z0-9.-]+\/[\w./-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.imagePullPolicy).toBe('IfNotPresent');
      }
    }
  });

  test('RBAC grants no wildcards and no secrets access', () => {
    for (const role of [...ofKind(all, 'ClusterRole'), ...ofKind(all, 'Role')]) {
      for (const rule of role.rules) {
        expect(rule.verbs).not.toContain('*');
        expect(rule.resources).not.toContain('*');
        expect(rule.resources).not.toContain('secrets');
      }
    }
  });

  test('config changes roll the pods (checksum annotations)', () => {
    expect(server.spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{16}$/);
    expect(agent.spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{16}$/);
  });
});
