// One number for calibration: how far, on average over answers, stated confidence is from observed accuracy.
import { reliabilityBins } from './reliability-bins.ts';

/**
 * Expected calibration error (Naeini et al. 2015): Σ over equal-width confidence bins of
 * (bin count / n) · |accuracy − mean confidence|; 0 is perfectly calibrated. Bins as reliabilityBins.
 * Policy: empty input → NaN; the same RangeErrors as reliabilityBins.
 *
 * @example
 * expectedCalibrationError([0.75, 0.75, 0.25, 0.25], [true, false, true, true], 2); // => 0.5
 * expectedCalibrationError([0.5, 0.5], [true, false]); // => 0
 * expectedCalibrationError([], []); // => NaN
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  const table = reliabilityBins(confidences, correct, bins);
  if (confidences.length === 0) return Number.NaN;
  let sum = 0;
  for (const b of table) if (b.count > 0) sum += b.count * Math.abs(b.accuracy - b.confidence);
  return sum / confidences.length;
}
