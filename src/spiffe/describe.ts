// Small helpers that quote user input inside problem phrases.

/** A quoted character; whitespace is named so the reader can see it. */
export function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (/\s/.test(c)) return `the whitespace character ${JSON.stringify(c)}`;
  return `the character "${c}"`;
}

const negated = new Map<string, RegExp>();

/**
 * The first character of `value` outside the character class `allowed` (written as the inside of
 * `[...]`, e.g. `'a-z0-9._-'`), or undefined when every character is allowed.
 */
export function firstBadChar(value: string, allowed: string): string | undefined {
  let re = negated.get(allowed);
  if (re === undefined) {
    // One compiled search per class: scanning with it beats testing character by character.
    re = new RegExp(`[^${allowed}]`, 'u');
    negated.set(allowed, re);
  }
  return re.exec(value)?.[0];
}

/** `value` shortened for a message, so a 2 KB template does not flood the error. */
export function excerpt(value: string, max = 60): string {
  return value.length <= max ? value : `${value.slice(0, max - 3)}...`;
}
