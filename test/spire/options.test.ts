import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ClusterSpiffeId, DataStore, KeyType, KubeletVerification, LogLevel, Spire, SpireImages,
} from '../../src';
import { validateAll } from '../util/k8s-validator';
import {
  configIn, container, containersOf, find, flagValue, hostPathVolume, mountOf, ofKind, pluginData, synthSpire,
} from '../util/synth';

const TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

describe('one derived value feeds every component', () => {
  test('socket directory and file name reach the agent, the CSI driver and the socket alias', () => {
    const { objects, spire } = synthSpire({ agent: { socketDirectory: '/run/spire/sockets', socketFileName: 'workload.sock' } });
    const agent = find(objects, 'DaemonSet', 'spire-agent');
    const csi = find(objects, 'DaemonSet', 'spiffe-csi-driver');
    expect(configIn(objects, 'spire-agent', 'agent.conf').agent.socket_path).toBe('/run/spire/sockets/workload.sock');
    expect(mountOf(container(agent, 'spire-agent'), hostPathVolume(agent, '/run/spire/sockets').name).mountPath).toBe('/run/spire/sockets');
    expect(flagValue(container(csi, 'spiffe-csi-driver').args, '-workload-api-socket-dir')).toBe('/run/spire/sockets');
    expect(mountOf(container(csi, 'spiffe-csi-driver'), hostPathVolume(csi, '/run/spire/sockets').name).mountPath).toBe('/run/spire/sockets');
    // Istio still finds a file named "socket".
    // test/consumers/container-scripts.test.ts runs the script for real.
    expect(container(agent, 'prepare-socket-dir').command[2]).toContain("ln -sfn 'workload.sock' '/run/spire/sockets'/socket");
    expect(container(agent, 'prepare-socket-dir').command[2]).toContain("ln -sfn 'workload.sock' '/run/spire/sockets'/api.sock");
    expect([spire.agentSocketDirectory, spire.socketFileName]).toEqual(['/run/spire/sockets', 'workload.sock']);
    expect(validateAll(objects)).toEqual([]);
  });

  test('a socket named "socket" needs no socket alias (a stale one is removed), only api.sock', () => {
    const { objects } = synthSpire({ agent: { socketFileName: 'socket' } });
    const script = container(find(objects, 'DaemonSet', 'spire-agent'), 'prepare-socket-dir').command[2];
    expect(script).toContain("if [ -L '/run/spire/agent-sockets'/socket ]; then rm -f '/run/spire/agent-sockets'/socket; fi");
    expect(script).toContain("ln -sfn 'socket' '/run/spire/agent-sockets'/api.sock");
    expect(script).not.toContain("ln -sfn 'socket' '/run/spire/agent-sockets'/socket");
  });

  test('the CSI driver name reaches the CSIDriver, the plugin flag and the registration paths', () => {
    const { objects, spire } = synthSpire({ csiDriver: { driverName: 'a.csi.spiffe.io', kubeletRootDirectory: '/var/snap/kubelet' } });
    const csi = find(objects, 'DaemonSet', 'spiffe-csi-driver');
    expect(find(objects, 'CSIDriver', 'a.csi.spiffe.io')).toBeDefined();
    expect(flagValue(container(csi, 'spiffe-csi-driver').args, '-plugin-name')).toBe('a.csi.spiffe.io');
    expect(flagValue(container(csi, 'node-driver-registrar').args, '-kubelet-registration-path')).toBe('/var/snap/kubelet/plugins/a.csi.spiffe.io/csi.sock');
    expect(hostPathVolume(csi, '/var/snap/kubelet/plugins/a.csi.spiffe.io')).toBeDefined();
    expect(mountOf(container(csi, 'spiffe-csi-driver'), hostPathVolume(csi, '/var/snap/kubelet/pods').name)).toMatchObject({ mountPath: '/var/snap/kubelet/pods', mountPropagation: 'Bidirectional' });
    expect(hostPathVolume(csi, '/var/snap/kubelet/plugins_registry')).toBeDefined();
    expect(spire.csiDriverName).toBe('a.csi.spiffe.io');
  });

  test('the cluster name reaches the controller manager, the agent, the server attestor and the publisher', () => {
    const { objects } = synthSpire({ clusterName: 'prod-eu-1' });
    const server = configIn(objects, 'spire-server', 'server.conf');
    const cm = configIn(objects, 'spire-controller-manager', 'controller-manager-config.json');
    expect(cm.clusterName).toBe('prod-eu-1');
    expect(cm.entryIDPrefix).toBe('prod-eu-1');
    expect(pluginData(configIn(objects, 'spire-agent', 'agent.conf'), 'NodeAttestor', 'k8s_psat').cluster).toBe('prod-eu-1');
    expect(Object.keys(pluginData(server, 'NodeAttestor', 'k8s_psat').clusters[0])).toEqual(['prod-eu-1']);
    expect(Object.keys(pluginData(server, 'BundlePublisher', 'k8s_configmap').clusters[0])).toEqual(['prod-eu-1']);
  });

  test('namespaces reach addresses, allow-lists, RBAC subjects, the webhook and cluster-scoped names', () => {
    const { objects, spire } = synthSpire({ serverNamespace: 'identity', systemNamespace: 'identity-nodes' });
    const server = configIn(objects, 'spire-server', 'server.conf');
    const agentConf = configIn(objects, 'spire-agent', 'agent.conf');
    const cm = configIn(objects, 'spire-controller-manager', 'controller-manager-config.json');
    expect(agentConf.agent.server_address).toBe('spire-server.identity.svc');
    expect(pluginData(server, 'NodeAttestor', 'k8s_psat').clusters[0]['demo-cluster'].service_account_allow_list).toEqual(['identity-nodes:spire-agent']);
    expect(pluginData(server, 'BundlePublisher', 'k8s_configmap').clusters[0]['demo-cluster'].namespace).toBe('identity-nodes');
    expect(find(objects, 'ConfigMap', 'spire-bundle').metadata.namespace).toBe('identity-nodes');
    expect(find(objects, 'RoleBinding', 'spire-bundle').subjects[0].namespace).toBe('identity');
    expect(find(objects, 'ClusterRoleBinding', 'identity-spire-agent').subjects[0].namespace).toBe('identity-nodes');
    expect(cm.validatingWebhookConfigurationName).toBe('identity-spire-controller-manager-webhook');
    expect(find(objects, 'ValidatingWebhookConfiguration', 'identity-spire-controller-manager-webhook').webhooks[0].clientConfig.service.namespace).toBe('identity');
    expect(cm.leaderElection.resourceNamespace).toBe('identity');
    expect(cm.ignoreNamespaces).toEqual(['^kube-system$', '^kube-public$', '^kube-node-lease$', '^identity$', '^identity-nodes$']);
    expect(ofKind(objects, 'Namespace').map(n => n.metadata.name)).toEqual(['identity', 'identity-nodes']);
    expect(spire.className).toBe('identity-spire');
    for (const o of objects) {
      if (o.metadata.namespace) expect(['identity', 'identity-nodes']).toContain(o.metadata.namespace);
    }
  });

  test('createNamespaces: false emits no Namespace and allows one shared namespace', () => {
    const { objects } = synthSpire({ createNamespaces: false, serverNamespace: 'spire', systemNamespace: 'spire' });
    expect(ofKind(objects, 'Namespace')).toEqual([]);
    expect(configIn(objects, 'spire-controller-manager', 'controller-manager-config.json').ignoreNamespaces).toEqual(['^kube-system$', '^kube-public$', '^kube-node-lease$', '^spire$', '^spire$']);
  });

  test('className reaches the controller manager and every linked registration', () => {
    const app = Testing.app();
    const spire = new Spire(new Chart(app, 'spire'), 'spire', { trustDomain: 'example.org', clusterName: 'c', controllerManager: { className: 'platform' } });
    const id = new ClusterSpiffeId(new Chart(app, 'ids'), 'id', { spire, spiffeIdTemplate: TEMPLATE, podSelector: { matchLabels: { a: 'b' } } });
    expect(id.className).toBe('platform');
    expect(JSON.parse(Testing.synth(spire.node.scope as Chart).find((o: any) => o.metadata.name === 'spire-controller-manager').data['controller-manager-config.json']).className).toBe('platform');
  });
});

describe('server options', () => {
  test('replicas with a shared datastore add a PodDisruptionBudget and inject the password from a Secret', () => {
    const { objects } = synthSpire({
      server: {
        replicas: 3,
        dataStore: DataStore.postgres({ connectionString: "dbname=spire host=db password='${DBPW}'", passwordSecretName: 'spire-db' }),
      },
    });
    const sts = find(objects, 'StatefulSet', 'spire-server');
    const server = container(sts, 'spire-server');
    expect(sts.spec.replicas).toBe(3);
    expect(server.args).toEqual(['-config', '/run/spire/config/server.conf', '-expandEnv']);
    expect(server.env).toEqual([{ name: 'DBPW', valueFrom: { secretKeyRef: { name: 'spire-db', key: 'password' } } }]);
    expect(pluginData(configIn(objects, 'spire-server', 'server.conf'), 'DataStore', 'sql')).toEqual({ database_type: 'postgres', connection_string: "dbname=spire host=db password='${DBPW}'" });
    expect(find(objects, 'PodDisruptionBudget', 'spire-server').spec).toEqual({ maxUnavailable: 1, selector: sts.spec.selector });
    expect(validateAll(objects)).toEqual([]);
  });

  test('a federation bundle endpoint is configured, exposed on the container and on the Service', () => {
    const { objects } = synthSpire({ server: { federationBundleEndpointPort: 8443 } });
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation).toEqual({
      bundle_endpoint: { address: '0.0.0.0', port: 8443, profile: [{ https_spiffe: {} }] },
    });
    expect(container(find(objects, 'StatefulSet', 'spire-server'), 'spire-server').ports).toContainEqual({ name: 'federation', containerPort: 8443, protocol: 'TCP' });
    expect(find(objects, 'Service', 'spire-server').spec.ports).toContainEqual({ name: 'federation', port: 8443, targetPort: 'federation', protocol: 'TCP' });
    expect(validateAll(objects)).toEqual([]);
  });

  test('without a bundle endpoint there is no federation block and no extra port', () => {
    const { objects } = synthSpire();
    expect(configIn(objects, 'spire-server', 'server.conf').server.federation).toBeUndefined();
    expect(find(objects, 'Service', 'spire-server').spec.ports).toHaveLength(1);
  });

  test('a single sqlite server has no PodDisruptionBudget and never expands environment variables', () => {
    const { objects } = synthSpire();
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(container(find(objects, 'StatefulSet', 'spire-server'), 'spire-server').args).not.toContain('-expandEnv');
  });

  test('TTLs, key type, issuer, subject and log level render as SPIRE keys', () => {
    const { objects } = synthSpire({
      server: {
        caTtl: Duration.days(7),
        x509SvidTtl: Duration.hours(4),
        jwtSvidTtl: Duration.minutes(15),
        agentTtl: Duration.hours(2),
        caKeyType: KeyType.RSA_2048,
        jwtIssuer: 'https://oidc.example.org',
        logLevel: LogLevel.DEBUG,
        caSubject: { country: ['DE'], organization: ['Example'], commonName: 'example.org' },
      },
    });
    expect(configIn(objects, 'spire-server', 'server.conf').server).toEqual({
      trust_domain: 'example.org',
      bind_address: '0.0.0.0',
      bind_port: 8081,
      socket_path: '/tmp/spire-server/private/api.sock',
      data_dir: '/run/spire/data',
      log_level: 'DEBUG',
      ca_ttl: '168h',
      default_x509_svid_ttl: '4h',
      default_jwt_svid_ttl: '15m',
      agent_ttl: '2h',
      ca_key_type: 'rsa-2048',
      ca_subject: [{ country: ['DE'], organization: ['Example'], common_name: 'example.org' }],
      jwt_issuer: 'https://oidc.example.org',
    });
  });

  test('storage size and class, images, resources, priority and node selector', () => {
    const { objects } = synthSpire({
      server: {
        storageSize: Size.mebibytes(512),
        storageClassName: 'fast',
        image: 'mirror.local/spire-server:1.15.3',
        resources: { cpuRequest: '100m', memoryLimit: '512Mi' },
        priorityClassName: '',
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      },
      controllerManager: { image: 'mirror.local/spire-controller-manager:0.7.0', logLevel: LogLevel.WARN },
    });
    const sts = find(objects, 'StatefulSet', 'spire-server');
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ resources: { requests: { storage: '512Mi' } }, storageClassName: 'fast' });
    expect(container(sts, 'spire-server')).toMatchObject({
      image: 'mirror.local/spire-server:1.15.3',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    });
    expect(container(sts, 'spire-controller-manager').image).toBe('mirror.local/spire-controller-manager:0.7.0');
    expect(sts.spec.template.spec.priorityClassName).toBeUndefined();
    expect(sts.spec.template.spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(configIn(objects, 'spire-controller-manager', 'controller-manager-config.json').logLevel).toBe('warn');
  });
});

describe('agent and CSI driver options', () => {
  test('kubelet verification against a host CA file mounts it and points the attestor at it', () => {
    const { objects } = synthSpire({ agent: { kubeletVerification: KubeletVerification.hostCaFile('/etc/kubernetes/pki/kubelet-ca.crt') } });
    const agent = find(objects, 'DaemonSet', 'spire-agent');
    const attestor = pluginData(configIn(objects, 'spire-agent', 'agent.conf'), 'WorkloadAttestor', 'k8s');
    const caVolume = hostPathVolume(agent, '/etc/kubernetes/pki/kubelet-ca.crt');
    expect(caVolume.hostPath.type).toBe('File');
    expect(attestor.skip_kubelet_verification).toBe(false);
    expect(attestor.kubelet_ca_path).toBe(mountOf(container(agent, 'spire-agent'), caVolume.name).mountPath);
  });

  test('kubelet verification against the cluster CA uses SPIRE\'s default CA path', () => {
    const { objects } = synthSpire({ agent: { kubeletVerification: KubeletVerification.clusterCa() } });
    const attestor = pluginData(configIn(objects, 'spire-agent', 'agent.conf'), 'WorkloadAttestor', 'k8s');
    expect(attestor.skip_kubelet_verification).toBe(false);
    expect(attestor.kubelet_ca_path).toBeUndefined();
  });

  test('SDS names, container selectors, taints and images', () => {
    const { objects } = synthSpire({
      agent: {
        sds: { defaultBundleName: 'null', defaultAllBundlesName: 'ROOTCA' },
        disableContainerSelectors: true,
        tolerateAllTaints: true,
        image: 'mirror.local/spire-agent:1.15.3',
        initImage: 'mirror.local/busybox:1.37.0',
      },
      csiDriver: { tolerateAllTaints: true, image: 'mirror.local/spiffe-csi-driver:0.2.13', registrarImage: 'mirror.local/registrar:v2.15.0' },
    });
    const agentConf = configIn(objects, 'spire-agent', 'agent.conf');
    const agent = find(objects, 'DaemonSet', 'spire-agent');
    const csi = find(objects, 'DaemonSet', 'spiffe-csi-driver');
    expect(agentConf.agent.sds).toEqual({ default_bundle_name: 'null', default_all_bundles_name: 'ROOTCA' });
    expect(pluginData(agentConf, 'WorkloadAttestor', 'k8s').disable_container_selectors).toBe(true);
    expect(agent.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(csi.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(container(agent, 'spire-agent').image).toBe('mirror.local/spire-agent:1.15.3');
    expect(container(agent, 'prepare-socket-dir').image).toBe('mirror.local/busybox:1.37.0');
    expect(container(csi, 'spiffe-csi-driver').image).toBe('mirror.local/spiffe-csi-driver:0.2.13');
    expect(container(csi, 'node-driver-registrar').image).toBe('mirror.local/registrar:v2.15.0');
  });

  test('default images are the pinned SpireImages', () => {
    const { objects } = synthSpire();
    const images = objects.filter(o => o.spec?.template).flatMap(containersOf).map(c => c.image).sort();
    expect(images).toEqual([
      SpireImages.BUSYBOX, SpireImages.CSI_NODE_DRIVER_REGISTRAR, SpireImages.SPIFFE_CSI_DRIVER,
      SpireImages.SPIRE_AGENT, SpireImages.SPIRE_CONTROLLER_MANAGER, SpireImages.SPIRE_SERVER,
    ].sort());
  });

  test('ignored namespaces are anchored; patterns are appended as given', () => {
    const { objects, spire } = synthSpire({ controllerManager: { ignoreNamespaces: ['kube-system', 'legacy'], ignoreNamespacePatterns: ['^openshift-.*$'] } });
    const expected = ['^kube-system$', '^legacy$', '^openshift-.*$'];
    expect(configIn(objects, 'spire-controller-manager', 'controller-manager-config.json').ignoreNamespaces).toEqual(expected);
    expect(spire.ignoredNamespacePatterns).toEqual(expected);
  });
});
