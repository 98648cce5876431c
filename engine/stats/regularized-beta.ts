// I_x(a, b), the regularized incomplete beta: the negative-binomial upper tail without computing 1 − cdf.
import { binomialProbability } from './binomial-probability.ts';

/** Relative convergence tolerance: two ulps of 1. */
const EPSILON = 2 * Number.EPSILON;
/** Guards Lentz's algorithm against division by zero. */
const TINY = 1e-300;
/** Iteration cap; the fraction converges in O(√max(a, b)) steps, far below this for counts. */
const MAX_ITERATIONS = 1_000_000;

/**
 * The regularized incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. `y` is 1 − x; pass it when
 * you know it more precisely than `1 - x` (e.g. y = r/(r + μ) next to x = μ/(r + μ)).
 * Evaluates the continued fraction (Numerical Recipes' betacf, modified Lentz) on the side of the
 * mean where it converges, with the front factor x^a·y^b/(a·B(a, b)) in Loader's saddle-point
 * form: below the mean, x < (a + 1)/(a + b + 2), tiny values (1e-300) keep ~1e-14 relative
 * precision; above it the result is 1 − I_y(b, a), whose relative error grows to ≈ b·1e-15 when
 * b ≫ a (so {@link negativeBinomialUpperTail} sums the pmf there instead).
 * Policy: x ≤ 0 → 0; x ≥ 1 (y ≤ 0) → 1; a ≤ 0, b ≤ 0 or NaN input → NaN.
 *
 * @example
 * regularizedBeta(0.5, 2, 2); // => 0.5
 * regularizedBeta(0.25, 1, 3); // => 1 - 0.75 ** 3
 */
export function regularizedBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(y) || !(a > 0) || !(b > 0)) return NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const kernel = binomialProbability(a, b, x, y); // = x^a·y^b·Γ(a+b+1)/(Γ(a+1)·Γ(b+1))
  if (x < (a + 1) / (a + b + 2)) return ((kernel * b) / (a + b)) * continuedFraction(x, a, b);
  return 1 - ((kernel * a) / (a + b)) * continuedFraction(y, b, a);
}

/** The continued fraction of I_x(a, b)·a·B(a, b)/(x^a·(1−x)^b), Numerical Recipes' betacf. */
function continuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

function guard(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}
