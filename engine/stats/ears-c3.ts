// EARS C3 (CDC, Hutwagner et al. 2003): a short memory of C2 excesses, so three moderately high periods signal
// together.

/** C3 signals when the statistic exceeds this. */
export const EARS_C3_THRESHOLD = 2;
/** C2 values summed: periods t−2, t−1 and t. */
const SPAN = 3;

/**
 * EARS C3 statistic (Hutwagner et al. 2003; Fricker 2008): Σ max(0, C2ᵢ − 1) over the C2
 * statistics of the current period and the 2 before it. `c2Last3` holds C2 values in time order,
 * the current one last; only its last 3 entries are used, so a longer buffer may be passed.
 * Policy: fewer than 3 values → NaN (no statistic, no alarm); any NaN among the 3 → NaN.
 *
 * @example
 * earsC3([0.5, 2, 3.5]); // => 3.5
 * earsC3([2]); // => NaN
 */
export function earsC3(c2Last3: readonly number[]): number {
  if (c2Last3.length < SPAN) return NaN;
  let sum = 0;
  for (let i = c2Last3.length - SPAN; i < c2Last3.length; i++) sum += Math.max(0, c2Last3[i] - 1);
  return sum;
}
