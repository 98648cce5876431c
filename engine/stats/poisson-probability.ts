// The Poisson pmf in saddle-point form (Loader 2000): exact to ~1e-15 relative even far in the tail.
import { devianceTerm } from './deviance-term.ts';
import { stirlingError } from './stirling-error.ts';

const TWO_PI = 2 * Math.PI;

/**
 * P(X = x) for X ~ Poisson(mu), i.e. e^(−mu)·mu^x / Γ(x + 1), computed as
 * exp(−δ(x) − bd0(x, mu)) / √(2πx) so that it keeps full relative precision for tiny
 * probabilities. x need not be an integer (the same kernel is the front factor of the incomplete gamma).
 * Policy: x < 0 → 0; mu = 0 → 1 if x = 0 else 0; mu = Infinity → 0; mu < 0 or NaN input → NaN.
 *
 * @example
 * poissonProbability(0, 2); // => Math.exp(-2)
 * poissonProbability(3, 2); // => (4 / 3) * Math.exp(-2)
 */
export function poissonProbability(x: number, mu: number): number {
  if (Number.isNaN(x) || Number.isNaN(mu) || mu < 0) return NaN;
  if (x < 0) return 0;
  if (mu === 0) return x === 0 ? 1 : 0;
  if (mu === Infinity || x === Infinity) return 0;
  if (x <= mu * Number.MIN_VALUE) return Math.exp(-mu);
  if (mu < x * Number.MIN_VALUE) return 0;
  return Math.exp(-stirlingError(x) - devianceTerm(x, mu)) / Math.sqrt(TWO_PI * x);
}
