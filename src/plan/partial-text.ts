// Text that is partly known at plan time: literal characters with run-time placeholders between
// them (go-value.ts `placeholder`). Some run-time values have a length Kubernetes fixes, so
// measuring, truncating or padding such text is still decidable, and the known part survives a
// cut: `%.4s` of `web-<replicaset-hash>-<pod-suffix>` is `web-`, `slice .PodMeta.UID 0 8` is
// the first eight characters of the pod UID, shown as `<pod-uid[0:8]>`.

import { PLACEHOLDER_MARK } from './go-value';

/**
 * Lengths (in bytes, all ASCII) of the run-time values whose length is fixed:
 * UIDs are RFC 4122 strings (k8s.io/apimachinery pkg/util/uuid NewUUID: 36 characters);
 * generated name suffixes are 5 characters (apiserver pkg/storage/names SimpleNameGenerator,
 * randomLength = 5); a CronJob's scheduled time is minutes since the epoch
 * (pkg/controller/cronjob/utils.go getTimeHashInMinutes), 8 digits until the year 2160.
 */
const KNOWN_LENGTHS: Readonly<Record<string, number>> = {
  'pod-uid': 36,
  'node-uid': 36,
  'controller-uid': 36,
  'owner-uid': 36,
  'pod-suffix': 5,
  'name-suffix': 5,
  'schedule-time': 8,
};

/**
 * Upper bounds of run-time values whose length varies: a pod-template-hash is
 * rand.SafeEncodeString of a uint32 printed in decimal (pkg/controller/controller_utils.go
 * ComputeHash), at most 10 characters.
 */
const MAXIMUM_LENGTHS: Readonly<Record<string, number>> = {
  'replicaset-hash': 10,
};

/** The most bytes `value` can have, or undefined when a placeholder in it has no bound. */
export function maximumLength(value: string): number | undefined {
  let total = 0;
  for (const s of textSegments(value)) {
    if ('text' in s) total += Buffer.byteLength(s.text);
    else if (s.length !== undefined) total += s.length;
    else if (MAXIMUM_LENGTHS[s.placeholder] !== undefined) total += MAXIMUM_LENGTHS[s.placeholder];
    else return undefined;
  }
  return total;
}

/** One piece of partly known text. */
export type TextSegment =
  | { readonly text: string }
  | { readonly placeholder: string; readonly length?: number };

const SLICED = /^(.*)\[(\d+):(\d+)\]$/;

function placeholderLength(name: string): number | undefined {
  const sliced = SLICED.exec(name);
  if (sliced) return Number(sliced[3]) - Number(sliced[2]);
  return KNOWN_LENGTHS[name];
}

/** Splits `value` into literal text and placeholders. */
export function textSegments(value: string): TextSegment[] {
  const parts = value.split(PLACEHOLDER_MARK);
  const out: TextSegment[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) out.push({ text: part });
    } else {
      out.push({ placeholder: part, length: placeholderLength(part) });
    }
  });
  return out;
}

function joinSegments(segments: readonly TextSegment[]): string {
  return segments.map((s) => ('text' in s ? s.text : `${PLACEHOLDER_MARK}${s.placeholder}${PLACEHOLDER_MARK}`)).join('');
}

/** How a length is counted: Go strings index bytes; fmt's width and precision count runes. */
export type Unit = 'bytes' | 'runes';

function measure(text: string, unit: Unit): number {
  return unit === 'bytes' ? Buffer.byteLength(text) : [...text].length;
}

/** The length of `value`, or undefined when a placeholder of unknown length is in it. */
export function knownLength(value: string, unit: Unit): number | undefined {
  let total = 0;
  for (const s of textSegments(value)) {
    if ('text' in s) total += measure(s.text, unit);
    else if (s.length === undefined) return undefined;
    else total += s.length;
  }
  return total;
}

/** A sub-placeholder: characters [from, to) of the run-time value `name`. */
function subPlaceholder(name: string, from: number, to: number): TextSegment {
  const sliced = SLICED.exec(name);
  const base = sliced ? sliced[1] : name;
  const offset = sliced ? Number(sliced[2]) : 0;
  const full = placeholderLength(name);
  if (from === 0 && to === full) return { placeholder: name, length: full };
  return { placeholder: `${base}[${offset + from}:${offset + to}]`, length: to - from };
}

/**
 * `value[from:to]` counted in `unit` (to undefined: to the end), or undefined when a bound falls
 * after a placeholder of unknown length, or inside a multi-byte character (bytes).
 */
export function sliceText(value: string, from: number, to: number | undefined, unit: Unit): string | undefined {
  const segments = textSegments(value);
  const out: TextSegment[] = [];
  let position = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (to !== undefined && position >= to) break;
    if ('text' in s) {
      const chars: Array<number | string> = unit === 'bytes' ? [...Buffer.from(s.text)] : [...s.text];
      const lo = Math.max(0, from - position);
      const hi = to === undefined ? chars.length : Math.min(chars.length, to - position);
      if (hi > lo) {
        const picked = chars.slice(lo, hi);
        const piece = unit === 'bytes' ? Buffer.from(picked as number[]).toString() : (picked as string[]).join('');
        // A cut inside a multi-byte character: Go would keep the broken bytes; do not guess.
        if (unit === 'bytes' && Buffer.byteLength(piece) !== hi - lo) return undefined;
        out.push({ text: piece });
      }
      position += chars.length;
    } else if (s.length === undefined) {
      // From here on every offset is unknown: only "to the end" from a known start survives.
      if (to !== undefined || position < from) return undefined;
      return joinSegments([...out, ...segments.slice(i)]);
    } else {
      const lo = Math.max(0, from - position);
      const hi = to === undefined ? s.length : Math.min(s.length, to - position);
      if (hi > lo) out.push(subPlaceholder(s.placeholder, lo, hi));
      position += s.length;
    }
  }
  if (from > position) return undefined;
  return joinSegments(out);
}
