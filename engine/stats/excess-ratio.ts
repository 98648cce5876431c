// How far a group of counts runs above its expectation, steadied for small counts (a district's busy-day factor).

/**
 * The ratio (observed + pseudoCount) / (expected + pseudoCount) when it reaches `from`, else 1: a group's level
 * against its expectation, with `pseudoCount` callers added to both sides so that a handful of calls in a quiet
 * group does not read as a doubling. Policy: never below 1 (a quiet spell lowers no expectation); NaN input → NaN.
 * Throws RangeError when a count or pseudoCount is negative.
 *
 * @example
 * excessRatio(45, 20, 5, 1.25); // => 2
 * excessRatio(9, 5, 5, 1.25); // => 1.4
 * excessRatio(6, 5, 5, 1.25); // => 1
 */
export function excessRatio(observed: number, expected: number, pseudoCount: number, from: number): number {
  if (observed < 0 || expected < 0 || pseudoCount < 0)
    throw new RangeError(`excessRatio: counts must be ≥ 0 (got ${observed}, ${expected}, ${pseudoCount})`);
  const ratio = (observed + pseudoCount) / (expected + pseudoCount);
  if (Number.isNaN(ratio)) return Number.NaN;
  return ratio >= from ? ratio : 1;
}
