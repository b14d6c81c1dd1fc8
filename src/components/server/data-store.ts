import type { Duration } from 'cdk8s';

/** Options for an external SQL datastore. */
export interface SqlDataStoreOptions {
  /**
   * The database connection string, in the driver's own syntax
   * (`dbname=spire user=spire host=db port=5432 password='${DBPW}' sslmode=verify-full`
   * for PostgreSQL, `spire:${DBPW}@tcp(db:3306)/spire?parseTime=true&tls=true` for MySQL).
   *
   * Write `${DBPW}` where the password goes and set `passwordSecretName`: the
   * server reads the password from the Secret into its environment and SPIRE's
   * `-expandEnv` puts it in at start-up, so it never lands in a ConfigMap.
   * For PostgreSQL write it quoted (`password='${DBPW}'`) in the key=value
   * form: the password is inserted verbatim before lib/pq parses the string,
   * and a bare value ends at the first space. The password must not contain
   * `'`, `"`, `\` or control characters (they end the quoted value or the
   * JSON string of server.conf); `$` and every other character are fine.
   */
  readonly connectionString: string;
  /**
   * Name of a Secret in the server namespace holding the database password.
   * @default - no password is injected
   */
  readonly passwordSecretName?: string;
  /**
   * Key of the password inside that Secret.
   * @default 'password'
   */
  readonly passwordSecretKey?: string;
  /**
   * Connection string of a read-only replica (`ro_connection_string`), used
   * for reads; same syntax and same `${DBPW}` password as `connectionString`.
   * @default - reads go to the primary
   */
  readonly readOnlyConnectionString?: string;
  /**
   * Most open connections per server replica (`max_open_conns`). The
   * database must accept replicas x this many.
   * @default - SPIRE's default, 100
   */
  readonly maxOpenConns?: number;
  /**
   * Most idle connections kept per server replica (`max_idle_conns`).
   * @default - SPIRE's default, 100
   */
  readonly maxIdleConns?: number;
  /**
   * Longest time a connection is reused (`conn_max_lifetime`).
   * @default - unlimited
   */
  readonly connMaxLifetime?: Duration;
  /**
   * Secret in the server namespace with the CA certificate that signed the
   * database server's certificate, mounted as a file. PostgreSQL gets it as
   * `sslrootcert` in the connection string, MySQL as `root_ca_path`.
   * @default - the system roots (MySQL) / no CA file (PostgreSQL)
   */
  readonly rootCaSecretName?: string;
  /**
   * Key of the CA certificate in `rootCaSecretName`.
   * @default 'ca.crt'
   */
  readonly rootCaSecretKey?: string;
  /**
   * Secret of type kubernetes.io/tls (`tls.crt`, `tls.key`) with the client
   * certificate the server authenticates to the database with, mounted as
   * files. PostgreSQL gets `sslcert`/`sslkey`, MySQL `client_cert_path`/`client_key_path`.
   * @default - no client certificate
   */
  readonly clientCertSecretName?: string;
}

/**
 * Where the SPIRE server keeps registrations and attested nodes (`DataStore "sql"`).
 *
 * Only a datastore shared between replicas (PostgreSQL, MySQL) allows more than
 * one server replica; sqlite lives on the server's own volume.
 */
export class DataStore {
  /** sqlite3 on the server's persistent volume (single replica only). */
  public static sqlite3(): DataStore {
    return new DataStore('sqlite3', undefined);
  }

  /** An external PostgreSQL database (driver lib/pq). */
  public static postgres(options: SqlDataStoreOptions): DataStore {
    return new DataStore('postgres', options);
  }

  /** An external MySQL database (driver go-sql-driver/mysql). */
  public static mysql(options: SqlDataStoreOptions): DataStore {
    return new DataStore('mysql', options);
  }

  /** SPIRE's `database_type`. */
  public readonly databaseType: string;
  /** Connection options of an external database; undefined for sqlite3. */
  public readonly external?: SqlDataStoreOptions;

  private constructor(databaseType: string, external: SqlDataStoreOptions | undefined) {
    this.databaseType = databaseType;
    this.external = external;
  }

  /** Whether several server replicas can share this datastore. */
  public get shared(): boolean {
    return this.external !== undefined;
  }
}
