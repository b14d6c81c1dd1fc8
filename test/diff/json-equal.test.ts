import { jsonEqual } from '../../src/diff/kube-objects';

describe('jsonEqual (an absent key equals an undefined one; inherited names are keys like any other)', () => {
  test.each([
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1 }, { a: 1, constructor: 2 }, false],
    [{ constructor: 2 }, {}, false],
    [{ toString: 'x' }, { toString: 'x' }, true],
    [{ a: [1] }, { a: [1, 2] }, false],
    [{}, { x: null }, false],
    [[1, 2], { 0: 1, 1: 2 }, false],
  ])('%j vs %j -> %s (both ways)', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(jsonEqual(b, a)).toBe(equal);
  });
});
