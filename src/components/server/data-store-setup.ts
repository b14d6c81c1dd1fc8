import { IConstruct } from 'constructs';
import {
  MYSQL_TLS_VALUES, parseMysql, parsePostgres, PASSWORD_PLACEHOLDER, POSTGRES_SSL_MODES,
} from './connection-string';
import type { DataStore, SqlDataStoreOptions } from './data-store';
import { propertyError } from '../../errors';
import { goDuration, durationProblem } from '../../spiffe/duration';
import { dns1123SubdomainProblem } from '../../spiffe/k8s-names';
import { checkInteger } from '../common/checks';
import type { IContainer, IVolume, IVolumeMount } from '../common/kubernetes';

/** The environment variable SPIRE's -expandEnv reads the password from (as the Helm chart names it). */
export const PASSWORD_ENV = 'DBPW';

const TLS_DIRECTORY = '/run/spire/datastore-tls';
const CA_VOLUME = 'datastore-ca';
const CLIENT_VOLUME = 'datastore-client-cert';
/**
 * Secret files are owned by root; with the pod's fsGroup the kubelet adds
 * group read. lib/pq (and libpq) accept a root-owned key with at most 0640,
 * never world access (lib/pq ssl_permissions.go), so the key stays 0440.
 */
const SECRET_FILE_MODE = 0o440;

/** What the server pod and server.conf need for the datastore. */
export interface DataStoreSetup {
  readonly pluginData: Record<string, unknown>;
  readonly env: NonNullable<IContainer['env']>;
  readonly volumes: IVolume[];
  readonly mounts: IVolumeMount[];
  /** Whether server.conf holds ${DBPW} and the server must run with -expandEnv. */
  readonly expandEnv: boolean;
  /** The database port, for the datastore egress NetworkPolicy rule. */
  readonly port?: number;
}

/** Checks an external datastore's options and derives the config, env and mounts. */
export function dataStoreSetup(scope: IConstruct, dataStore: DataStore, sqlitePath: string): DataStoreSetup {
  const external = dataStore.external;
  if (!external) {
    return {
      pluginData: { database_type: dataStore.databaseType, connection_string: sqlitePath },
      env: [],
      volumes: [],
      mounts: [],
      expandEnv: false,
    };
  }
  const postgres = dataStore.databaseType === 'postgres';
  const usesPassword = checkPassword(scope, external);
  const caPath = external.rootCaSecretName !== undefined
    ? `${TLS_DIRECTORY}/ca/${checkSecretKey(scope, 'server.dataStore.rootCaSecretKey', external.rootCaSecretKey ?? 'ca.crt')}`
    : undefined;
  const client = external.clientCertSecretName !== undefined
    ? { cert: `${TLS_DIRECTORY}/client/tls.crt`, key: `${TLS_DIRECTORY}/client/tls.key` }
    : undefined;
  checkSecretName(scope, 'server.dataStore.rootCaSecretName', external.rootCaSecretName);
  checkSecretName(scope, 'server.dataStore.clientCertSecretName', external.clientCertSecretName);

  const connection = (property: string, text: string): { text: string; port?: number } => {
    if (text.trim().length === 0) throw propertyError(scope, property, text, 'must not be empty', 'pass the database connection string');
    return postgres
      ? postgresConnection(scope, property, text, caPath, client)
      : mysqlConnection(scope, property, text, caPath !== undefined || client !== undefined);
  };
  const primary = connection('server.dataStore.connectionString', external.connectionString);
  const readOnly = external.readOnlyConnectionString !== undefined
    ? connection('server.dataStore.readOnlyConnectionString', external.readOnlyConnectionString)
    : undefined;

  const maxOpen = external.maxOpenConns !== undefined ? checkInteger(scope, 'server.dataStore.maxOpenConns', external.maxOpenConns, 1, 10000) : undefined;
  const maxIdle = external.maxIdleConns !== undefined ? checkInteger(scope, 'server.dataStore.maxIdleConns', external.maxIdleConns, 0, 10000) : undefined;
  if (maxIdle !== undefined && maxIdle > (maxOpen ?? 100)) {
    throw propertyError(scope, 'server.dataStore.maxIdleConns', maxIdle, `exceeds maxOpenConns (${maxOpen ?? 100}); database/sql silently lowers it to that`,
      'set maxIdleConns at most maxOpenConns');
  }
  let lifetime: string | undefined;
  if (external.connMaxLifetime !== undefined) {
    const problem = durationProblem(external.connMaxLifetime);
    if (problem) throw propertyError(scope, 'server.dataStore.connMaxLifetime', external.connMaxLifetime.toHumanString(), problem, 'pass a positive Duration such as Duration.minutes(30)');
    lifetime = goDuration(external.connMaxLifetime);
  }

  const volumes: IVolume[] = [];
  const mounts: IVolumeMount[] = [];
  if (caPath !== undefined) {
    volumes.push({ name: CA_VOLUME, secret: { secretName: external.rootCaSecretName!, defaultMode: SECRET_FILE_MODE } });
    mounts.push({ name: CA_VOLUME, mountPath: `${TLS_DIRECTORY}/ca`, readOnly: true });
  }
  if (client !== undefined) {
    volumes.push({ name: CLIENT_VOLUME, secret: { secretName: external.clientCertSecretName!, defaultMode: SECRET_FILE_MODE } });
    mounts.push({ name: CLIENT_VOLUME, mountPath: `${TLS_DIRECTORY}/client`, readOnly: true });
  }

  return {
    pluginData: {
      database_type: dataStore.databaseType,
      connection_string: primary.text,
      ro_connection_string: readOnly?.text,
      // MySQL takes the TLS files as plugin keys (SPIRE registers a custom TLS config from them).
      root_ca_path: postgres ? undefined : caPath,
      client_cert_path: postgres ? undefined : client?.cert,
      client_key_path: postgres ? undefined : client?.key,
      max_open_conns: maxOpen,
      max_idle_conns: maxIdle,
      conn_max_lifetime: lifetime,
    },
    env: usesPassword ? [{
      name: PASSWORD_ENV,
      valueFrom: { secretKeyRef: { name: external.passwordSecretName!, key: external.passwordSecretKey ?? 'password' } },
    }] : [],
    volumes,
    mounts,
    expandEnv: usesPassword,
    port: primary.port,
  };
}

function checkPassword(scope: IConstruct, external: SqlDataStoreOptions): boolean {
  const texts = [external.connectionString, external.readOnlyConnectionString].filter((t): t is string => t !== undefined);
  const usesPlaceholder = texts.some(t => t.includes(PASSWORD_PLACEHOLDER));
  const property = 'server.dataStore.connectionString';
  if (usesPlaceholder && !external.passwordSecretName) {
    throw propertyError(scope, property, external.connectionString, `contains ${PASSWORD_PLACEHOLDER} but no passwordSecretName is set, so nothing would replace it`, 'set passwordSecretName (and passwordSecretKey) to the Secret holding the password');
  }
  if (external.passwordSecretName === undefined) return false;
  if (!usesPlaceholder) {
    throw propertyError(scope, property, external.connectionString, `does not contain ${PASSWORD_PLACEHOLDER}, so the password from passwordSecretName is never used`, `write ${PASSWORD_PLACEHOLDER} where the password goes`);
  }
  const problem = dns1123SubdomainProblem(external.passwordSecretName);
  if (problem) {
    throw propertyError(scope, 'server.dataStore.passwordSecretName', external.passwordSecretName, problem,
      'use the name of the Secret that holds the password, such as "spire-db"');
  }
  checkSecretKey(scope, 'server.dataStore.passwordSecretKey', external.passwordSecretKey ?? 'password', 'use the key the Secret stores the password under, such as "password"');
  return true;
}

function checkSecretName(scope: IConstruct, property: string, name: string | undefined): void {
  if (name === undefined) return;
  const problem = dns1123SubdomainProblem(name);
  if (problem) throw propertyError(scope, property, name, problem, 'use the name of an existing Secret in the server namespace');
}

function checkSecretKey(scope: IConstruct, property: string, key: string, fix = 'use the key the Secret stores the file under, such as "ca.crt"'): string {
  if (!/^[-._a-zA-Z0-9]+$/.test(key) || key === '.' || key === '..') {
    throw propertyError(scope, property, key, 'must be a Secret key ([-._a-zA-Z0-9]+)', fix);
  }
  return key;
}

function postgresConnection(
  scope: IConstruct, property: string, text: string, caPath: string | undefined, client: { cert: string; key: string } | undefined,
): { text: string; port?: number } {
  const parsed = parsePostgres(text);
  if (parsed.problem) throw propertyError(scope, property, text, `${parsed.problem}`, 'write it like "dbname=spire user=spire host=db port=5432 password=\'${DBPW}\' sslmode=verify-full"');
  if (text.includes(PASSWORD_PLACEHOLDER)) {
    if (parsed.uri) {
      throw propertyError(scope, property, text, `puts ${PASSWORD_PLACEHOLDER} in a URI, where the inserted password is percent-decoded and any "@", "/", "%", "#" or "?" in it breaks the URI`,
        'use the key=value form with password=\'${DBPW}\'');
    }
    if (parsed.params.get('password') !== PASSWORD_PLACEHOLDER || parsed.passwordQuoting !== 'quoted') {
      throw propertyError(scope, property, text, `must carry the placeholder as the quoted value password='${PASSWORD_PLACEHOLDER}' (SPIRE inserts the password verbatim before lib/pq parses the string; a bare value ends at the first space or backslash)`,
        `write password='${PASSWORD_PLACEHOLDER}'`);
    }
  }
  const sslmode = parsed.params.get('sslmode');
  if (sslmode !== undefined && !POSTGRES_SSL_MODES.includes(sslmode)) {
    throw propertyError(scope, property, text, `has sslmode=${sslmode}, which lib/pq rejects (it knows ${POSTGRES_SSL_MODES.join(', ')})`,
      'use sslmode=verify-full (or verify-ca, require; disable only on a trusted network)');
  }
  const tlsFiles: Array<[string, string | undefined]> = [['sslrootcert', caPath], ['sslcert', client?.cert], ['sslkey', client?.key]];
  const added = tlsFiles.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (added.length > 0 && sslmode === 'disable') {
    throw propertyError(scope, property, text, 'has sslmode=disable, so the CA and client certificate from the Secrets would never be used',
      'use sslmode=verify-full, or drop rootCaSecretName and clientCertSecretName');
  }
  for (const [key] of added) {
    if (parsed.params.has(key)) {
      throw propertyError(scope, property, text, `sets ${key} itself, but the file comes from a Secret this construct mounts`,
        `remove ${key} from the connection string; it is added with the mounted path`);
    }
  }
  const port = Number(parsed.params.get('port') ?? (parsed.uri ? uriPort(text) : undefined) ?? 5432);
  if (added.length === 0) return { text, port };
  const rendered = parsed.uri
    ? `${text}${text.includes('?') ? '&' : '?'}${added.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`
    : `${text.trim()} ${added.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  return { text: rendered, port };
}

function uriPort(text: string): string | undefined {
  const authority = text.slice(text.indexOf('//') + 2).split(/[/?]/)[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const match = /:(\d+)$/.exec(host);
  return match?.[1];
}

function mysqlConnection(scope: IConstruct, property: string, text: string, customTls: boolean): { text: string; port?: number } {
  const parsed = parseMysql(text);
  if (parsed.problem) throw propertyError(scope, property, text, parsed.problem, 'write it like "spire:${DBPW}@tcp(db:3306)/spire?parseTime=true&tls=true"');
  const tls = parsed.params.get('tls');
  if (tls !== undefined && !MYSQL_TLS_VALUES.includes(tls)) {
    throw propertyError(scope, property, text, `has tls=${tls}, which go-sql-driver/mysql only accepts as ${MYSQL_TLS_VALUES.join(', ')} or a TLS config registered in the process (SPIRE registers none by that name)`,
      'use tls=true; for a private CA or client certificate set rootCaSecretName / clientCertSecretName instead');
  }
  if (customTls && (tls === 'false' || tls === 'skip-verify' || tls === 'preferred')) {
    throw propertyError(scope, property, text, `has tls=${tls}, but with rootCaSecretName or clientCertSecretName SPIRE replaces it with its own verifying TLS config`,
      'drop the tls parameter or set tls=true');
  }
  if (parsed.params.get('parseTime') !== 'true') {
    throw propertyError(scope, property, text, 'lacks parseTime=true, which SPIRE\'s MySQL datastore requires to read timestamps',
      'add ?parseTime=true to the connection string');
  }
  const address = /@?tcp\(([^)]*)\)/.exec(text)?.[1];
  const port = address !== undefined ? Number(/:(\d+)$/.exec(address)?.[1] ?? 3306) : 3306;
  return { text, port };
}
