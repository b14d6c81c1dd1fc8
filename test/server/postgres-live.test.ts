// The rendered PostgreSQL connection string, after the env expansion SPIRE's
// -expandEnv does (Go os.ExpandEnv over the whole server.conf, then parsing),
// must connect to a real PostgreSQL 15 with TLS: verify-full against the CA
// from the mounted Secret, a client certificate, and a password with
// spaces, "$", "@", "#" and "=". psql (libpq) reads the same key=value
// grammar as lib/pq, SPIRE's driver, and applies the same key-file rule
// (root-owned, at most 0640), which the Secret volume's files follow.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DataStore } from '../../src';
import { goExpandEnv } from '../../src/components/server/connection-string';
import { tempDir } from '../util/files';
import { configIn, container, find, pluginData, synthSpire } from '../util/synth';

const BIN = '/usr/lib/postgresql/15/bin';
const HAVE_POSTGRES = fs.existsSync(`${BIN}/initdb`) && fs.existsSync(`${BIN}/pg_ctl`) && spawnSync('psql', ['--version']).status === 0
  && spawnSync('openssl', ['version']).status === 0;
const AS_ROOT = process.getuid?.() === 0;
const PASSWORD = 'p@ss w0rd$HOME#=x%1';

if (!HAVE_POSTGRES) {
  // CI installs them (.ci/run): there the test must not silently skip.
  if (process.env.CI) throw new Error('the live PostgreSQL test needs PostgreSQL 15 (initdb, pg_ctl, psql) and openssl');
  // eslint-disable-next-line no-console
  console.warn('\n\n*** SKIPPING the live PostgreSQL test: PostgreSQL 15 (initdb, pg_ctl, psql) or openssl is not installed ***\n\n');
}
const describeLive = HAVE_POSTGRES ? describe : describe.skip;

/**
 * Runs a command as the postgres user (initdb refuses root), or as ourselves when not root.
 * The working directory is `/`: the clone may sit where the postgres user cannot enter (a
 * home directory with mode 0700, a `mktemp -d` directory), and psql then warns on stderr
 * that it could not change directory there, which the checks below read as a failure.
 */
function asPostgres(command: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const [cmd, argv] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), command, ...args]] : [command, args];
  const result = spawnSync(cmd as string, argv as string[], { cwd: '/', encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

describeLive('the rendered PostgreSQL connection string against a real server', () => {
  const dir = tempDir('spire-pg-');
  const data = path.join(dir, 'data');
  const secrets = path.join(dir, 'secrets');
  const port = 20000 + Math.floor(Math.random() * 20000);
  let started = false;
  let rendered: { args: string[]; conf: string; mounts: Map<string, string>; pluginData: any; env: any[] };

  beforeAll(() => {
    fs.chmodSync(dir, 0o755);
    // The server writes its log and socket here.
    if (AS_ROOT) execFileSync('chown', ['postgres:postgres', dir]);
    // A CA, a server certificate for localhost and a client certificate for user spire.
    const pki = path.join(dir, 'pki');
    fs.mkdirSync(pki);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-db-ca'], pki);
    fs.writeFileSync(path.join(pki, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    for (const [name, cn] of [['server', 'localhost'], ['client', 'spire']]) {
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], pki);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1',
        ...(name === 'server' ? ['-extfile', 'server.ext'] : [])], pki);
    }
    const serverTls = path.join(dir, 'server-tls');
    fs.mkdirSync(serverTls);
    for (const f of ['server.crt', 'server.key', 'ca.crt']) fs.copyFileSync(path.join(pki, f), path.join(serverTls, f));
    fs.chmodSync(path.join(serverTls, 'server.key'), 0o600);
    if (AS_ROOT) execFileSync('chown', ['-R', 'postgres:postgres', serverTls]);

    fs.mkdirSync(data);
    if (AS_ROOT) execFileSync('chown', ['postgres:postgres', data]);
    const init = asPostgres(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    fs.appendFileSync(path.join(data, 'postgresql.conf'), [
      `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`,
      'ssl = on', `ssl_cert_file = '${serverTls}/server.crt'`, `ssl_key_file = '${serverTls}/server.key'`, `ssl_ca_file = '${serverTls}/ca.crt'`,
      "password_encryption = 'scram-sha-256'", 'fsync = off', '',
    ].join('\n'));
    // TLS only, with both a password and a client certificate the CA signed.
    fs.writeFileSync(path.join(data, 'pg_hba.conf'), [
      'local all postgres trust',
      'hostssl spire spire 127.0.0.1/32 scram-sha-256 clientcert=verify-full',
      'host all all 0.0.0.0/0 reject', '',
    ].join('\n'));
    const start = asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '15', 'start']);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}\n${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : ''}`);
    started = true;
    const sql = (statement: string) => {
      const r = asPostgres('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
      if (r.status !== 0) throw new Error(`${statement}: ${r.stderr}`);
    };
    sql(`CREATE ROLE spire LOGIN PASSWORD '${PASSWORD.replace(/'/g, "''")}'`);
    sql('CREATE DATABASE spire OWNER spire');

    // Our manifests, for two replicas on that database.
    const { objects } = synthSpire({
      server: {
        replicas: 2,
        dataStore: DataStore.postgres({
          connectionString: `dbname=spire user=spire host=localhost port=${port} password='\${DBPW}' sslmode=verify-full`,
          readOnlyConnectionString: `dbname=spire user=spire host=127.0.0.1 port=${port} password='\${DBPW}' sslmode=verify-full connect_timeout=5`,
          passwordSecretName: 'spire-db',
          rootCaSecretName: 'db-ca',
          clientCertSecretName: 'db-client',
        }),
      },
    });
    const sts = find(objects, 'StatefulSet', 'spire-server');
    const server = container(sts, 'spire-server');
    // Each Secret volume as the kubelet writes it: root-owned files, group of
    // the pod's fsGroup (here the postgres user's group), mode 0440.
    const secretFiles: Record<string, Record<string, string>> = {
      'db-ca': { 'ca.crt': path.join(pki, 'ca.crt') },
      'db-client': { 'tls.crt': path.join(pki, 'client.crt'), 'tls.key': path.join(pki, 'client.key') },
    };
    const mounts = new Map<string, string>();
    for (const mount of server.volumeMounts) {
      const source = sts.spec.template.spec.volumes.find((v: any) => v.name === mount.name)?.secret;
      if (!source) continue;
      const target = path.join(secrets, mount.mountPath);
      fs.mkdirSync(target, { recursive: true });
      for (const [key, file] of Object.entries(secretFiles[source.secretName])) {
        const out = path.join(target, key);
        fs.copyFileSync(file, out);
        if (AS_ROOT) execFileSync('chown', ['root:postgres', out]);
        fs.chmodSync(out, source.defaultMode);
      }
      mounts.set(mount.mountPath, target);
    }
    const conf: string = find(objects, 'ConfigMap', 'spire-server').data['server.conf'];
    rendered = { args: server.args, conf, mounts, pluginData: pluginData(configIn(objects, 'spire-server', 'server.conf'), 'DataStore', 'sql'), env: server.env };
  }, 30_000);

  afterAll(() => {
    if (started) asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A connection string as SPIRE's driver sees it: env-expanded config, parsed, mount paths mapped to our files. */
  function expanded(key: 'connection_string' | 'ro_connection_string', password: string): string {
    const parsed = JSON.parse(goExpandEnv(rendered.conf, { DBPW: password, HOME: '/root' }));
    let dsn: string = pluginData(parsed, 'DataStore', 'sql')[key];
    for (const [mountPath, local] of rendered.mounts) dsn = dsn.split(`${mountPath}/`).join(`${local}/`);
    return dsn;
  }

  function psql(dsn: string) {
    return asPostgres('psql', [dsn, '-tAc', 'select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()']);
  }

  test('the server reads the password from the Secret through -expandEnv', () => {
    expect(rendered.args).toContain('-expandEnv');
    expect(rendered.env).toEqual([{ name: 'DBPW', valueFrom: { secretKeyRef: { name: 'spire-db', key: 'password' } } }]);
    expect(rendered.conf).not.toContain(PASSWORD);
    expect(rendered.pluginData.connection_string).toContain("password='${DBPW}'");
    expect(rendered.pluginData.connection_string).toContain('sslrootcert=/run/spire/datastore-tls/ca/ca.crt');
    expect(rendered.pluginData.connection_string).toContain('sslkey=/run/spire/datastore-tls/client/tls.key');
  });

  test('the expanded connection string connects over verified TLS with the client certificate', () => {
    const dsn = expanded('connection_string', PASSWORD);
    // "$HOME" inside the password is not expanded a second time.
    expect(dsn).toContain(`password='${PASSWORD}'`);
    const result = psql(dsn);
    expect([result.status, result.stderr.trim()]).toEqual([0, '']);
    expect(result.stdout.trim()).toBe('spire|t');
  });

  test('the read-only connection string connects too', () => {
    const result = psql(expanded('ro_connection_string', PASSWORD));
    expect(result.stdout.trim()).toBe('spire|t');
  });

  test('it fails with a wrong password, so the checks above mean something', () => {
    const result = psql(expanded('connection_string', 'not-the-password'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/password authentication failed/);
  });

  test('an unquoted placeholder (what synth rejects) breaks on this password', () => {
    const bare = expanded('connection_string', PASSWORD).replace(`password='${PASSWORD}'`, `password=${PASSWORD}`);
    const result = psql(bare);
    expect(result.status).not.toBe(0);
  });

  test('without the client certificate the server refuses the connection', () => {
    const dsn = expanded('connection_string', PASSWORD).replace(/ sslcert=\S+ sslkey=\S+/, '');
    const result = psql(dsn);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/certificate/i);
  });
});
