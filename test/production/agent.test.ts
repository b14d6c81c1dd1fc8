import { AgentKeyManager, SpireProps } from '../../src';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, pluginData, synthSpire, volume } from '../util/synth';

function render(props: Partial<SpireProps>) {
  const { objects } = synthSpire(props);
  const ds = find(objects, 'DaemonSet', 'spire-agent');
  return { objects, ds, agent: container(ds, 'spire-agent'), conf: configIn(objects, 'spire-agent', 'agent.conf') };
}

const attestors = (conf: any) => conf.plugins.WorkloadAttestor.map((e: any) => Object.keys(e)[0]);

describe('workload attestors', () => {
  test('k8s only by default, and the agent runs as non-root', () => {
    const { conf, agent } = render({});
    expect(attestors(conf)).toEqual(['k8s']);
    expect(agent.securityContext).toMatchObject({ runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
  });

  test('unix without path discovery: uid/gid selectors, still non-root', () => {
    const { conf, agent } = render({ agent: { unixAttestor: {} } });
    expect(attestors(conf)).toEqual(['k8s', 'unix']);
    expect(pluginData(conf, 'WorkloadAttestor', 'unix')).toEqual({});
    expect(agent.securityContext.runAsNonRoot).toBe(true);
  });

  test('unix with path discovery: the agent runs as root with SYS_PTRACE, nothing else added', () => {
    const { objects, conf, agent } = render({ agent: { unixAttestor: { discoverWorkloadPath: true, workloadSizeLimit: 50_000_000 } } });
    expect(pluginData(conf, 'WorkloadAttestor', 'unix')).toEqual({ discover_workload_path: true, workload_size_limit: 50_000_000 });
    expect(agent.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      seccompProfile: { type: 'RuntimeDefault' },
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] },
    });
    expect(validateAll(objects)).toEqual([]);
  });

  test('docker: the node\'s Docker socket mounted, the agent as root without added capabilities', () => {
    const { objects, ds, conf, agent } = render({ agent: { dockerAttestor: { containerIdCgroupMatchers: ['/docker/<id>'] } } });
    expect(pluginData(conf, 'WorkloadAttestor', 'docker')).toEqual({ docker_socket_path: 'unix:///var/run/docker.sock', container_id_cgroup_matchers: ['/docker/<id>'] });
    expect(volume(ds, 'docker-socket')).toEqual({ name: 'docker-socket', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } });
    expect(agent.volumeMounts).toContainEqual({ name: 'docker-socket', mountPath: '/var/run/docker.sock' });
    expect(agent.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { drop: ['ALL'] } });
    expect(validateAll(objects)).toEqual([]);
  });

  test('checks', () => {
    expect(errorOf(() => synthSpire({ agent: { unixAttestor: { workloadSizeLimit: 10 } } }))).toMatch(/agent.unixAttestor.workloadSizeLimit 10 has no effect without discoverWorkloadPath.*Fix/);
    expect(errorOf(() => synthSpire({ agent: { unixAttestor: { discoverWorkloadPath: true, workloadSizeLimit: -2 } } }))).toMatch(/workloadSizeLimit -2 must be a whole number from -1/);
    expect(errorOf(() => synthSpire({ agent: { dockerAttestor: { socketPath: 'docker.sock' } } }))).toMatch(/agent.dockerAttestor.socketPath "docker.sock" must be an absolute path/);
    expect(errorOf(() => synthSpire({ agent: { dockerAttestor: { containerIdCgroupMatchers: ['/docker/*'] } } }))).toMatch(/containerIdCgroupMatchers\[0\] "\/docker\/\*" must contain the <id> token exactly once/);
    expect(errorOf(() => synthSpire({ agent: { keyManager: AgentKeyManager.disk('var/lib/spire') } }))).toMatch(/agent.keyManager hostDirectory "var\/lib\/spire" must be an absolute path/);
  });
});

describe('agent KeyManager', () => {
  test('memory by default on an emptyDir', () => {
    const { ds, conf } = render({});
    expect(conf.plugins.KeyManager).toEqual([{ memory: { plugin_data: {} } }]);
    expect(volume(ds, 'spire-agent-data')).toEqual({ name: 'spire-agent-data', emptyDir: {} });
  });

  test('disk: the data directory becomes a node directory the init container hands to the agent user', () => {
    const { objects, ds, conf, agent } = render({ agent: { keyManager: AgentKeyManager.disk() } });
    expect(conf.plugins.KeyManager).toEqual([{ disk: { plugin_data: { directory: conf.agent.data_dir } } }]);
    expect(volume(ds, 'spire-agent-data')).toEqual({ name: 'spire-agent-data', hostPath: { path: '/var/lib/spire-agent', type: 'DirectoryOrCreate' } });
    expect(agent.volumeMounts).toContainEqual({ name: 'spire-agent-data', mountPath: conf.agent.data_dir });
    const init = container(ds, 'prepare-data-dir');
    expect(init.command[2]).toBe(`set -eu\nchown 0:0 '${conf.agent.data_dir}'\nchmod 0700 '${conf.agent.data_dir}'\nchown -R 1000:1000 '${conf.agent.data_dir}'`);
    expect(init.volumeMounts).toEqual([{ name: 'spire-agent-data', mountPath: conf.agent.data_dir }]);
    expect(validateAll(objects)).toEqual([]);
  });
});
