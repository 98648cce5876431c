// How surprising a count is under an overdispersed baseline: NB P(X ≥ k), precise for tiny tails.
import { negativeBinomialProbability } from './negative-binomial-probability.ts';
import { poissonUpperTail } from './poisson-upper-tail.ts';
import { regularizedBeta } from './regularized-beta.ts';

/** Relative size below which a further pmf term no longer changes the sum. */
const EPSILON = Number.EPSILON / 2;

/**
 * P(X ≥ k) for X negative binomial with the given `mean` μ and dispersion `size` r
 * (variance μ + μ²/r), i.e. the number of failures before the r-th success with success
 * probability r/(r + μ). In the upper tail it is the regularized incomplete beta
 * I_{μ/(r+μ)}(k, r) (continued fraction with a saddle-point front factor), so tiny tails (1e-30)
 * keep their relative precision (≈1e-14 typically, below 1e-11 for any size ≥ 0.02 against 60-digit
 * references); for k at or below the centre it is 1 − Σ_{j<k} P(X = j),
 * summed downward from k − 1 until the terms vanish (the tail is then not small, and this stays
 * precise for any size, where the continued fraction would not).
 * Policy: k is rounded up to an integer; k ≤ 0 → 1; mean ≤ 0 → 0 (for k ≥ 1); mean = Infinity → 1;
 * k = Infinity → 0 (finite mean); size = Infinity → {@link poissonUpperTail}(k, mean); NaN input → NaN.
 * Throws RangeError when size ≤ 0 (a dispersion estimate that is not positive means "use Poisson":
 * pass Infinity).
 *
 * @example
 * negativeBinomialUpperTail(1, 2, 1); // => 2 / 3
 * negativeBinomialUpperTail(5, 3, Infinity); // => poissonUpperTail(5, 3)
 * negativeBinomialUpperTail(60, 2, 4); // => 2.8449940388418767e-25
 */
export function negativeBinomialUpperTail(k: number, mean: number, size: number): number {
  if (Number.isNaN(k) || Number.isNaN(mean) || Number.isNaN(size)) return NaN;
  if (size <= 0) throw new RangeError(`negativeBinomialUpperTail: size must be > 0 (got ${size})`);
  const atLeast = Math.ceil(k);
  if (atLeast <= 0) return 1;
  if (mean <= 0) return 0;
  if (mean === Infinity) return 1;
  if (atLeast === Infinity) return 0;
  if (size === Infinity) return poissonUpperTail(atLeast, mean);
  const failure = mean / (size + mean);
  if (failure < (atLeast + 1) / (atLeast + size + 2)) {
    return regularizedBeta(failure, atLeast, size, size / (size + mean));
  }
  return 1 - lowerSum(atLeast - 1, mean, size, failure);
}

/** P(X ≤ last), adding pmf terms from `last` down, with P(X = j − 1) = P(X = j)·j / ((j − 1 + r)·q). */
function lowerSum(last: number, mean: number, size: number, failure: number): number {
  let term = negativeBinomialProbability(last, mean, size);
  let sum = term;
  for (let j = last; j > 0 && term >= sum * EPSILON; j--) {
    term *= j / ((j - 1 + size) * failure);
    sum += term;
  }
  return sum;
}
