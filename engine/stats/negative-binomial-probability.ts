// The negative-binomial pmf by mean and dispersion, precise for any size (Loader's form, as R's dnbinom).
import { binomialProbability } from './binomial-probability.ts';
import { poissonProbability } from './poisson-probability.ts';

/**
 * P(X = x) for X negative binomial with the given `mean` μ and dispersion `size` r (variance
 * μ + μ²/r): Γ(x + r)/(Γ(r)·x!)·p^r·(1 − p)^x with p = r/(r + μ), computed as
 * r/(r + x) · C(r + x, x)·p^r·(1 − p)^x with the saddle-point binomial kernel, so neither a huge r
 * nor a tiny probability loses precision.
 * Policy: x not a non-negative integer → 0; mean ≤ 0 → 1 if x = 0 else 0; size = Infinity →
 * {@link poissonProbability}(x, mean); NaN input → NaN. Throws RangeError when size ≤ 0.
 *
 * @example
 * negativeBinomialProbability(0, 2, 1); // => 1 / 3
 * negativeBinomialProbability(2, 2, 1); // => 4 / 27
 */
export function negativeBinomialProbability(x: number, mean: number, size: number): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || Number.isNaN(size)) return NaN;
  if (size <= 0) throw new RangeError(`negativeBinomialProbability: size must be > 0 (got ${size})`);
  if (x < 0 || !Number.isInteger(x)) return 0;
  if (mean <= 0) return x === 0 ? 1 : 0;
  if (size === Infinity) return poissonProbability(x, mean);
  const total = size + mean;
  return (size / (size + x)) * binomialProbability(size, x, size / total, mean / total);
}
