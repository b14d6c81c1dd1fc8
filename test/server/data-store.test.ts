import { Duration } from 'cdk8s';
import { DataStore, SpireProps } from '../../src';
import { goExpandEnv, parsePostgres, strayExpansions } from '../../src/components/server/connection-string';
import { errorOf } from '../util/errors';
import { validateAll } from '../util/k8s-validator';
import { configIn, container, find, pluginData, synthSpire, volume } from '../util/synth';

const PG = "dbname=spire user=spire host=db password='${DBPW}' sslmode=verify-full";
const MYSQL = 'spire:${DBPW}@tcp(db:3306)/spire?parseTime=true';

function sqlData(props: Partial<SpireProps>): any {
  return pluginData(configIn(synthSpire(props).objects, 'spire-server', 'server.conf'), 'DataStore', 'sql');
}

function expectError(props: Partial<SpireProps>, property: string, rule: RegExp): void {
  const message = errorOf(() => synthSpire(props));
  expect(message).toContain('spire/spire (Spire): ');
  expect(message).toContain(`${property} `);
  expect(message).toMatch(rule);
  expect(message).toMatch(/Fix: .+\.$/);
}

describe('PostgreSQL', () => {
  test('TLS files from Secrets are mounted and added to both connection strings', () => {
    const { objects } = synthSpire({
      server: {
        replicas: 3,
        dataStore: DataStore.postgres({
          connectionString: PG,
          readOnlyConnectionString: PG.replace('host=db', 'host=db-ro'),
          passwordSecretName: 'spire-db',
          rootCaSecretName: 'db-ca',
          rootCaSecretKey: 'root.pem',
          clientCertSecretName: 'db-client',
          maxOpenConns: 50,
          maxIdleConns: 10,
          connMaxLifetime: Duration.minutes(30),
        }),
      },
    });
    const sts = find(objects, 'StatefulSet', 'spire-server');
    const server = container(sts, 'spire-server');
    const files = ' sslrootcert=/run/spire/datastore-tls/ca/root.pem sslcert=/run/spire/datastore-tls/client/tls.crt sslkey=/run/spire/datastore-tls/client/tls.key';
    expect(pluginData(configIn(objects, 'spire-server', 'server.conf'), 'DataStore', 'sql')).toEqual({
      database_type: 'postgres',
      connection_string: PG + files,
      ro_connection_string: PG.replace('host=db', 'host=db-ro') + files,
      max_open_conns: 50,
      max_idle_conns: 10,
      conn_max_lifetime: '30m',
    });
    expect(volume(sts, 'datastore-ca')).toEqual({ name: 'datastore-ca', secret: { secretName: 'db-ca', defaultMode: 0o440 } });
    expect(volume(sts, 'datastore-client-cert')).toEqual({ name: 'datastore-client-cert', secret: { secretName: 'db-client', defaultMode: 0o440 } });
    expect(server.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'datastore-ca', mountPath: '/run/spire/datastore-tls/ca', readOnly: true },
      { name: 'datastore-client-cert', mountPath: '/run/spire/datastore-tls/client', readOnly: true },
    ]));
    // Never the password itself in a ConfigMap: only the placeholder.
    for (const cm of objects.filter(o => o.kind === 'ConfigMap')) expect(JSON.stringify(cm)).not.toMatch(/password=(?!'\$\{DBPW\}')/);
    expect(validateAll(objects)).toEqual([]);
  });

  test('the chart\'s unquoted placeholder is refused with the quoted form as fix', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'dbname=spire password=${DBPW} host=db', passwordSecretName: 'db' }) } },
      'server.dataStore.connectionString', /quoted value password='\$\{DBPW\}'.*Fix: write password='\$\{DBPW\}'/);
  });

  test('a placeholder inside a URI is refused (percent-decoding would mangle the password)', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'postgres://spire:${DBPW}@db/spire', passwordSecretName: 'db' }) } },
      'server.dataStore.connectionString', /percent-decoded.*key=value/);
  });

  test.each(['prefer', 'allow', 'verify_full'])('sslmode=%s, which lib/pq rejects', mode => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: `host=db sslmode=${mode}` }) } },
      'server.dataStore.connectionString', new RegExp(`sslmode=${mode}, which lib/pq rejects.*disable, require, verify-ca, verify-full`));
  });

  test('sslmode in a URI is checked too', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'postgresql://db/spire?sslmode=prefer' }) } },
      'server.dataStore.connectionString', /sslmode=prefer/);
  });

  test('TLS Secrets with sslmode=disable', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db sslmode=disable', rootCaSecretName: 'db-ca' }) } },
      'server.dataStore.connectionString', /sslmode=disable, so the CA and client certificate/);
  });

  test('a connection string that already names the CA file the Secret provides', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db sslrootcert=/etc/ca.pem', rootCaSecretName: 'db-ca' }) } },
      'server.dataStore.connectionString', /sets sslrootcert itself/);
  });

  test('a malformed key=value string', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db sslmode' }) } },
      'server.dataStore.connectionString', /"sslmode" without "=value"/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: "host=db password='x" }) } },
      'server.dataStore.connectionString', /unterminated quoted value/);
  });

  test('the read-only connection string is checked like the primary', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', readOnlyConnectionString: 'host=ro sslmode=on' }) } },
      'server.dataStore.readOnlyConnectionString', /sslmode=on/);
  });

  test('a placeholder only in the read-only string still needs the Secret', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', readOnlyConnectionString: "host=ro password='${DBPW}'" }) } },
      'server.dataStore.connectionString', /no passwordSecretName/);
  });

  test('pool settings: bounds and idle above open', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', maxOpenConns: 0 }) } }, 'server.dataStore.maxOpenConns', /whole number from 1/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', maxIdleConns: -1 }) } }, 'server.dataStore.maxIdleConns', /whole number from 0/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', maxOpenConns: 10, maxIdleConns: 20 }) } },
      'server.dataStore.maxIdleConns', /exceeds maxOpenConns \(10\)/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', connMaxLifetime: Duration.millis(0.5) }) } },
      'server.dataStore.connMaxLifetime', /fraction of a millisecond/);
  });

  test('TLS Secret names and keys Kubernetes would reject', () => {
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', rootCaSecretName: 'DB_CA' }) } }, 'server.dataStore.rootCaSecretName', /lowercase/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', rootCaSecretName: 'db-ca', rootCaSecretKey: 'a/b' }) } }, 'server.dataStore.rootCaSecretKey', /Secret key/);
    expectError({ server: { dataStore: DataStore.postgres({ connectionString: 'host=db', clientCertSecretName: 'Client!' }) } }, 'server.dataStore.clientCertSecretName', /lowercase|DNS/);
  });

  test('sqlite with several replicas is refused with the datastores that work', () => {
    expectError({ server: { replicas: 2 } }, 'server.replicas', /needs a datastore shared by all replicas.*Fix: keep replicas: 1, or set server.dataStore to DataStore.postgres/);
  });
});

describe('MySQL', () => {
  test('TLS files become plugin keys (SPIRE registers its own TLS config from them)', () => {
    expect(sqlData({ server: { dataStore: DataStore.mysql({ connectionString: MYSQL, passwordSecretName: 'db', rootCaSecretName: 'db-ca', clientCertSecretName: 'db-client' }) } })).toEqual({
      database_type: 'mysql',
      connection_string: MYSQL,
      root_ca_path: '/run/spire/datastore-tls/ca/ca.crt',
      client_cert_path: '/run/spire/datastore-tls/client/tls.crt',
      client_key_path: '/run/spire/datastore-tls/client/tls.key',
    });
  });

  test('parseTime=true is required (SPIRE refuses to start without it)', () => {
    expectError({ server: { dataStore: DataStore.mysql({ connectionString: 'spire@tcp(db)/spire' }) } }, 'server.dataStore.connectionString', /parseTime=true/);
  });

  test('a tls value the driver does not know', () => {
    expectError({ server: { dataStore: DataStore.mysql({ connectionString: 'spire@tcp(db)/spire?parseTime=true&tls=required' }) } },
      'server.dataStore.connectionString', /tls=required.*true, false, skip-verify, preferred/);
  });

  test('tls=false next to a CA Secret', () => {
    expectError({ server: { dataStore: DataStore.mysql({ connectionString: 'spire@tcp(db)/spire?parseTime=true&tls=false', rootCaSecretName: 'db-ca' }) } },
      'server.dataStore.connectionString', /replaces it with its own verifying TLS config/);
  });

  test('a DSN without a database', () => {
    expectError({ server: { dataStore: DataStore.mysql({ connectionString: 'spire@tcp(db:3306)' }) } }, 'server.dataStore.connectionString', /no "\/dbname"/);
  });
});

describe('env expansion as SPIRE does it (Go os.ExpandEnv)', () => {
  test('replaces $NAME and ${NAME}, eats $$ and $1, keeps a lone $', () => {
    const env = { DBPW: 'pw', A: 'a' };
    expect(goExpandEnv('x=${DBPW} y=$A z=$$ w=$1 v=$ u=${} t=$-', env)).toBe('x=pw y=a z= w= v=$ u= t=');
    expect(goExpandEnv('end$', env)).toBe('end$');
    // The inserted value is not expanded again.
    expect(goExpandEnv('${DBPW}', { DBPW: '$A' })).toBe('$A');
  });

  test('finds every "$" other than our placeholders', () => {
    const stray = strayExpansions('{"a":"${DBPW}","b":"x$y","c":"50$"}', ['${DBPW}']);
    // "$y" would be expanded; "$" before a quote stays as it is.
    expect(stray).toHaveLength(1);
    expect(stray[0]).toContain('x$y');
  });

  test('a "$" elsewhere in server.conf with -expandEnv on is refused', () => {
    const message = errorOf(() => synthSpire({
      server: {
        caSubject: { organization: ['Acme$Corp'] },
        dataStore: DataStore.postgres({ connectionString: PG, passwordSecretName: 'db' }),
      },
    }));
    expect(message).toMatch(/server config ".*Acme\$Corp.*-expandEnv.*Fix: remove the "\$"/);
  });

  test('without -expandEnv a "$" is harmless and allowed', () => {
    expect(errorOf(() => synthSpire({ server: { caSubject: { organization: ['Acme$Corp'] } } }))).toBe('');
  });

  test('parsePostgres follows lib/pq quoting', () => {
    const parsed = parsePostgres("host=db password='a b\\'c' port = 5433");
    expect(Object.fromEntries(parsed.params)).toEqual({ host: 'db', password: "a b'c", port: '5433' });
    expect(parsed.passwordQuoting).toBe('quoted');
  });
});
