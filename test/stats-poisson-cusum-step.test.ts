import { describe, expect, it } from 'vitest';
import { poissonCusumStep } from '../engine/stats/index.ts';

const run = (observed: number[], expected: number, shift: number): number[] => {
  const path: number[] = [];
  let s = 0;
  for (const x of observed) path.push((s = poissonCusumStep(s, x, expected, shift)));
  return path;
};

describe('poissonCusumStep', () => {
  const gain = (x: number): number => x * Math.log(2) - 2; // log-likelihood ratio of rate 4 vs 2

  it('stays at 0 while counts match the expected rate', () => {
    expect(run([2, 2, 1, 3, 2, 2], 2, 2).every((s) => s < 1)).toBe(true);
    expect(run([2, 2, 2], 2, 2)).toEqual([0, 0, 0]);
  });

  it('accumulates the log-likelihood ratio while counts run high, then drains and resets at 0', () => {
    const path = run([6, 6, 6, 0, 0, 0, 0, 0], 2, 2);
    expect(path[0]).toBeCloseTo(gain(6), 14);
    expect(path[1]).toBeCloseTo(2 * gain(6), 14);
    expect(path[2]).toBeCloseTo(3 * gain(6), 14);
    expect(path[3]).toBeCloseTo(3 * gain(6) - 2, 14);
    expect(path[5]).toBeCloseTo(3 * gain(6) - 6, 13);
    expect(path[6]).toBe(0);
    expect(path[7]).toBe(0);
  });

  it('detects a decrease when shift < 1', () => {
    expect(poissonCusumStep(0, 0, 10, 0.5)).toBeCloseTo(5, 14);
    expect(poissonCusumStep(0, 10, 10, 0.5)).toBe(0);
  });

  it('takes expected ≤ 0 as the limit 0: each report adds ln(shift)', () => {
    expect(poissonCusumStep(1, 3, 0, 2)).toBeCloseTo(1 + 3 * Math.log(2), 14);
    expect(poissonCusumStep(1, 3, -5, 2)).toBe(poissonCusumStep(1, 3, 0, 2));
    expect(poissonCusumStep(1, 0, 0, 2)).toBe(1);
  });

  it('propagates NaN and rejects a meaningless shift', () => {
    expect(poissonCusumStep(NaN, 3, 2, 2)).toBeNaN();
    expect(poissonCusumStep(0, 3, NaN, 2)).toBeNaN();
    expect(() => poissonCusumStep(0, 3, 2, 0)).toThrow(RangeError);
    expect(() => poissonCusumStep(0, 3, 2, -2)).toThrow(RangeError);
    expect(() => poissonCusumStep(0, 3, 2, Infinity)).toThrow(RangeError);
  });
});
