import { mean, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  EARS_C1_THRESHOLD,
  EARS_C2_THRESHOLD,
  EARS_C3_THRESHOLD,
  EARS_MIN_SD,
  earsC1,
  earsC2,
  earsC3,
} from '../engine/stats/index.ts';

/** The published definition, written out with simple-statistics on explicit slices. */
const reference = (baseline: number[], current: number, minSd = EARS_MIN_SD): number =>
  (current - mean(baseline)) / Math.max(sampleStandardDeviation(baseline), minSd);

// Two weeks of daily counts alternating 4/6, then an outbreak: 15 on day 14, 20 on day 15, 9 on day 16.
const series = [4, 6, 4, 6, 4, 6, 4, 6, 4, 6, 4, 6, 4, 6, 15, 20, 9];

describe('EARS C1, C2, C3', () => {
  it('exports the customary thresholds and sd floor', () => {
    expect([EARS_C1_THRESHOLD, EARS_C2_THRESHOLD, EARS_C3_THRESHOLD, EARS_MIN_SD]).toEqual([3, 3, 2, 0.2]);
  });

  it('C1 compares day t with days t−7 … t−1 (sample sd)', () => {
    // Baseline of day 14 is days 7..13 = [6, 4, 6, 4, 6, 4, 6]: mean 36/7, sample variance (8/7)
    const c1 = earsC1(series.slice(0, 14), 15);
    expect(c1).toBeCloseTo((15 - 36 / 7) / Math.sqrt(8 / 7), 12);
    for (let t = 7; t < series.length; t++) {
      expect(earsC1(series.slice(0, t), series[t])).toBeCloseTo(reference(series.slice(t - 7, t), series[t]), 12);
    }
  });

  it('C2 compares day t with days t−9 … t−3, so the outbreak does not inflate its own baseline', () => {
    for (let t = 9; t < series.length; t++) {
      expect(earsC2(series.slice(0, t), series[t])).toBeCloseTo(reference(series.slice(t - 9, t - 2), series[t]), 12);
    }
    // Day 16 (count 9): C1's baseline already holds 15 and 20, C2's does not.
    expect(earsC1(series.slice(0, 16), 9)).toBeLessThan(EARS_C1_THRESHOLD);
    expect(earsC2(series.slice(0, 16), 9)).toBeGreaterThan(EARS_C2_THRESHOLD);
  });

  it('C3 sums the excesses over 1 of the last three C2 values', () => {
    const c2 = series.map((count, t) => earsC2(series.slice(0, t), count));
    expect(c2.slice(0, 9).every(Number.isNaN)).toBe(true);
    const expected = [c2[14], c2[15], c2[16]].reduce((sum, z) => sum + Math.max(0, z - 1), 0);
    expect(earsC3(c2.slice(0, 17))).toBeCloseTo(expected, 12);
    expect(earsC3(c2.slice(0, 17))).toBeGreaterThan(EARS_C3_THRESHOLD);
    // Before the outbreak the alternating counts keep C3 well below its threshold.
    for (let t = 11; t < 14; t++) expect(earsC3(c2.slice(0, t + 1))).toBeLessThan(EARS_C3_THRESHOLD / 2);
    expect(earsC3([0.2, -3, 1])).toBe(0);
  });

  it('signals on the outbreak days and on no other', () => {
    const alarms = series.flatMap((count, t) => (earsC1(series.slice(0, t), count) > EARS_C1_THRESHOLD ? [t] : []));
    expect(alarms).toEqual([14, 15]);
  });

  it('floors the sd: a flat baseline gives (current − mean)/minSd', () => {
    const flat = [3, 3, 3, 3, 3, 3, 3, 3, 3];
    expect(earsC1(flat, 4)).toBe(5);
    expect(earsC1(flat, 4, 0.5)).toBe(2);
    expect(earsC2(flat, 2)).toBe(-5);
    expect(earsC1(flat, 3, 0)).toBe(0);
    expect(earsC1(flat, 4, 0)).toBe(Infinity);
    expect(earsC1([1, 2, 3, 4, 5, 6, 7], 12, 100)).toBeCloseTo(8 / 100, 15);
  });

  it('returns NaN when there is not enough history, and rejects a negative floor', () => {
    expect(earsC1([1, 2, 3, 4, 5, 6], 10)).toBeNaN();
    expect(earsC1([1, 2, 3, 4, 5, 6, 7], 10)).not.toBeNaN();
    expect(earsC2([1, 2, 3, 4, 5, 6, 7, 8], 10)).toBeNaN();
    expect(earsC2([1, 2, 3, 4, 5, 6, 7, 8, 9], 10)).not.toBeNaN();
    expect(earsC3([2, 3])).toBeNaN();
    expect(earsC3([2, NaN, 3])).toBeNaN();
    expect(earsC1([1, 2, 3, 4, 5, 6, NaN], 10)).toBeNaN();
    expect(() => earsC1([1, 2, 3, 4, 5, 6, 7], 10, -1)).toThrow(RangeError);
  });
});
