/** How a SPIRE server or agent writes its log lines (`log_format`). */
export enum LogFormat {
  /** Human-readable text (SPIRE's default). */
  TEXT = 'text',
  /** One JSON object per line, for log collectors. */
  JSON = 'json',
}
