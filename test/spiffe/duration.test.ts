import { Duration } from 'cdk8s';
import { durationMillis, durationProblem, goDuration } from '../../src/spiffe/duration';

describe('goDuration', () => {
  test.each<[Duration, string]>([
    [Duration.days(1), '24h'],
    [Duration.hours(24), '24h'],
    [Duration.hours(1.5), '90m'],
    [Duration.minutes(90), '90m'],
    [Duration.minutes(0.75), '45s'],
    [Duration.seconds(45), '45s'],
    [Duration.seconds(1.5), '1500ms'],
    [Duration.millis(1), '1ms'],
    [Duration.minutes(0.7), '42s'],
    [Duration.parse('PT1H30M'), '90m'],
    [Duration.millis(0), '0s'],
  ])('%s → %s', (duration, expected) => {
    expect(goDuration(duration)).toBe(expected);
  });

  test('throws on a fraction of a millisecond', () => {
    expect(() => goDuration(Duration.millis(1.5))).toThrow(/has a fraction of a millisecond/);
  });
});

describe('durationMillis', () => {
  test('converts and removes floating-point noise', () => {
    expect(durationMillis(Duration.hours(2))).toBe(7_200_000);
    expect(durationMillis(Duration.minutes(0.7))).toBe(42_000);
    expect(durationMillis(Duration.millis(0.5))).toBe(0.5);
  });
});

describe('durationProblem', () => {
  test.each([Duration.millis(1), Duration.seconds(30), Duration.hours(1), Duration.days(7), Duration.seconds(0.25)])('accepts %s', (duration) => {
    expect(durationProblem(duration)).toBeUndefined();
  });

  test.each<[Duration, RegExp]>([
    [Duration.seconds(0), /^must be longer than zero/],
    [Duration.millis(0.5), /^has a fraction of a millisecond \(0\.5 ms\); use a whole number of milliseconds/],
    [Duration.seconds(1.0005), /^has a fraction of a millisecond/],
    [Duration.millis(Infinity), /^must be finite/],
  ])('rejects %s', (duration, problem) => {
    expect(durationProblem(duration)).toMatch(problem);
    expect(durationProblem(duration)).toMatch(/\(SPIRE and the controller manager read positive Go durations.*\)$/);
  });
});
