// Temperature scaling and calibration error: the properties the topic model's confidence relies on.
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from '../engine/stats/expected-calibration-error.ts';
import { reliabilityBins } from '../engine/stats/reliability-bins.ts';
import { temperatureScaling } from '../engine/stats/temperature-scaling.ts';

describe('temperatureScaling', () => {
  it('cools an overconfident model and warms an underconfident one', () => {
    // 80 % right at margin 6 (p ≈ 0.998): overconfident, T > 1.
    const sure = Array.from({ length: 100 }, () => [6, 0]);
    const labels = sure.map((_, i) => (i % 5 === 0 ? 1 : 0));
    expect(temperatureScaling(sure, labels)).toBeGreaterThan(2);
    // 95 % right at margin 0.5 (p ≈ 0.62): underconfident, T < 1.
    const shy = Array.from({ length: 100 }, () => [0.5, 0]);
    expect(
      temperatureScaling(
        shy,
        shy.map((_, i) => (i % 20 === 0 ? 1 : 0)),
      ),
    ).toBeLessThan(0.5);
  });

  it('recovers the temperature the labels were drawn with', () => {
    // Logits 4·x with labels drawn from softmax(x): the right temperature is 4.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const logits: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = [random() * 3, random() * 3, random() * 3];
      const e = x.map(Math.exp);
      const u = random() * (e[0] + e[1] + e[2]);
      labels.push(u < e[0] ? 0 : u < e[0] + e[1] ? 1 : 2);
      logits.push(x.map((v) => 4 * v));
    }
    expect(temperatureScaling(logits, labels)).toBeCloseTo(4, 0);
  });

  it('refuses labels that are not class indices', () => {
    expect(() => temperatureScaling([[1, 0]], [2])).toThrow(RangeError);
    expect(() => temperatureScaling([[1, 0]], [])).toThrow(RangeError);
  });
});

describe('expectedCalibrationError and reliabilityBins', () => {
  it('is zero when confidence matches accuracy in every bin and grows with the gap', () => {
    const conf = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const right = conf.map((_, i) => i !== 0);
    expect(expectedCalibrationError(conf, right)).toBeCloseTo(0, 12);
    expect(
      expectedCalibrationError(
        conf,
        conf.map((_, i) => i > 3),
      ),
    ).toBeCloseTo(0.3, 12);
  });

  it('puts 1 in the last bin and 0 in the first, and counts every answer once', () => {
    const bins = reliabilityBins([0, 0.1, 0.55, 1], [false, true, true, true]);
    expect(bins).toHaveLength(10);
    expect(bins[0].count).toBe(1);
    expect(bins[1].count).toBe(1);
    expect(bins[5].count).toBe(1);
    expect(bins[9].count).toBe(1);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(4);
  });

  it('refuses confidences outside [0, 1] and mismatched lists', () => {
    expect(() => reliabilityBins([1.2], [true])).toThrow(RangeError);
    expect(() => reliabilityBins([Number.NaN], [true])).toThrow(RangeError);
    expect(() => expectedCalibrationError([0.5], [])).toThrow(RangeError);
    expect(() => reliabilityBins([0.5], [true], 0)).toThrow(RangeError);
  });
});
