import { IConstruct } from 'constructs';

/**
 * The one message shape every synth-time check uses: where (construct path and
 * type), which property, the bad value, the rule it breaks and how to fix it.
 * `fix` is required: every message tells the user what to change.
 */
export function propertyMessage(scope: IConstruct, property: string, value: unknown, problem: string, fix: string): string {
  return `${scope.node.path} (${scope.constructor.name}): ${property} ${show(value)} ${problem}. Fix: ${fix}.`;
}

/** Same as propertyMessage, as an Error to throw from a constructor. */
export function propertyError(scope: IConstruct, property: string, value: unknown, problem: string, fix: string): Error {
  return new Error(propertyMessage(scope, property, value, problem, fix));
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}

/** Checks each value of a list property, throwing the standard message (with `property[index]`) for the first bad one. */
export function checkEach(scope: IConstruct, property: string, values: readonly string[] | undefined,
  problemOf: (value: string) => string | undefined, fix: string): void {
  (values ?? []).forEach((value, index) => {
    const problem = problemOf(value);
    if (problem) throw propertyError(scope, `${property}[${index}]`, value, problem, fix);
  });
}

/** Construct metadata type under which the library records its synth-time warnings. */
export const WARNING_METADATA = 'cdk8s-spire:warning';

/**
 * Records a warning in the standard message shape on `scope` (construct metadata, read back
 * with `warningsOf`) and prints it on stderr, since `cdk8s synth` shows no construct metadata.
 */
export function addWarning(scope: IConstruct, property: string, value: unknown, problem: string, fix: string): void {
  const message = propertyMessage(scope, property, value, problem, fix);
  scope.node.addMetadata(WARNING_METADATA, message);
  // eslint-disable-next-line no-console
  console.warn(`[cdk8s-spire] warning: ${message}`);
}

/** Every warning recorded on `scope` and the constructs below it. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === WARNING_METADATA).map(m => String(m.data)));
}
