// server.conf and agent.conf read by real Go, as spire-server / spire-agent
// run reads them with -expandEnv: os.ExpandEnv over the file, then
// hashicorp/hcl v1 Decode (spiffe/spire cmd/spire-server/cli/run). The sql
// DataStore's plugin_data is also decoded into SPIRE's own field types
// (pkg/server/datastore/sqlcommon/config.go). The Go reader is
// test/consumers/go/spire-config.go, built against Debian's
// golang-github-hashicorp-hcl-dev (.ci/run installs it).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import { AgentKeyManager, DataStore, LogFormat, Spire, SpireProps, UpstreamAuthority, VaultAuth } from '../../src';
import { goExpandEnv } from '../../src/components/server/connection-string';
import { tempDir } from '../util/files';

const GOPATH = '/usr/share/gocode';
const READER = path.join(__dirname, 'go', 'spire-config.go');
const available = spawnSync('go', ['version']).status === 0 && fs.existsSync(path.join(GOPATH, 'src/github.com/hashicorp/hcl/decoder.go'));
if (!available) {
  if (process.env.CI) throw new Error('the Go config reader needs go and golang-github-hashicorp-hcl-dev (.ci/run installs them)');
  // eslint-disable-next-line no-console
  console.warn('\n\n*** SKIPPING the Go config reader test: needs go and golang-github-hashicorp-hcl-dev ***\n\n');
}
const maybe = available ? describe : describe.skip;

const ENV = { DBPW: 'p@ss w0rd$HOME#=%1;', VAULT_TOKEN: 'hvs.CAESIExampleToken', HOME: '/home/spire' };

maybe('SPIRE configs through os.ExpandEnv and hcl v1, in Go', () => {
  const dir = tempDir('spire-go-');
  const binary = path.join(dir, 'spire-config');
  beforeAll(() => {
    const build = spawnSync('go', ['build', '-o', binary, READER], {
      encoding: 'utf8', env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: path.join(dir, 'cache'), GOFLAGS: '' }, timeout: 60_000,
    });
    if (build.status !== 0) throw new Error(`go build failed: ${build.stderr}`);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function read(text: string): { status: number | null; stderr: string; out?: any } {
    const file = path.join(dir, `conf-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, text);
    const run = spawnSync(binary, [file], { encoding: 'utf8', env: { PATH: process.env.PATH, ...ENV } });
    return { status: run.status, stderr: run.stderr, out: run.status === 0 ? JSON.parse(run.stdout) : undefined };
  }

  function configs(props: Partial<SpireProps>): { server: string; agent: string } {
    const chart = new Chart(Testing.app(), 'spire');
    new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'prod', ...props });
    const objects = Testing.synth(chart);
    const cm = (key: string) => objects.find(o => o.kind === 'ConfigMap' && o.data?.[key]).data[key];
    return { server: cm('server.conf'), agent: cm('agent.conf') };
  }

  const PG = "dbname=spire user=spire host=db password='${DBPW}' sslmode=verify-full";
  const VARIANTS: Array<[string, Partial<SpireProps>]> = [
    ['postgres, read replica, TLS, pool, JSON logs, telemetry', {
      server: {
        replicas: 3,
        logFormat: LogFormat.JSON,
        dataStore: DataStore.postgres({
          connectionString: PG,
          readOnlyConnectionString: PG.replace('host=db', 'host=db-ro'),
          passwordSecretName: 'db',
          rootCaSecretName: 'db-ca',
          clientCertSecretName: 'db-client',
          maxOpenConns: 30,
          maxIdleConns: 5,
          connMaxLifetime: Duration.minutes(30),
        }),
        federationBundleEndpointPort: 8443,
      },
      agent: {
        logFormat: LogFormat.JSON,
        keyManager: AgentKeyManager.disk(),
        unixAttestor: { discoverWorkloadPath: true, workloadSizeLimit: -1 },
        dockerAttestor: {},
      },
      telemetry: {},
    }],
    ['mysql with TLS and a Vault token', {
      server: {
        replicas: 2,
        dataStore: DataStore.mysql({ connectionString: 'spire:${DBPW}@tcp(db:3306)/spire?parseTime=true', passwordSecretName: 'db', rootCaSecretName: 'db-ca' }),
        upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', auth: VaultAuth.tokenFromSecret({ secretName: 'vault' }) }),
      },
    }],
    ['vault Kubernetes auth', { server: { upstreamAuthority: UpstreamAuthority.vault({ address: 'https://vault:8200', auth: VaultAuth.kubernetes({ role: 'spire' }) }) } }],
    ['nested spire', { server: { upstreamAuthority: UpstreamAuthority.spire({ serverAddress: 'root.example.org' }) } }],
  ];

  test.each(VARIANTS)('%s: both configs decode, the expansion is the one we model, the sql fields have SPIRE\'s types', (_name, props) => {
    const { server, agent } = configs(props);
    for (const text of [server, agent]) {
      const result = read(text);
      expect([result.status, result.stderr]).toEqual([0, '']);
      expect(result.out.expanded).toBe(goExpandEnv(text, ENV));
    }
    const result = read(server);
    const rendered = JSON.parse(server).plugins.DataStore[0].sql.plugin_data;
    const decoded = result.out.sql;
    // The password went in verbatim, "$HOME" inside it included.
    expect(decoded.ConnectionString).toBe(rendered.connection_string.replace('${DBPW}', ENV.DBPW));
    expect(decoded.MaxOpenConns).toBe(rendered.max_open_conns ?? null);
    expect(decoded.ConnMaxLifetime).toBe(rendered.conn_max_lifetime ?? null);
    if (rendered.ro_connection_string) expect(decoded.RoConnectionString).toBe(rendered.ro_connection_string.replace('${DBPW}', ENV.DBPW));
    if (rendered.root_ca_path) expect(decoded.RootCAPath).toBe(rendered.root_ca_path);
    if (server.includes('${VAULT_TOKEN}')) expect(result.out.expanded).toContain(`"token": "${ENV.VAULT_TOKEN}"`);
  });

  test('our os.ExpandEnv model agrees with Go on the awkward cases', () => {
    const text = '{"a": "$$ $1 ${} ${ $- $DBPW ${DBPW}x $HOME_X end$"}';
    const result = read(text.replace('${ ', '${}'));
    expect(result.status).toBe(0);
    expect(result.out.expanded).toBe(goExpandEnv(text.replace('${ ', '${}'), ENV));
  });

  test('a password with a double quote breaks the JSON config, as the README warns', () => {
    const { server } = configs({ server: { dataStore: DataStore.postgres({ connectionString: PG, passwordSecretName: 'db' }) } });
    const file = path.join(dir, 'quote.json');
    fs.writeFileSync(file, server);
    const run = spawnSync(binary, [file], { encoding: 'utf8', env: { PATH: process.env.PATH, ...ENV, DBPW: 'a"b' } });
    expect(run.status).not.toBe(0);
  });
});
