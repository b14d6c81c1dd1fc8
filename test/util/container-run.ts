// Runs a container's command for real, the way a container runtime would
// start it: the uid, gid and groups its securityContext (and the pod's) says,
// exactly the capabilities it keeps (drop/add, as bounding and inheritable
// set), no_new_privs when allowPrivilegeEscalation is false, a read-only root
// when readOnlyRootFilesystem is set, its env, and each volume mount bound at
// its mountPath in a private mount namespace. Commands resolve to BusyBox
// applets (the shell our images have). Needs root, util-linux (unshare,
// setpriv) and busybox, which .ci/run installs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './files';

/** Capabilities a container runtime (containerd, CRI-O) grants when none are dropped. */
const RUNTIME_DEFAULT_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP',
  'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];

export interface RunOptions {
  /** Host directory for each volume name the container mounts. */
  readonly volumes: Record<string, string>;
  /** The pod's securityContext. */
  readonly pod?: any;
  /** Give up (and report timedOut) after this many milliseconds. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly status: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

let busyboxBin: string | undefined;

/** Whether this machine can run containers' scripts (root, unshare, setpriv, busybox). */
export function canRunContainers(): boolean {
  return process.getuid?.() === 0 && ['unshare', 'setpriv', 'busybox']
    .every(tool => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
}

/** A directory of BusyBox applet links, so `sh`, `chown`, `ln` ... are BusyBox's. */
function busybox(): string {
  if (!busyboxBin) {
    busyboxBin = tempDir('busybox-');
    const installed = spawnSync('busybox', ['--install', '-s', busyboxBin], { encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`busybox --install failed: ${installed.stderr}`);
    fs.chmodSync(busyboxBin, 0o755);
  }
  return busyboxBin;
}

const quote = (value: string) => `'${value.replace(/'/g, '\'\\\'\'')}'`;

/** The effective capability set of a container's securityContext. */
export function capabilitiesOf(securityContext: any): string[] {
  const drop: string[] = securityContext?.capabilities?.drop ?? [];
  const add: string[] = securityContext?.capabilities?.add ?? [];
  const base = drop.includes('ALL') ? [] : RUNTIME_DEFAULT_CAPS.filter(cap => !drop.includes(cap));
  return [...new Set([...base, ...add])];
}

/** Runs `container` (a Kubernetes container object) and returns its exit status and output. */
export function runContainer(container: any, options: RunOptions): RunResult {
  const sc = container.securityContext ?? {};
  const pod = options.pod ?? {};
  const uid = sc.runAsUser ?? pod.runAsUser ?? 0;
  const gid = sc.runAsGroup ?? pod.runAsGroup ?? 0;
  const groups = [...(pod.fsGroup !== undefined ? [pod.fsGroup] : []), ...(pod.supplementalGroups ?? [])];
  const caps = capabilitiesOf(sc).map(cap => `+${cap.toLowerCase()}`).join(',');
  const bin = busybox();

  const setup: string[] = ['set -e'];
  const overlaid = new Set<string>();
  for (const mount of container.volumeMounts ?? []) {
    const host = options.volumes[mount.name];
    if (!host) throw new Error(`no host directory for volume ${mount.name}`);
    // A private tmpfs over the mount path's top directory, so the mount
    // point can be created without touching the host (never over /tmp, which
    // holds the host directories and the applets).
    const top = `/${mount.mountPath.split('/')[1]}`;
    if (top !== '/tmp' && !overlaid.has(top)) {
      setup.push(`mount -t tmpfs tmpfs ${top}`);
      overlaid.add(top);
    }
    setup.push(`mkdir -p ${quote(mount.mountPath)}`, `mount --bind ${quote(host)} ${quote(mount.mountPath)}`);
    if (mount.readOnly) setup.push(`mount -o remount,bind,ro ${quote(mount.mountPath)}`);
  }
  // A read-only copy of the whole tree (volumes included) over /, whose top
  // mount alone is made read-only, as the runtime does with the image layer.
  if (sc.readOnlyRootFilesystem) setup.push('mount --rbind / /', 'mount -o remount,bind,ro /');
  setup.push('cd /');

  const env = (container.env ?? []).map((e: any) => `${e.name}=${e.value ?? ''}`);
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const setpriv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`,
    groups.length > 0 ? `--groups=${groups.join(',')}` : '--clear-groups',
    `--inh-caps=-all${caps ? `,${caps}` : ''}`, `--bounding-set=-all${caps ? `,${caps}` : ''}`,
    ...(sc.allowPrivilegeEscalation === false ? ['--no-new-privs'] : []),
    path.join(bin, 'env'), '-i', `PATH=${bin}`, ...env, ...argv];
  setup.push(`exec ${setpriv.map(quote).join(' ')}`);

  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', setup.join('\n')], {
    encoding: 'utf8', timeout: options.timeoutMs ?? 10_000, killSignal: 'SIGKILL',
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, timedOut };
}
