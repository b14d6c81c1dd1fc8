// The two ways executing a template can fail at plan time: Go itself fails (ExecError, the
// controller counts a render failure), or the result depends on values that exist only once
// the pod runs (Unknowable, the plan says "unknown").

/** Go's text/template or fmt would fail with this message. */
export class ExecError extends Error {}

/** The outcome depends on a run-time value; the message says which. */
export class Unknowable extends Error {}
