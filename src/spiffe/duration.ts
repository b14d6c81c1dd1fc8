import { Duration } from 'cdk8s';

// Go's duration units from largest down; Go has no unit for days.
const UNITS: ReadonlyArray<readonly [string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];
const RULE = '(SPIRE and the controller manager read positive Go durations; this library writes whole milliseconds such as 24h, 90m or 1500ms)';

/**
 * The length of `duration` in milliseconds. Values within floating-point noise of a whole
 * number are rounded: `Duration.minutes(0.7)` is 42000 ms, not 42000.000000000004.
 */
export function durationMillis(duration: Duration): number {
  const millis = duration.toMilliseconds({ integral: false });
  const rounded = Math.round(millis);
  return Math.abs(millis - rounded) < 1e-6 ? rounded : millis;
}

/** Why `duration` cannot be written into SPIRE configuration, or undefined. */
export function durationProblem(duration: Duration): string | undefined {
  const millis = durationMillis(duration);
  if (!Number.isFinite(millis)) return `must be finite ${RULE}`;
  if (millis === 0) return `must be longer than zero ${RULE}`;
  if (!Number.isInteger(millis)) return `has a fraction of a millisecond (${millis} ms); use a whole number of milliseconds ${RULE}`;
  return undefined;
}

/**
 * `duration` as a Go duration string in the largest unit that divides it exactly: `24h`, `90m`,
 * `45s`, `1500ms`; zero is `0s`. Throws when `durationProblem` reports a fraction of a millisecond.
 */
export function goDuration(duration: Duration): string {
  const millis = durationMillis(duration);
  if (millis === 0) return '0s';
  const problem = durationProblem(duration);
  if (problem) throw new Error(`Duration ${duration.toHumanString()} ${problem}.`);
  const [unit, size] = UNITS.find(([, ms]) => millis % ms === 0)!;
  return `${millis / size}${unit}`;
}
