// EARS C1 (CDC, Hutwagner et al. 2003): today's count against the mean and sd of the 7 periods just before it.
import { EARS_MIN_SD, earsStatistic } from './ears-statistic.ts';

/** C1 signals when the statistic exceeds this (3 baseline standard deviations). */
export const EARS_C1_THRESHOLD = 3;
/** Periods in the C1 baseline: t−7 … t−1. */
const BASELINE = 7;

/**
 * EARS C1 statistic (Hutwagner et al. 2003; Fricker 2008): (current − mean)/max(sd, minSd) where
 * mean and sample sd are taken over the last 7 entries of `history` — the periods t−7 … t−1 just
 * before `current` (period t). Pass the counts in time order, oldest first; longer histories are fine.
 * Policy: fewer than 7 entries → NaN (no statistic, no alarm); see {@link earsStatistic} for the
 * sd floor (default {@link EARS_MIN_SD}) and flat baselines.
 *
 * @example
 * earsC1([3, 3, 3, 3, 3, 3, 3], 4); // => 5
 * earsC1([9, 9, 1, 2, 3, 4, 5, 6, 7], 12); // => 8 / Math.sqrt(14 / 3)
 * earsC1([1, 2, 3], 10); // => NaN
 */
export function earsC1(history: readonly number[], current: number, minSd: number = EARS_MIN_SD): number {
  return earsStatistic(history, history.length - BASELINE, BASELINE, current, minSd);
}
