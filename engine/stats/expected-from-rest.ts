// What the rest of a whole implies for one part of it: a topic against the city's other topics (citywide), a
// district against the other districts (district-wide), so a busy day for the whole city is no shock to one part.

/**
 * Expected count of a part when the rest of the whole runs as observed: (total − own) × share ÷ (totalShare − share),
 * where `share` is the part's learned share of the whole and `totalShare` the whole's (1, or the sum of the shares
 * that `total` counts). Policy: NaN in → NaN out; a part that is the whole (share = totalShare) gives NaN or ±Infinity,
 * never an alarm, since every gate compares against it. Throws RangeError on a negative share.
 *
 * @example
 * expectedFromRest(1000, 100, 0.1, 1); // => 100
 * expectedFromRest(1300, 400, 0.1, 1); // => 100
 * expectedFromRest(500, 50, 0.25, 0.5); // => 450
 */
export function expectedFromRest(total: number, own: number, share: number, totalShare: number): number {
  if (share < 0 || totalShare < 0)
    throw new RangeError(`expectedFromRest: shares must be ≥ 0 (got ${share}, ${totalShare})`);
  return ((total - own) * share) / (totalShare - share);
}
