/** How much a SPIRE component logs. */
export enum LogLevel {
  /** Everything, including per-request details. */
  DEBUG = 'DEBUG',
  /** Normal operation (SPIRE's default). */
  INFO = 'INFO',
  /** Problems that do not stop the component. */
  WARN = 'WARN',
  /** Failures only. */
  ERROR = 'ERROR',
}
