// Binomial kernel in saddle-point form (Loader 2000): the precise core of the NB pmf and the incomplete beta.
import { devianceTerm } from './deviance-term.ts';
import { stirlingError } from './stirling-error.ts';

const LN_2PI = Math.log(2 * Math.PI);

/**
 * C(s + f, s)·p^s·q^f = Γ(s + f + 1)/(Γ(s + 1)·Γ(f + 1))·p^s·q^f for real s, f ≥ 0: the binomial
 * probability of s successes and f failures, parametrised by both counts (not by n and x) so that
 * a tiny f next to a large s keeps its precision, and with q = 1 − p passed separately for the same
 * reason. Relative accuracy ≈ 1e-14 however small the result.
 * Policy: p = 0 → 1 if s = 0 else 0; q = 0 → 1 if f = 0 else 0.
 *
 * @example
 * binomialProbability(2, 2, 0.5); // => 0.375
 */
export function binomialProbability(s: number, f: number, p: number, q: number = 1 - p): number {
  if (p === 0) return s === 0 ? 1 : 0;
  if (q === 0) return f === 0 ? 1 : 0;
  const n = s + f;
  if (s === 0) return f === 0 ? 1 : Math.exp(p < 0.1 ? -devianceTerm(f, n * q) - n * p : f * Math.log(q));
  if (f === 0) return Math.exp(q < 0.1 ? -devianceTerm(s, n * p) - n * q : s * Math.log(p));
  const logCore =
    stirlingError(n) - stirlingError(s) - stirlingError(f) - devianceTerm(s, n * p) - devianceTerm(f, n * q);
  const logScale = LN_2PI + Math.log(s) + Math.log(f) - Math.log(n);
  return Math.exp(logCore - 0.5 * logScale);
}
