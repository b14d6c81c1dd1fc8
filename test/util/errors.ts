/** The message of the error `build` throws (empty when it throws none). */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
