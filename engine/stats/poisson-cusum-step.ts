// A slow rise that no single minute reveals accumulates in a CUSUM of Poisson log-likelihood ratios.

/**
 * One step of the one-sided Poisson CUSUM for a change of rate from `expected` to
 * `shift × expected`: max(0, s + observed·ln(shift) − (shift − 1)·expected), the log-likelihood
 * ratio of this period added to the running statistic `s`, which resets at 0.
 * Policy: expected ≤ 0 is taken as 0, the limit of the formula (each observed report then adds
 * ln(shift), nothing is subtracted); floor `expected` yourself if a quiet cell should drift
 * down. NaN input → NaN. Throws RangeError when shift is not a finite number > 0.
 *
 * @example
 * poissonCusumStep(0, 4, 2, 2); // => 4 * Math.log(2) - 2
 * poissonCusumStep(0.5, 0, 2, 2); // => 0
 */
export function poissonCusumStep(s: number, observed: number, expected: number, shift: number): number {
  if (!(shift > 0 && shift < Infinity)) {
    throw new RangeError(`poissonCusumStep: shift must be a finite number > 0 (got ${shift})`);
  }
  const rate = expected > 0 ? expected : Number.isNaN(expected) ? NaN : 0;
  return Math.max(0, s + observed * Math.log(shift) - (shift - 1) * rate);
}
