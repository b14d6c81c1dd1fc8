// The disk KeyManager's init container, run for real (BusyBox, uid 0, CHOWN
// only, no_new_privs, read-only root, the node directory bound at its
// mountPath) on first start and on restart, after which the agent (uid 1000,
// no capabilities) must be able to write its key there and other users not
// read it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AgentKeyManager } from '../../src';
import { canRunContainers, capabilitiesOf, runContainer } from '../util/container-run';
import { tempDir } from '../util/files';
import { container, find, synthSpire } from '../util/synth';

const runnable = canRunContainers();
if (!runnable) {
  if (process.env.CI) throw new Error('container script tests need root, unshare, setpriv and busybox');
  // eslint-disable-next-line no-console
  console.warn('SKIPPING the agent data directory script test: needs root, unshare, setpriv and busybox');
}
const maybe = runnable ? describe : describe.skip;

/** Runs a script as `uid`, from `/` (the clone may sit where `uid` cannot enter, e.g. under `mktemp -d`). */
function asUser(uid: number, script: string): number | null {
  return spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs',
    'sh', '-c', script], { cwd: '/', encoding: 'utf8', timeout: 10_000 }).status;
}

maybe('agent init container prepare-data-dir (disk KeyManager)', () => {
  const { objects } = synthSpire({ agent: { keyManager: AgentKeyManager.disk() } });
  const ds = find(objects, 'DaemonSet', 'spire-agent');
  const init = container(ds, 'prepare-data-dir');
  const dataDir: string = init.volumeMounts[0].mountPath;

  test('runs with CHOWN alone, on first start and on restart', () => {
    expect(capabilitiesOf(init.securityContext)).toEqual(['CHOWN']);
    // The kubelet's DirectoryOrCreate: root:root 0755.
    const host = tempDir('agent-data-');
    fs.chownSync(host, 0, 0);
    fs.chmodSync(host, 0o755);
    const first = runContainer(init, { volumes: { [init.volumeMounts[0].name]: host }, pod: ds.spec.template.spec.securityContext });
    expect([first.status, first.output]).toEqual([0, '']);
    let stat = fs.statSync(host);
    expect([stat.uid, stat.gid, (stat.mode % 0o1000).toString(8)]).toEqual([1000, 1000, '700']);

    // The agent writes its key as uid 1000 (SPIRE writes key files 0600).
    expect(asUser(1000, `umask 077 && echo key > '${path.join(host, 'keys.json')}'`)).toBe(0);
    // Another user cannot read it.
    expect(asUser(1337, `cat '${path.join(host, 'keys.json')}'`)).not.toBe(0);

    // Restart: the directory now belongs to uid 1000.
    const again = runContainer(init, { volumes: { [init.volumeMounts[0].name]: host }, pod: ds.spec.template.spec.securityContext });
    expect([again.status, again.output]).toEqual([0, '']);
    stat = fs.statSync(path.join(host, 'keys.json'));
    expect([stat.uid, stat.gid]).toEqual([1000, 1000]);
    expect(dataDir).toBe('/var/lib/spire');
    fs.rmSync(host, { recursive: true, force: true });
  });
});
