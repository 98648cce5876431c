// Sparse cells borrow strength from their district or topic: empirical-Bayes shrinkage of a mean.

/**
 * Shrinks an observed mean of n observations towards a prior mean that is worth `priorWeight`
 * pseudo-observations: (n·observedMean + priorWeight·prior) / (n + priorWeight).
 * Policy: n = 0 → prior (observedMean is ignored, so the NaN mean of no data is fine);
 * priorWeight = Infinity → prior; n = Infinity → observedMean; other NaN input → NaN.
 * Throws RangeError when n or priorWeight is negative.
 *
 * @example
 * shrinkTowards(10, 2, 4, 6); // => 5.5
 * shrinkTowards(NaN, 0, 4, 6); // => 4
 */
export function shrinkTowards(observedMean: number, n: number, prior: number, priorWeight: number): number {
  if (n < 0 || priorWeight < 0) {
    throw new RangeError(`shrinkTowards: n and priorWeight must be ≥ 0 (got ${n}, ${priorWeight})`);
  }
  if (n === 0 || priorWeight === Infinity) return prior;
  if (n === Infinity) return observedMean;
  return (n * observedMean + priorWeight * prior) / (n + priorWeight);
}
