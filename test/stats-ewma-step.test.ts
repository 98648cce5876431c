import { describe, expect, it } from 'vitest';
import { ewmaStep } from '../engine/stats/index.ts';

describe('ewmaStep', () => {
  it('starts at the first value and folds in later ones with weight alpha', () => {
    let mean: number | undefined;
    const path = [1, 2, 3].map((x) => (mean = ewmaStep(mean, x, 0.5)));
    expect(path).toEqual([1, 1.5, 2.25]);
  });
  it('equals the closed form Σ alpha(1 − alpha)^i x_(n−i) + (1 − alpha)^n x_0', () => {
    const xs = [5, 9, 2, 7, 7, 1, 12];
    const alpha = 0.3;
    let mean: number | undefined;
    for (const x of xs) mean = ewmaStep(mean, x, alpha);
    let closed = (1 - alpha) ** (xs.length - 1) * xs[0];
    for (let i = 1; i < xs.length; i++) closed += alpha * (1 - alpha) ** (xs.length - 1 - i) * xs[i];
    expect(mean).toBeCloseTo(closed, 12);
  });
  it('is exact on a constant series and follows the last value at alpha = 1', () => {
    expect(ewmaStep(0.1, 0.1, 0.37)).toBe(0.1);
    expect(ewmaStep(3, 8, 1)).toBe(8);
  });
  it('follows the documented policy for degenerate input', () => {
    expect(ewmaStep(undefined, NaN, 0.5)).toBeNaN();
    expect(ewmaStep(NaN, 1, 0.5)).toBeNaN();
    expect(() => ewmaStep(1, 2, 0)).toThrow(RangeError);
    expect(() => ewmaStep(1, 2, 1.5)).toThrow(RangeError);
    expect(() => ewmaStep(1, 2, NaN)).toThrow(RangeError);
  });
});
