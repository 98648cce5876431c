// How surprising a count is under a Poisson baseline: P(X ≥ k), precise down to 1e-300, never 1 − cdf.
import { regularizedLowerGamma } from './regularized-lower-gamma.ts';

/**
 * P(X ≥ k) for X ~ Poisson(mu), as the regularized lower incomplete gamma P(⌈k⌉, mu) — summed
 * upward from k in the tail, so a 1e-30 tail is returned with ~1e-14 relative precision
 * (see {@link regularizedLowerGamma} for the measured accuracy).
 * Policy: k is rounded up to an integer (P(X ≥ 2.5) = P(X ≥ 3)); k ≤ 0 → 1; mu ≤ 0 → 0 (for
 * k ≥ 1, the distribution is a point mass at 0); mu = Infinity → 1; k = Infinity → 0 (finite mu);
 * NaN input → NaN.
 *
 * @example
 * poissonUpperTail(0, 3); // => 1
 * poissonUpperTail(1, 2); // => 1 - Math.exp(-2)
 * poissonUpperTail(3, 1); // => 1 - 2.5 * Math.exp(-1)
 * poissonUpperTail(40, 2); // => 1.917158341594273e-37
 */
export function poissonUpperTail(k: number, mu: number): number {
  if (Number.isNaN(k) || Number.isNaN(mu)) return NaN;
  const atLeast = Math.ceil(k);
  if (atLeast <= 0) return 1;
  if (mu <= 0) return 0;
  return regularizedLowerGamma(atLeast, mu);
}
