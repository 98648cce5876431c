// Platt scaling of the topic model's confidence: what it fits, that it calibrates held-out answers, its policies.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { expectedCalibrationError } from '../engine/stats/expected-calibration-error.ts';
import { plattScaling } from '../engine/stats/platt-scaling.ts';

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** n answers whose stated confidence p is right with probability sigmoid(slope · logit(p) + intercept). */
function answers(n: number, slope: number, intercept: number, seed: string) {
  const rng = seedrandom(seed);
  const confidences = Array.from({ length: n }, () => 0.15 + 0.84 * rng());
  const correct = confidences.map((p) => rng() < sigmoid(slope * logit(p) + intercept));
  return { confidences, correct };
}

describe('plattScaling', () => {
  it('leaves confidences that are already calibrated about as they are', () => {
    const { confidences, correct } = answers(20_000, 1, 0, 'calibrated');
    const fit = plattScaling(confidences, correct);
    expect(fit.slope).toBeCloseTo(1, 1);
    expect(fit.intercept).toBeCloseTo(0, 1);
  });

  it('recovers the slope and intercept of a model over-sure at the top and unsure below', () => {
    const { confidences, correct } = answers(20_000, 0.45, 0.6, 'mailbox-like');
    const fit = plattScaling(confidences, correct);
    expect(fit.slope).toBeGreaterThan(0.35);
    expect(fit.slope).toBeLessThan(0.55);
    expect(fit.intercept).toBeGreaterThan(0.45);
    expect(fit.intercept).toBeLessThan(0.75);
  });

  it('fitted on one half, brings the other half to an ECE below 0.03 (one temperature could not: the shape is not one)', () => {
    const fitOn = answers(400, 0.45, 0.6, 'fit');
    const held = answers(2_000, 0.45, 0.6, 'held');
    const { slope, intercept } = plattScaling(fitOn.confidences, fitOn.correct);
    const mapped = held.confidences.map((p) => sigmoid(slope * logit(p) + intercept));
    expect(expectedCalibrationError(held.confidences, held.correct)).toBeGreaterThan(0.08);
    expect(expectedCalibrationError(mapped, held.correct)).toBeLessThan(0.03);
  });

  it('stays finite when every answer is right, and keeps the order of confidences', () => {
    const fit = plattScaling([0.6, 0.7, 0.9, 0.99], [true, true, true, true]);
    expect(Number.isFinite(fit.slope) && Number.isFinite(fit.intercept)).toBe(true);
    expect(fit.slope).toBeGreaterThanOrEqual(0);
  });

  it('returns the identity for no answers and refuses lists that cannot be answers', () => {
    expect(plattScaling([], [])).toEqual({ slope: 1, intercept: 0 });
    expect(() => plattScaling([0.5], [])).toThrow(RangeError);
    expect(() => plattScaling([1.5], [true])).toThrow(RangeError);
    expect(() => plattScaling([Number.NaN], [true])).toThrow(RangeError);
  });
});
