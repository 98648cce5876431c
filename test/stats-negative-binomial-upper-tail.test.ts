import { gammaln } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  negativeBinomialProbability,
  negativeBinomialUpperTail,
  poissonUpperTail,
  regularizedBeta,
} from '../engine/stats/index.ts';
import { exactNegativeBinomialUpperTail } from './stats-exact-reference.ts';

const relativeError = (got: number, want: number): number => Math.abs(got - want) / want;

/** Plain double-precision reference: P(X ≥ k) summed upward from k with lgamma for the first term. */
function summedUpperTail(k: number, mean: number, size: number): number {
  const p = size / (size + mean);
  const q = mean / (size + mean);
  let term = Math.exp(gammaln(k + size) - gammaln(size) - gammaln(k + 1) + size * Math.log(p) + k * Math.log(q));
  let sum = 0;
  for (let j = k; term > sum * 1e-18; j++) {
    sum += term;
    term *= ((j + size) / (j + 1)) * q;
  }
  return sum;
}

describe('negativeBinomialUpperTail', () => {
  // (mean, integer size) pairs whose failure probability q = mean/(mean + size) is rational.
  const cases: [number, number, bigint, bigint][] = [
    [2, 4, 1n, 3n],
    [10, 1, 10n, 11n],
    [0.5, 2, 1n, 5n],
    [30, 5, 6n, 7n],
    [3, 30, 1n, 11n],
    [100, 2, 50n, 51n],
  ];
  const counts = [1, 2, 3, 5, 9, 20, 50, 120, 400];

  it('matches an exact BigInt summation to 1e-12 relative, down to tiny tails', () => {
    let smallest = 1;
    for (const [mean, size, num, den] of cases) {
      for (const k of counts) {
        const want = exactNegativeBinomialUpperTail(k, size, { num, den });
        if (want < 1e-300) continue;
        smallest = Math.min(smallest, want);
        expect(
          relativeError(negativeBinomialUpperTail(k, mean, size), want),
          `k=${k} mean=${mean} size=${size}`,
        ).toBeLessThan(1e-12);
      }
    }
    expect(smallest).toBeLessThan(1e-100);
  });

  it('keeps a 1e-30 tail that 1 − cdf would round to 0', () => {
    const want = exactNegativeBinomialUpperTail(50, 4, { num: 1n, den: 3n });
    expect(want).toBeLessThan(1e-15);
    expect(relativeError(negativeBinomialUpperTail(50, 2, 4), want)).toBeLessThan(1e-12);
    expect(negativeBinomialUpperTail(120, 2, 4)).toBeLessThan(1e-40);
    expect(negativeBinomialUpperTail(120, 2, 4)).toBeGreaterThan(0);
  });

  it('handles non-integer sizes in the tail, against a plain summation', () => {
    for (const [mean, size] of [
      [1.5, 0.7],
      [8, 2.5],
      [40, 12.25],
      [0.2, 0.3],
    ]) {
      for (const k of [Math.ceil(mean) + 2, Math.ceil(3 * mean) + 5, Math.ceil(10 * mean) + 20]) {
        expect(relativeError(negativeBinomialUpperTail(k, mean, size), summedUpperTail(k, mean, size))).toBeLessThan(
          1e-10,
        );
      }
    }
  });

  it('tends to the Poisson tail as size grows, and equals it at size = Infinity', () => {
    for (const [k, mean] of [
      [1, 2],
      [4, 10],
      [9, 10],
      [25, 10],
      [60, 80],
    ]) {
      expect(negativeBinomialUpperTail(k, mean, Infinity)).toBe(poissonUpperTail(k, mean));
      // The exact difference is O(mean²/size); at size 1e12 it is far below the tolerance.
      expect(relativeError(negativeBinomialUpperTail(k, mean, 1e12), poissonUpperTail(k, mean))).toBeLessThan(1e-8);
    }
  });

  it('is heavier-tailed than Poisson with the same mean', () => {
    expect(negativeBinomialUpperTail(20, 5, 2)).toBeGreaterThan(poissonUpperTail(20, 5) * 1000);
  });

  it('follows the documented policy for degenerate input', () => {
    expect(negativeBinomialUpperTail(0, 3, 2)).toBe(1);
    expect(negativeBinomialUpperTail(-4, 3, 2)).toBe(1);
    expect(negativeBinomialUpperTail(1, 0, 2)).toBe(0);
    expect(negativeBinomialUpperTail(1, -3, 2)).toBe(0);
    expect(negativeBinomialUpperTail(3.2, 3, 2)).toBe(negativeBinomialUpperTail(4, 3, 2));
    expect(negativeBinomialUpperTail(3, Infinity, 2)).toBe(1);
    expect(negativeBinomialUpperTail(Infinity, 3, 2)).toBe(0);
    expect(negativeBinomialUpperTail(Infinity, 3, Infinity)).toBe(0);
    expect(negativeBinomialUpperTail(NaN, 3, 2)).toBeNaN();
    expect(negativeBinomialUpperTail(3, 3, NaN)).toBeNaN();
    expect(() => negativeBinomialUpperTail(3, 3, 0)).toThrow(RangeError);
    expect(() => negativeBinomialUpperTail(3, 3, -1)).toThrow(RangeError);
  });
});

describe('negativeBinomialProbability', () => {
  it('sums to the tail differences and to 1', () => {
    let total = 0;
    for (let x = 0; x < 400; x++) total += negativeBinomialProbability(x, 7, 1.5);
    expect(total).toBeCloseTo(1, 12);
    const exact =
      exactNegativeBinomialUpperTail(5, 4, { num: 1n, den: 3n }) -
      exactNegativeBinomialUpperTail(6, 4, { num: 1n, den: 3n });
    expect(relativeError(negativeBinomialProbability(5, 2, 4), exact)).toBeLessThan(1e-12);
  });
  it('is 0 off the integers and a point mass at 0 for mean 0', () => {
    expect(negativeBinomialProbability(1.5, 2, 4)).toBe(0);
    expect(negativeBinomialProbability(-1, 2, 4)).toBe(0);
    expect(negativeBinomialProbability(0, 0, 4)).toBe(1);
    expect(() => negativeBinomialProbability(0, 1, 0)).toThrow(RangeError);
  });
});

describe('regularizedBeta', () => {
  it('matches the closed forms I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b and I_½(a, a) = ½', () => {
    for (const x of [1e-6, 0.1, 0.5, 0.9]) {
      for (const a of [0.5, 2.5, 30]) {
        expect(relativeError(regularizedBeta(x, a, 1), x ** a)).toBeLessThan(1e-13);
        expect(relativeError(regularizedBeta(x, 1, a), -Math.expm1(a * Math.log1p(-x)))).toBeLessThan(1e-13);
        expect(regularizedBeta(0.5, a, a)).toBeCloseTo(0.5, 14);
      }
    }
  });
  it('follows the documented policy for degenerate input', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    expect(regularizedBeta(0.5, 0, 3)).toBeNaN();
    expect(regularizedBeta(NaN, 2, 3)).toBeNaN();
  });
});
