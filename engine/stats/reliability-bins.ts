// Whether "90 % sure" is right 90 % of the time: answers grouped by confidence, each group's accuracy beside it.

/** One confidence bin of a reliability table. */
export interface ReliabilityBin {
  /** The bin holds confidences in [lower, upper); the last bin also holds 1. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean confidence of the answers in the bin (NaN when empty). */
  readonly confidence: number;
  /** Share of them that were right (NaN when empty). */
  readonly accuracy: number;
}

/**
 * A reliability table: `bins` equal-width confidence bins over [0, 1], each with its answers' count, mean
 * confidence and accuracy. `confidences[i]` is the probability the model gave its answer i, `correct[i]` whether
 * that answer was right. Policy: empty input → bins with count 0 and NaN means; throws RangeError when the
 * lists differ in length, `bins` is not a positive integer, or a confidence is outside [0, 1] or NaN.
 *
 * @example
 * reliabilityBins([0.95, 0.9, 0.3], [true, false, true], 2).map((b) => [b.count, b.accuracy]); // => [[1, 1], [2, 0.5]]
 * reliabilityBins([], [], 1)[0].count; // => 0
 */
export function reliabilityBins(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): ReliabilityBin[] {
  if (confidences.length !== correct.length)
    throw new RangeError(`reliabilityBins: ${confidences.length} confidences but ${correct.length} outcomes`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`reliabilityBins: bins must be a positive integer (got ${bins})`);
  const count = new Array<number>(bins).fill(0);
  const sure = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  confidences.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`reliabilityBins: confidence ${p} is not in [0, 1]`);
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    count[bin] += 1;
    sure[bin] += p;
    right[bin] += Number(correct[i]);
  });
  return count.map((n, j) => ({
    lower: j / bins,
    upper: (j + 1) / bins,
    count: n,
    confidence: n === 0 ? Number.NaN : sure[j] / n,
    accuracy: n === 0 ? Number.NaN : right[j] / n,
  }));
}
