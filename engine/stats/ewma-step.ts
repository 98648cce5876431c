// Baselines follow slow drift through an exponentially weighted mean, updated one value at a time.

/**
 * One step of the exponentially weighted moving average: previous + alpha·(x − previous), the
 * same as alpha·x + (1 − alpha)·previous but exact when x = previous.
 * Policy: previous undefined (no history yet) → x; NaN x or previous → NaN;
 * throws RangeError when alpha is outside (0, 1].
 *
 * @example
 * ewmaStep(undefined, 4, 0.5); // => 4
 * ewmaStep(4, 8, 0.25); // => 5
 */
export function ewmaStep(previous: number | undefined, x: number, alpha: number): number {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`ewmaStep: alpha must be in (0, 1] (got ${alpha})`);
  return previous === undefined ? x : previous + alpha * (x - previous);
}
