/** Options for an external SQL datastore. */
export interface SqlDataStoreOptions {
  /**
   * The database connection string, in the driver's own syntax
   * (`dbname=spire user=spire host=db port=5432 sslmode=require` for PostgreSQL,
   * `spire:${DBPW}@tcp(db:3306)/spire?parseTime=true` for MySQL).
   *
   * Write `${DBPW}` where the password goes and set `passwordSecretName`: the
   * server reads the password from the Secret at start-up, so it never lands in
   * a ConfigMap.
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

  /** An external PostgreSQL database. */
  public static postgres(options: SqlDataStoreOptions): DataStore {
    return new DataStore('postgres', options);
  }

  /** An external MySQL database. */
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
