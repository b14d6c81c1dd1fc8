// Every shell script we ship in a container runs here for real, with BusyBox
// (the shell of our init image), under the uid, groups and capabilities its
// securityContext grants, on a host directory standing in for its volume:
// first start and restart, as the kubelet would run it (test/util/container-run.ts).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { IstioIntegration, SocketReadiness } from '../../src';
import { canRunContainers, capabilitiesOf, runContainer } from '../util/container-run';
import { tempDir } from '../util/files';
import { container, synthSpire } from '../util/synth';

const SPIRE_UID = 1000;
const runnable = canRunContainers();
if (!runnable) {
  // CI runs as root with util-linux and busybox (.ci/run installs busybox): these must not silently skip there.
  if (process.env.CI) throw new Error('container script tests need root, unshare, setpriv and busybox');
  // eslint-disable-next-line no-console
  console.warn('SKIPPING container script tests: need root, unshare, setpriv and busybox (apt-get install busybox)');
}
const maybe = runnable ? describe : describe.skip;

/** A directory as the kubelet's DirectoryOrCreate makes it: root:root 0755. */
function kubeletHostDir(): string {
  const dir = tempDir('host-');
  fs.chownSync(dir, 0, 0);
  fs.chmodSync(dir, 0o755);
  return dir;
}

function modeOf(dir: string): { uid: number; gid: number; mode: string } {
  const stat = fs.lstatSync(dir);
  return { uid: stat.uid, gid: stat.gid, mode: (stat.mode % 0o10000).toString(8) };
}

/**
 * Runs a node snippet as `uid` with no capabilities (how the agent and a proxy run), from `/`:
 * the clone may sit where `uid` cannot enter (a 0700 home or `mktemp -d` directory).
 */
function asUser(uid: number, code: string, ...args: string[]): ReturnType<typeof spawnSync> {
  return spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs',
    process.execPath, '-e', code, ...args], { cwd: '/', encoding: 'utf8', timeout: 10_000 });
}

/**
 * Starts a Unix socket server at `socketPath` as the agent does (uid 1000, no
 * capabilities): SPIRE removes a stale socket, listens, then makes the socket
 * usable by any process (spiffe/spire pkg/agent/endpoints: os.Chmod(addr, os.ModePerm)).
 */
function agentListens(socketPath: string): ReturnType<typeof spawn> {
  const code = 'const fs=require(\'fs\');const p=process.argv[1];try{fs.unlinkSync(p)}catch{}'
    + 'const s=require(\'net\').createServer(c=>c.end(\'svid\'));s.listen(p,()=>{fs.chmodSync(p,0o777);console.log(\'listening\')});';
  return spawn('setpriv', [`--reuid=${SPIRE_UID}`, `--regid=${SPIRE_UID}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all',
    '--no-new-privs', process.execPath, '-e', code, socketPath], { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitForListening(child: ReturnType<typeof spawn>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stdout!.on('data', d => (String(d).includes('listening') ? resolve() : undefined));
    child.stderr!.on('data', d => (err += String(d)));
    child.on('exit', code => reject(new Error(`agent stand-in exited ${code}: ${err}`)));
  });
}

/** Connects to `socketPath` as `uid` (istio-proxy is 1337) and returns what the server said. */
function readAs(uid: number, socketPath: string): string {
  const code = 'const c=require(\'net\').connect(process.argv[1]);let d=\'\';c.on(\'data\',x=>d+=x);c.on(\'end\',()=>{process.stdout.write(d)});c.on(\'error\',e=>{console.error(e.message);process.exit(3)});';
  const result = asUser(uid, code, socketPath);
  return `${result.stdout}${result.status === 0 ? '' : `exit ${result.status}: ${result.stderr}`}`;
}

maybe('agent init container prepare-socket-dir', () => {
  const agentPod = (props = {}) => {
    const { objects } = synthSpire({ agent: props });
    const daemonSet = objects.find(o => o.kind === 'DaemonSet' && o.metadata.name === 'spire-agent');
    return { init: container(daemonSet, 'prepare-socket-dir'), agent: container(daemonSet, 'spire-agent'), pod: daemonSet.spec.template.spec };
  };

  test('is granted CHOWN alone, as root, with no privilege escalation', () => {
    const { init } = agentPod();
    expect(capabilitiesOf(init.securityContext)).toEqual(['CHOWN']);
    expect(init.securityContext).toMatchObject({ runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  test('works on the first start and on every restart, and the agent can serve through every alias', async () => {
    const { init, pod } = agentPod();
    const host = kubeletHostDir();
    const volumes = { 'spire-agent-socket-dir': host };

    const first = runContainer(init, { volumes, pod: pod.securityContext });
    expect(first).toMatchObject({ status: 0, output: '' });
    expect(modeOf(host)).toEqual({ uid: SPIRE_UID, gid: SPIRE_UID, mode: '755' });
    expect(fs.readlinkSync(path.join(host, 'socket'))).toBe('spire-agent.sock');
    expect(fs.readlinkSync(path.join(host, 'api.sock'))).toBe('spire-agent.sock');

    // The agent (uid 1000, no capabilities) creates its socket in the directory.
    const agent = agentListens(path.join(host, 'spire-agent.sock'));
    try {
      await waitForListening(agent);
      // A proxy (istio-proxy runs as 1337) reaches it by Istio's name and SPIRE's default name.
      for (const name of ['spire-agent.sock', 'socket', 'api.sock']) expect(readAs(1337, path.join(host, name))).toBe('svid');

      // Restart: the directory belongs to the agent, links and the live socket are there.
      const again = runContainer(init, { volumes, pod: pod.securityContext });
      expect(again).toMatchObject({ status: 0, output: '' });
      expect(modeOf(host)).toEqual({ uid: SPIRE_UID, gid: SPIRE_UID, mode: '755' });
      expect(fs.readdirSync(host).sort()).toEqual(['api.sock', 'socket', 'spire-agent.sock']);
      expect(fs.lstatSync(path.join(host, 'spire-agent.sock')).isSocket()).toBe(true);
      expect(readAs(1337, path.join(host, 'socket'))).toBe('svid');
    } finally {
      agent.kill('SIGKILL');
    }
  });

  test('the script before issue 7 fails under the same capabilities (chmod after chown needs CAP_FOWNER)', () => {
    const { init, pod } = agentPod();
    const old = { ...init, command: ['sh', '-c', "set -eu\ncd '/run/spire/agent-sockets'\nchown 1000:1000 .\nchmod 0755 .\nln -sfn 'spire-agent.sock' socket"] };
    const result = runContainer(old, { volumes: { 'spire-agent-socket-dir': kubeletHostDir() }, pod: pod.securityContext });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/chmod: .*Operation not permitted/);
  });

  test('with the socket named "socket": no self-link, a stale link from the earlier name is removed', () => {
    const { init, pod } = agentPod({ socketFileName: 'socket' });
    const host = kubeletHostDir();
    fs.symlinkSync('spire-agent.sock', path.join(host, 'socket'));
    fs.lchownSync(path.join(host, 'socket'), SPIRE_UID, SPIRE_UID);
    fs.chownSync(host, SPIRE_UID, SPIRE_UID);
    const result = runContainer(init, { volumes: { 'spire-agent-socket-dir': host }, pod: pod.securityContext });
    expect(result).toMatchObject({ status: 0, output: '' });
    expect(fs.readdirSync(host).sort()).toEqual(['api.sock']);
    expect(fs.readlinkSync(path.join(host, 'api.sock'))).toBe('socket');
    expect(modeOf(host)).toEqual({ uid: SPIRE_UID, gid: SPIRE_UID, mode: '755' });
  });

  test('a moved socket directory and file name are what the script prepares', () => {
    const { init, agent, pod } = agentPod({ socketDirectory: '/var/run/spiffe/workload', socketFileName: 'agent.sock' });
    expect(init.volumeMounts[0].mountPath).toBe('/var/run/spiffe/workload');
    expect(agent.volumeMounts.find((m: any) => m.name === 'spire-agent-socket-dir').mountPath).toBe('/var/run/spiffe/workload');
    const host = kubeletHostDir();
    expect(runContainer(init, { volumes: { 'spire-agent-socket-dir': host }, pod: pod.securityContext })).toMatchObject({ status: 0 });
    expect(fs.readlinkSync(path.join(host, 'socket'))).toBe('agent.sock');
    expect(fs.readlinkSync(path.join(host, 'api.sock'))).toBe('agent.sock');
  });
});

maybe('gateway init container wait-for-spire-socket', () => {
  function waitContainer(socketFileName?: string): any {
    const { spire, chart } = synthSpire({ agent: { socketFileName } });
    const istio = new IstioIntegration(chart, 'istio', { spire, istioVersion: '1.30.3', socketReadiness: SocketReadiness.waitForSocket() });
    return istio.istioOperator().spec.components.ingressGateways[0].k8s.overlays[0].patches
      .find((p: any) => p.path === 'spec.template.spec.initContainers').value[0];
  }

  test('waits while the socket is missing and finishes once the agent serves it, through the CSI mount', async () => {
    const wait = waitContainer();
    const mount = tempDir('csi-');
    fs.chmodSync(mount, 0o755);
    const missing = runContainer(wait, { volumes: { 'workload-socket': mount }, timeoutMs: 3000 });
    expect(missing.timedOut).toBe(true);

    fs.chownSync(mount, SPIRE_UID, SPIRE_UID);
    const server = net.createServer(c => c.end());
    await new Promise<void>(resolve => server.listen(path.join(mount, 'spire-agent.sock'), resolve));
    try {
      const found = runContainer(wait, { volumes: { 'workload-socket': mount } });
      expect(found).toMatchObject({ status: 0, timedOut: false });
      expect(found.output).toContain('found /run/secrets/workload-spiffe-uds/spire-agent.sock');
    } finally {
      server.close();
    }
  });

  test('a regular file with the socket\'s name does not count', () => {
    const mount = tempDir('csi-');
    fs.chmodSync(mount, 0o755);
    fs.writeFileSync(path.join(mount, 'spire-agent.sock'), '');
    expect(runContainer(waitContainer(), { volumes: { 'workload-socket': mount }, timeoutMs: 3000 }).timedOut).toBe(true);
  });
});
