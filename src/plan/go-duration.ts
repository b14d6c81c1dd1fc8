// Go's time.ParseDuration (golang/go src/time/format.go), which metav1.Duration uses to decode the
// ttl and jwtTtl of a ClusterSPIFFEID (k8s.io/apimachinery pkg/apis/meta/v1/duration.go
// UnmarshalJSON): a sign, then decimal numbers each with a unit (ns, us, µs, μs, ms, s, m, h);
// "0" alone is allowed. SPIRE stores TTLs as int32 seconds (spire-controller-manager
// pkg/spireapi entries.go: int32(ttl / time.Second)).

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const MAX_NANOS = 2 ** 63 - 1;

/** The duration in nanoseconds, or Go's error message. */
export function parseGoDuration(text: string): number | string {
  const fail = `time: invalid duration "${text}"`;
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return fail;
  let total = 0;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (number[0] === '' || number[0] === '.') return fail;
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    if (unit === undefined) return `time: missing unit in duration "${text}"`;
    if (!(unit in UNITS)) return `time: unknown unit "${unit}" in duration "${text}"`;
    rest = rest.slice(unit.length);
    total += Number(`${number[1] || '0'}.${number[2] || '0'}`) * UNITS[unit];
    if (total > MAX_NANOS) return fail;
  }
  return sign * total;
}

/** Whole seconds SPIRE stores for `text` (0 when unset); undefined when Go cannot parse it. */
export function goDurationSecondsOf(text: string | undefined): number | undefined {
  if (!text) return 0;
  const nanos = parseGoDuration(text);
  return typeof nanos === 'string' ? undefined : Math.trunc(nanos / 1e9);
}
