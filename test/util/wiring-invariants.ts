// The cross-component invariants (SPIRE-ISTIO-FACTS §7) checked from the
// output alone: every value is read where its consumer reads it (a config
// file, a flag, a mount), never from what the app was asked for, so moving any
// derived name (namespaces, cluster, trust domain, socket directory and file,
// CSI driver, className) cannot hide a disagreement. Returns the violations.
import * as path from 'path';

const posix = path.posix;

function flag(args: string[] = [], name: string): string | undefined {
  const inline = args.find(a => a.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const podSpec = (w: any) => w.spec.template.spec;
const containers = (w: any): any[] => [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers];
const containerNamed = (w: any, name: string) => containers(w).find(c => c.name === name);
const volumeNamed = (w: any, name: string) => (podSpec(w).volumes ?? []).find((v: any) => v.name === name);
/** The host path behind `dir` as container `c` of workload `w` sees it, if that is a hostPath mount. */
function hostPathOf(w: any, c: any, dir: string): string | undefined {
  const mount = (c?.volumeMounts ?? []).find((m: any) => dir === m.mountPath || dir.startsWith(`${m.mountPath}/`));
  const host = mount && volumeNamed(w, mount.name)?.hostPath?.path;
  return host === undefined ? undefined : posix.join(host, posix.relative(mount.mountPath, dir));
}
function plugin(config: any, type: string, name: string): any {
  return (config?.plugins?.[type] ?? []).find((p: any) => name in p)?.[name]?.plugin_data;
}

/** Violations of the wiring invariants in one installation's objects. */
export function wiringViolations(objects: any[]): string[] {
  const v: string[] = [];
  const check = (ok: boolean, message: string) => { if (!ok) v.push(message); };
  const configMap = (key: string) => objects.find(o => o.kind === 'ConfigMap' && o.data?.[key] !== undefined);
  const serverConf = JSON.parse(configMap('server.conf').data['server.conf']);
  const agentConf = JSON.parse(configMap('agent.conf').data['agent.conf']);
  const cmMap = configMap('controller-manager-config.json');
  const cm = JSON.parse(cmMap.data['controller-manager-config.json']);
  const server = objects.find(o => o.kind === 'StatefulSet' && containers(o).some(c => flag(c.args, '-config')?.endsWith('server.conf')));
  const agent = objects.find(o => o.kind === 'DaemonSet' && containers(o).some(c => flag(c.args, '-config')?.endsWith('agent.conf')));
  const csi = objects.find(o => o.kind === 'DaemonSet' && containers(o).some(c => flag(c.args, '-workload-api-socket-dir')));
  const csiDriverObject = objects.find(o => o.kind === 'CSIDriver');
  const agentContainer = containers(agent).find(c => flag(c.args, '-config'));
  const serverContainer = containers(server).find(c => flag(c.args, '-config'));
  const cmContainer = containers(server).find(c => (c.args ?? []).some((a: string) => a.startsWith('--config=')));

  // The config files are the ones the containers are told to read.
  check(flag(agentContainer.args, '-config') === posix.join(agentContainer.volumeMounts.find((m: any) => volumeNamed(agent, m.name)?.configMap?.name === configMap('agent.conf').metadata.name).mountPath, 'agent.conf'), 'agent -config is not the mounted agent.conf');
  check(flag(cmContainer.args, '--config') === posix.join(cmContainer.volumeMounts.find((m: any) => volumeNamed(server, m.name)?.configMap?.name === cmMap.metadata.name).mountPath, 'controller-manager-config.json'), 'controller manager --config is not the mounted config');

  // 1 trust domain
  const td = serverConf.server.trust_domain;
  check(agentConf.agent.trust_domain === td, `1: agent trust_domain ${agentConf.agent.trust_domain} != server ${td}`);
  check(cm.trustDomain === td, `1: controller manager trustDomain ${cm.trustDomain} != server ${td}`);

  // 2 socket: agent socket dir on a hostPath == CSI -workload-api-socket-dir on the same hostPath
  const socketPath: string = agentConf.agent.socket_path;
  const agentHost = hostPathOf(agent, agentContainer, posix.dirname(socketPath));
  const driver = containers(csi).find(c => flag(c.args, '-workload-api-socket-dir'));
  const csiHost = hostPathOf(csi, driver, flag(driver.args, '-workload-api-socket-dir')!);
  check(agentHost !== undefined && agentHost === csiHost, `2: agent socket dir (host ${agentHost}) and CSI -workload-api-socket-dir (host ${csiHost}) differ or are not hostPaths`);
  const init = containerNamed(agent, 'prepare-socket-dir');
  check(hostPathOf(agent, init, init?.volumeMounts?.[0]?.mountPath ?? '') === agentHost, '2: the init container prepares another directory than the agent serves in');
  check((init?.command?.[2] ?? '').includes(`ln -sfn '${posix.basename(socketPath)}'`) || posix.basename(socketPath) === 'socket', '2: no alias "socket" links to the agent socket');

  // 3 CSI driver name
  const driverName = csiDriverObject?.metadata?.name;
  check(flag(driver.args, '-plugin-name') === driverName, `3: -plugin-name ${flag(driver.args, '-plugin-name')} != CSIDriver ${driverName}`);
  const registrar = containers(csi).find(c => flag(c.args, '-kubelet-registration-path'));
  check(posix.basename(posix.dirname(flag(registrar.args, '-kubelet-registration-path')!)) === driverName, '3: the registrar registers another driver directory');
  check(flag(driver.args, '-csi-socket-path') === flag(registrar.args, '-csi-address'), '3: registrar -csi-address != driver -csi-socket-path');
  const registrarHost = hostPathOf(csi, registrar, posix.dirname(flag(registrar.args, '-csi-address')!));
  check(registrarHost === posix.dirname(flag(registrar.args, '-kubelet-registration-path')!), `3: the driver socket is not where the kubelet is told (${registrarHost})`);
  for (const o of objects.filter(x => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(x.kind))) {
    for (const vol of podSpec(o).volumes ?? []) {
      if (vol.csi && vol.csi.driver !== driverName) v.push(`3: ${o.kind}/${o.metadata.name} volume ${vol.name} uses CSI driver ${vol.csi.driver}`);
      if (vol.csi && vol.csi.readOnly !== true) v.push(`3: ${o.kind}/${o.metadata.name} volume ${vol.name} is not readOnly (the SPIFFE CSI driver refuses it)`);
    }
  }

  // 5 cluster name
  const psat = plugin(serverConf, 'NodeAttestor', 'k8s_psat');
  const serverClusters = (psat?.clusters ?? []).flatMap((c: object) => Object.keys(c));
  const agentCluster = plugin(agentConf, 'NodeAttestor', 'k8s_psat')?.cluster;
  check(cm.clusterName === agentCluster && serverClusters.includes(agentCluster), `5: cluster names: controller manager ${cm.clusterName}, agent ${agentCluster}, server ${serverClusters}`);

  // 6 className
  for (const r of objects.filter(o => o.apiVersion === 'spire.spiffe.io/v1alpha1')) {
    const ok = r.spec.className === cm.className || (!r.spec.className && cm.watchClassless);
    check(ok, `6: ${r.kind}/${r.metadata.name} className ${r.spec.className} is not reconciled by className ${cm.className}`);
  }

  // 7 server API socket through the shared volume
  const serverSocketDir = posix.dirname(serverConf.server.socket_path);
  const serverMount = serverContainer.volumeMounts.find((m: any) => m.mountPath === serverSocketDir);
  const cmMount = serverMount && cmContainer.volumeMounts.find((m: any) => m.name === serverMount.name);
  check(cmMount !== undefined && cm.spireServerSocketPath === posix.join(cmMount.mountPath, posix.basename(serverConf.server.socket_path)), '7: the controller manager does not see the server API socket');

  // 8 webhook
  const vwc = objects.find(o => o.kind === 'ValidatingWebhookConfiguration');
  check(vwc?.metadata.name === cm.validatingWebhookConfigurationName, `8: webhook configuration ${vwc?.metadata.name} != ${cm.validatingWebhookConfigurationName}`);
  for (const webhook of vwc?.webhooks ?? []) {
    const ref = webhook.clientConfig.service;
    const service = objects.find(o => o.kind === 'Service' && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace);
    const port = service?.spec.ports.find((p: any) => p.port === (ref.port ?? 443));
    const target = (cmContainer.ports ?? []).find((p: any) => p.name === port?.targetPort || p.containerPort === port?.targetPort);
    check(service !== undefined && target?.containerPort === (cm.webhook?.port ?? 9443), `8: webhook ${webhook.name} does not reach the controller manager's webhook port`);
    check(service !== undefined && Object.entries(service.spec.selector).every(([k, val]) => server.spec.template.metadata.labels[k] === val), `8: webhook Service ${ref.name} does not select the server pods`);
    check(webhook.clientConfig.caBundle === undefined, '8: caBundle must be left to the controller manager');
  }

  // 9 PSAT token
  const tokenSource = (podSpec(agent).volumes ?? [])
    .flatMap((vol: any) => (vol.projected?.sources ?? []).map((s: any) => ({ vol, s: s.serviceAccountToken })))
    .find((x: any) => x.s);
  const tokenMount = tokenSource && agentContainer.volumeMounts.find((m: any) => m.name === tokenSource.vol.name);
  const clusterConf = (psat?.clusters ?? []).map((c: any) => c[agentCluster]).find((c: any) => c);
  check(tokenMount !== undefined && plugin(agentConf, 'NodeAttestor', 'k8s_psat').token_path === posix.join(tokenMount.mountPath, tokenSource.s.path), '9: agent token_path is not the projected token');
  check((clusterConf?.audience ?? ['spire-server']).includes(tokenSource?.s.audience), '9: the token audience is not one the server accepts');
  check((clusterConf?.service_account_allow_list ?? []).includes(`${agent.metadata.namespace}:${podSpec(agent).serviceAccountName}`), '9: the agent service account is not allowed to attest');

  // 10 bundle
  const publisher = (plugin(serverConf, 'BundlePublisher', 'k8s_configmap')?.clusters ?? []).map((c: any) => c[agentCluster]).find((c: any) => c);
  const bundleVolume = (podSpec(agent).volumes ?? []).find((vol: any) => vol.configMap?.name === publisher?.configmap_name);
  const bundleMount = bundleVolume && agentContainer.volumeMounts.find((m: any) => m.name === bundleVolume.name);
  check(publisher?.namespace === agent.metadata.namespace && bundleMount !== undefined
    && agentConf.agent.trust_bundle_path === posix.join(bundleMount.mountPath, publisher.configmap_key), '10: the agent does not mount the bundle the server publishes');
  check(agentConf.agent.trust_bundle_format === publisher?.format, '10: bundle formats differ');
  const role = objects.find(o => o.kind === 'Role' && o.metadata.namespace === publisher?.namespace
    && o.rules.some((r: any) => (r.resourceNames ?? []).includes(publisher.configmap_name)));
  check(role !== undefined, '10: no Role lets the server update the bundle ConfigMap');

  // 13 the controller manager must not ignore a namespace holding a gateway registration's pods
  const ignored: string[] = cm.ignoreNamespaces ?? [];
  for (const r of objects.filter(o => o.kind === 'ClusterSPIFFEID')) {
    const ns = r.spec.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    if (ns && ignored.some(p => new RegExp(p).test(ns))) v.push(`13: ${r.metadata.name} selects namespace ${ns}, which the controller manager ignores`);
  }
  for (const ns of [server.metadata.namespace, agent.metadata.namespace]) {
    check(ignored.some(p => new RegExp(p).test(ns)), `13: the controller manager does not ignore SPIRE's own namespace ${ns}`);
  }
  // The agent reaches the server Service.
  const serverService = objects.find(o => o.kind === 'Service' && `${o.metadata.name}.${o.metadata.namespace}.svc` === agentConf.agent.server_address);
  check(serverService?.spec.ports.some((p: any) => p.port === Number(agentConf.agent.server_port)) ?? false, 'the agent dials no server Service port');
  return v;
}
