import { describeChar, excerpt, firstBadChar } from '../../src/spiffe/describe';

describe('describeChar', () => {
  test.each([
    [' ', 'a space'],
    ['\t', 'the whitespace character "\\t"'],
    ['\n', 'the whitespace character "\\n"'],
    ['/', 'the character "/"'],
    ['é', 'the character "é"'],
  ])('%j → %s', (c, expected) => {
    expect(describeChar(c)).toBe(expected);
  });
});

describe('firstBadChar', () => {
  test('finds the first character outside the class', () => {
    expect(firstBadChar('example.org', 'a-z0-9._-')).toBeUndefined();
    expect(firstBadChar('', 'a-z')).toBeUndefined();
    expect(firstBadChar('exa mple!', 'a-z')).toBe(' ');
    expect(firstBadChar('ab/c', 'a-z')).toBe('/');
    // Whole code points, not UTF-16 halves.
    expect(firstBadChar('a😀', 'a-z')).toBe('😀');
  });
});

describe('excerpt', () => {
  test('shortens long values', () => {
    expect(excerpt('short')).toBe('short');
    expect(excerpt('x'.repeat(60))).toBe('x'.repeat(60));
    expect(excerpt('x'.repeat(61))).toBe(`${'x'.repeat(57)}...`);
    expect(excerpt('abcdef', 5)).toBe('ab...');
  });
});
