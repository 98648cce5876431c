// The statistic shared by EARS C1 and C2: how many baseline standard deviations a count lies above the baseline mean.

/**
 * Default floor for the baseline standard deviation. A flat baseline (e.g. seven zeros) has sd 0,
 * which would make any single report an infinite excess; EARS implementations floor the sd, and
 * 0.2 is the customary value for daily counts (R `surveillance::earsC` calls it `minSigma`).
 */
export const EARS_MIN_SD = 0.2;

/**
 * (current − mean)/max(sd, minSd) over the baseline history[from .. from + length), with the
 * sample standard deviation (n − 1 denominator), computed in two passes without allocating.
 * Policy: a window that starts before history[0] → NaN (not enough history, so no alarm: NaN
 * compares false with every threshold); current = mean → 0 even when the floored sd is 0; a flat
 * baseline with minSd = 0 → ±Infinity; NaN counts → NaN. Throws RangeError when minSd < 0 or NaN.
 *
 * @example
 * earsStatistic([1, 2, 3, 4, 5, 6, 7], 0, 7, 12, 0.2); // => 8 / Math.sqrt(14 / 3)
 */
export function earsStatistic(
  history: readonly number[],
  from: number,
  length: number,
  current: number,
  minSd: number,
): number {
  if (!(minSd >= 0)) throw new RangeError(`EARS: minSd must be ≥ 0 (got ${minSd})`);
  if (from < 0) return NaN;
  const end = from + length;
  let sum = 0;
  for (let i = from; i < end; i++) sum += history[i];
  const mean = sum / length;
  let squares = 0;
  for (let i = from; i < end; i++) squares += (history[i] - mean) ** 2;
  const sd = Math.sqrt(squares / (length - 1));
  const excess = current - mean;
  return excess === 0 ? 0 : excess / Math.max(sd, minSd);
}
