import { describe, expect, it } from 'vitest';
import { poissonProbability, poissonUpperTail, regularizedLowerGamma } from '../engine/stats/index.ts';
import { exactPoissonUpperTail } from './stats-exact-reference.ts';

const relativeError = (got: number, want: number): number => Math.abs(got - want) / want;

describe('poissonUpperTail', () => {
  const means: [number, number][] = [
    [1, 2],
    [1, 1],
    [2, 1],
    [7, 2],
    [10, 1],
    [25, 1],
    [60, 1],
    [123, 4],
  ];
  const counts = [1, 2, 3, 5, 8, 13, 21, 40, 80, 150];

  it('matches an exact BigInt summation to 1e-12 relative, from the bulk down to 1e-200 tails', () => {
    let smallest = 1;
    for (const [num, den] of means) {
      for (const k of counts) {
        const want = exactPoissonUpperTail(k, { num: BigInt(num), den: BigInt(den) });
        if (want < 1e-300) continue;
        smallest = Math.min(smallest, want);
        expect(relativeError(poissonUpperTail(k, num / den), want), `k=${k} mu=${num}/${den}`).toBeLessThan(1e-12);
      }
    }
    expect(smallest).toBeLessThan(1e-200);
  });

  it('keeps a 1e-30 tail that 1 − cdf would round to 0', () => {
    const want = exactPoissonUpperTail(30, { num: 1n, den: 1n });
    expect(want).toBeGreaterThan(1e-34);
    expect(want).toBeLessThan(1e-30);
    expect(relativeError(poissonUpperTail(30, 1), want)).toBeLessThan(1e-13);
  });

  it('agrees with the closed forms P(X ≥ 1) = 1 − e^−mu and P(X ≥ 2) = 1 − e^−mu(1 + mu)', () => {
    for (const mu of [1e-8, 0.01, 0.7, 3, 45.5, 800]) {
      expect(relativeError(poissonUpperTail(1, mu), -Math.expm1(-mu))).toBeLessThan(1e-13);
      if (mu > 0.01) expect(relativeError(poissonUpperTail(2, mu), 1 - Math.exp(-mu) * (1 + mu))).toBeLessThan(1e-12);
    }
  });

  it('is monotone: decreasing in k, increasing in mu, for large means too', () => {
    for (const mu of [0.3, 12, 1e4, 1e6]) {
      let previous = 1;
      for (let k = 0; k <= 3 * mu + 50; k += Math.max(1, Math.floor(mu / 50))) {
        const tail = poissonUpperTail(k, mu);
        expect(tail).toBeLessThanOrEqual(previous);
        previous = tail;
      }
    }
    expect(poissonUpperTail(10, 5)).toBeLessThan(poissonUpperTail(10, 5.1));
  });

  it('follows the documented policy for degenerate input', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(-2, 3)).toBe(1);
    expect(poissonUpperTail(0, 0)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(1, -1)).toBe(0);
    expect(poissonUpperTail(2.5, 4)).toBe(poissonUpperTail(3, 4));
    expect(poissonUpperTail(5, Infinity)).toBe(1);
    expect(poissonUpperTail(Infinity, 5)).toBe(0);
    expect(poissonUpperTail(NaN, 5)).toBeNaN();
    expect(poissonUpperTail(5, NaN)).toBeNaN();
  });
});

describe('poissonProbability', () => {
  it('matches P(X ≥ k) − P(X ≥ k + 1) computed exactly', () => {
    for (const [k, mu] of [
      [0, 3],
      [4, 3],
      [30, 3],
      [200, 150],
    ] as const) {
      const exact =
        exactPoissonUpperTail(k, { num: BigInt(mu), den: 1n }) -
        exactPoissonUpperTail(k + 1, { num: BigInt(mu), den: 1n });
      expect(relativeError(poissonProbability(k, mu), exact)).toBeLessThan(1e-9); // the difference itself loses digits
    }
  });
  it('is 0 below zero and a point mass at 0 for mu = 0', () => {
    expect(poissonProbability(-1, 2)).toBe(0);
    expect(poissonProbability(0, 0)).toBe(1);
    expect(poissonProbability(1, 0)).toBe(0);
    expect(poissonProbability(1, -1)).toBeNaN();
  });
});

describe('regularizedLowerGamma', () => {
  it('knows erf: P(½, x) = erf(√x), and the recurrence P(a + 1, x) = P(a, x) − e^−x x^a/Γ(a + 1)', () => {
    expect(relativeError(regularizedLowerGamma(0.5, 1), 0.8427007929497149)).toBeLessThan(1e-14);
    for (const [a, x] of [
      [0.5, 0.3],
      [2.7, 1.1],
      [2.7, 6],
      [9.25, 12],
      [40.5, 30],
    ]) {
      const step = poissonProbability(a, x);
      expect(relativeError(regularizedLowerGamma(a + 1, x), regularizedLowerGamma(a, x) - step)).toBeLessThan(1e-11);
    }
  });
  it('is continuous where it switches from the series to the continued fraction (x = a + 1)', () => {
    for (const a of [0.5, 3, 17.5, 400]) {
      const below = regularizedLowerGamma(a, a + 1 - 1e-9);
      const above = regularizedLowerGamma(a, a + 1 + 1e-9);
      expect(Math.abs(above - below)).toBeLessThan(1e-9);
    }
  });
  it('follows the documented policy for degenerate input', () => {
    expect(regularizedLowerGamma(0, 1)).toBe(1);
    expect(regularizedLowerGamma(2, 0)).toBe(0);
    expect(regularizedLowerGamma(2, Infinity)).toBe(1);
    expect(regularizedLowerGamma(-1, 1)).toBeNaN();
  });
});
