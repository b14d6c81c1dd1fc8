/** `value` as an absolute URL, or undefined when it is not one. */
export function parseAbsoluteUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
