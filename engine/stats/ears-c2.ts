// EARS C2 (CDC, Hutwagner et al. 2003): like C1, but the baseline skips the 2 most recent periods, so a
// building outbreak does not inflate its own baseline.
import { EARS_MIN_SD, earsStatistic } from './ears-statistic.ts';

/** C2 signals when the statistic exceeds this (3 baseline standard deviations). */
export const EARS_C2_THRESHOLD = 3;
/** Periods in the C2 baseline: t−9 … t−3. */
const BASELINE = 7;
/** Periods between the baseline and the current one: t−2 and t−1. */
const GUARD = 2;

/**
 * EARS C2 statistic (Hutwagner et al. 2003; Fricker 2008): (current − mean)/max(sd, minSd) where
 * mean and sample sd are taken over the periods t−9 … t−3, i.e. `history.slice(-9, -2)`: the
 * caller passes all counts before `current` (period t), oldest first, and the 2 most recent
 * entries (t−2, t−1) are the guard band that C2 skips.
 * Policy: fewer than 9 entries → NaN (no statistic, no alarm); see {@link earsStatistic} for the
 * sd floor (default {@link EARS_MIN_SD}) and flat baselines.
 *
 * @example
 * earsC2([1, 2, 3, 4, 5, 6, 7, 50, 60], 12); // => 8 / Math.sqrt(14 / 3)
 * earsC2([3, 3, 3, 3, 3, 3, 3, 9, 9], 3); // => 0
 */
export function earsC2(history: readonly number[], current: number, minSd: number = EARS_MIN_SD): number {
  return earsStatistic(history, history.length - GUARD - BASELINE, BASELINE, current, minSd);
}
