import { describe, expect, it } from 'vitest';
import { shrinkTowards } from '../engine/stats/index.ts';

describe('shrinkTowards', () => {
  it('is the weighted mean of data and prior', () => {
    expect(shrinkTowards(10, 2, 4, 6)).toBe(5.5);
    expect(shrinkTowards(10, 6, 4, 6)).toBe(7);
    expect(shrinkTowards(10, 5, 4, 0)).toBe(10);
  });
  it('moves from the prior to the data as n grows', () => {
    const path = [0, 1, 10, 100, 1e6].map((n) => shrinkTowards(20, n, 2, 5));
    for (let i = 1; i < path.length; i++) expect(path[i]).toBeGreaterThan(path[i - 1]);
    expect(path[0]).toBe(2);
    expect(path[4]).toBeCloseTo(20, 3);
  });
  it('follows the documented policy for degenerate input', () => {
    expect(shrinkTowards(NaN, 0, 4, 6)).toBe(4);
    expect(shrinkTowards(NaN, 0, 4, 0)).toBe(4);
    expect(shrinkTowards(10, 3, 4, Infinity)).toBe(4);
    expect(shrinkTowards(10, Infinity, 4, 6)).toBe(10);
    expect(shrinkTowards(NaN, 3, 4, 6)).toBeNaN();
    expect(() => shrinkTowards(10, -1, 4, 6)).toThrow(RangeError);
    expect(() => shrinkTowards(10, 1, 4, -6)).toThrow(RangeError);
  });
});
