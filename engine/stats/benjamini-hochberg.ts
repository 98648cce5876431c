// Many cells are tested every minute; Benjamini–Hochberg keeps the share of false alarms among them at q.

/**
 * Indices into `pValues` rejected by the Benjamini–Hochberg step-up procedure at false discovery
 * rate `q`. `m` is the family size, including tests not listed (they count as p = 1, so they only
 * raise the bar); it defaults to `pValues.length`. Hypothesis of rank i (1-based, by ascending p,
 * ties broken by index) passes when p·m ≤ i·q; all hypotheses up to the largest passing rank are
 * rejected, so equal p-values are always rejected together. Returns indices in ascending order.
 * Policy: empty input → []; NaN p-values count as 1 (never rejected on their own);
 * throws RangeError when q is outside [0, 1] or m is not an integer ≥ pValues.length.
 *
 * @example
 * benjaminiHochberg([0.001, 0.035, 0.02, 0.5], 0.05); // => [0, 1, 2]
 * benjaminiHochberg([0.001, 0.035, 0.02, 0.5], 0.05, 10); // => [0]
 * benjaminiHochberg([], 0.05); // => []
 */
export function benjaminiHochberg(pValues: readonly number[], q: number, m: number = pValues.length): number[] {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`benjaminiHochberg: q must be in [0, 1] (got ${q})`);
  if (!Number.isInteger(m) || m < pValues.length) {
    throw new RangeError(`benjaminiHochberg: m must be an integer ≥ ${pValues.length} (got ${m})`);
  }
  const p = (index: number): number => {
    const value = pValues[index];
    return Number.isNaN(value) ? 1 : value;
  };
  const byP = Array.from(pValues, (_, index) => index).sort((i, j) => p(i) - p(j) || i - j);
  let passing = byP.length;
  while (passing > 0 && !(p(byP[passing - 1]) * m <= passing * q)) passing--;
  return byP.slice(0, passing).sort((i, j) => i - j);
}
