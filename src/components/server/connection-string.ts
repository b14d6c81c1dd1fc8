// Pure parsing of the SQL connection strings SPIRE hands to its drivers, so
// synth can reject what the drivers would reject at start-up:
// - PostgreSQL goes through lib/pq (jinzhu/gorm dialects/postgres), which
//   accepts `key=value` pairs (values optionally single-quoted, `\` escapes)
//   or a postgres:// URI, and knows only the sslmode values below
//   (spiffe/spire doc/plugin_server_datastore_sql.md, "Valid sslmode configurations").
// - MySQL goes through go-sql-driver/mysql: `[user[:password]@][net[(addr)]]/dbname[?params]`,
//   with `tls` one of true, false, skip-verify, preferred or a registered name;
//   SPIRE registers its own when root_ca_path / client_cert_path are set
//   (spiffe/spire pkg/server/datastore/sqlcommon/mysql.go).

/** The password placeholder SPIRE's -expandEnv replaces with the DBPW environment variable. */
export const PASSWORD_PLACEHOLDER = '${DBPW}';

/** sslmode values lib/pq accepts. */
export const POSTGRES_SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'];

/** `tls` values go-sql-driver/mysql accepts without a registered custom config. */
export const MYSQL_TLS_VALUES = ['true', 'false', 'skip-verify', 'preferred'];

/** A parsed connection string: its parameters, or why it cannot be parsed. */
export interface ParsedConnectionString {
  readonly params: Map<string, string>;
  /** Whether the string is a URI (postgres:// or postgresql://). */
  readonly uri: boolean;
  readonly problem?: string;
  /** How the value of `password` was written: quoted, bare, or absent. */
  readonly passwordQuoting?: 'quoted' | 'bare';
}

/** Parses a lib/pq connection string (key=value pairs or a URI). */
export function parsePostgres(connectionString: string): ParsedConnectionString {
  const trimmed = connectionString.trim();
  if (/^postgres(ql)?:\/\//.test(trimmed)) return parsePostgresUri(trimmed);
  return parsePostgresKeyValues(trimmed);
}

function parsePostgresUri(text: string): ParsedConnectionString {
  const params = new Map<string, string>();
  const query = text.indexOf('?');
  if (query >= 0) {
    for (const pair of text.slice(query + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      params.set(decodeSafe(key), eq < 0 ? '' : decodeSafe(pair.slice(eq + 1)));
    }
  }
  const authority = text.slice(text.indexOf('//') + 2, query >= 0 ? query : undefined).split('/')[0];
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const colon = authority.slice(0, at).indexOf(':');
    if (colon >= 0) params.set('password', authority.slice(colon + 1, at));
  }
  return { params, uri: true };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** lib/pq's key=value grammar: keys end at `=`, values end at unescaped whitespace or a closing quote. */
function parsePostgresKeyValues(text: string): ParsedConnectionString {
  const params = new Map<string, string>();
  let passwordQuoting: 'quoted' | 'bare' | undefined;
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  while (true) {
    skipSpace();
    if (i >= text.length) break;
    let key = '';
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i])) key += text[i++];
    skipSpace();
    if (text[i] !== '=') return { params, uri: false, problem: `has "${key}" without "=value" (lib/pq reads key=value pairs separated by spaces)` };
    i++;
    skipSpace();
    let value = '';
    let quoted = false;
    if (text[i] === "'") {
      quoted = true;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i++];
        if (c === '\\') {
          value += text[i++] ?? '';
        } else if (c === "'") {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return { params, uri: false, problem: `has an unterminated quoted value for "${key}"` };
    } else {
      while (i < text.length && !/\s/.test(text[i])) {
        const c = text[i++];
        value += c === '\\' ? (text[i++] ?? '') : c;
      }
    }
    if (key === 'password') passwordQuoting = quoted ? 'quoted' : 'bare';
    params.set(key, value);
  }
  return { params, uri: false, passwordQuoting };
}

/** Parses the `?params` of a go-sql-driver/mysql DSN. */
export function parseMysql(connectionString: string): ParsedConnectionString {
  const params = new Map<string, string>();
  const slash = connectionString.lastIndexOf('/');
  if (slash < 0) {
    return { params, uri: false, problem: 'has no "/dbname" (go-sql-driver/mysql DSNs read [user[:password]@][net[(addr)]]/dbname[?params])' };
  }
  const query = connectionString.indexOf('?', slash);
  if (query >= 0) {
    for (const pair of connectionString.slice(query + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) return { params, uri: false, problem: `has parameter "${pair}" without "=value"` };
      params.set(pair.slice(0, eq), decodeSafe(pair.slice(eq + 1)));
    }
  }
  return { params, uri: false };
}

/**
 * Go's os.ExpandEnv, as SPIRE's -expandEnv applies it to the whole config
 * file before parsing: `$NAME` and `${NAME}` are replaced (unset is empty),
 * `$` followed by a special character (`$$`, `$1`, `$*`...) too, and a `$`
 * followed by anything else stays. The replacement is not expanded again.
 */
export function goExpandEnv(text: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      i++;
      continue;
    }
    const rest = text.slice(i + 1);
    const { name, width } = shellName(rest);
    if (name === '' && width > 0) {
      // Invalid syntax such as "${}" or "${": Go drops it.
    } else if (name === '') {
      out += '$';
    } else {
      out += env[name] ?? '';
    }
    i += 1 + width;
  }
  return out;
}

/** Go's os.getShellName: the variable name after a `$` and how many bytes it spans. */
function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]) && s[2] === '}') return { name: s[1], width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') {
        if (i === 1) return { name: '', width: 2 };
        return { name: s.slice(1, i), width: i + 1 };
      }
    }
    return { name: '', width: 1 };
  }
  if (isSpecial(s[0])) return { name: s[0], width: 1 };
  let i = 0;
  while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
  return { name: s.slice(0, i), width: i };
}

function isSpecial(c: string): boolean {
  return '*#$@!?-'.includes(c) || /[0-9]/.test(c);
}

/**
 * Places in a config text where os.ExpandEnv would change something other
 * than our own placeholders (each an excerpt around the `$`).
 */
export function strayExpansions(text: string, allowed: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    if (allowed.some(p => text.startsWith(p, i))) {
      i += allowed.find(p => text.startsWith(p, i))!.length - 1;
      continue;
    }
    const { name, width } = shellName(text.slice(i + 1));
    if (name !== '' || width > 0) found.push(text.slice(Math.max(0, i - 10), i + 1 + Math.max(width, 1) + 10));
  }
  return found;
}
