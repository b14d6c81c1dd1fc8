/**
 * How a component writes its log lines: SPIRE's `log_format` (server, agent, OIDC discovery
 * provider) and the controller manager's `logEncoding` (`json`, or `console` for TEXT).
 */
export enum LogFormat {
  /** Human-readable text (SPIRE's default; the controller manager's `console`). */
  TEXT = 'text',
  /** One JSON object per line, for log collectors. */
  JSON = 'json',
}
