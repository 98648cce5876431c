// Stirling's remainder lets the pmfs below avoid subtracting huge log-gammas (Loader 2000), keeping tails precise.
import { gammaln } from 'simple-statistics';

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
// Coefficients of the asymptotic series 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹).
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;
/** Above this the series truncation error is below 3e-16 (next term 691/(360360·x¹¹)). */
const SERIES_FROM = 15;

/**
 * Stirling's error δ(x) = lnΓ(x + 1) − [(x + ½)·ln x − x + ½·ln 2π], for real x > 0.
 * Used by {@link poissonProbability} and the incomplete beta to keep full relative precision.
 * Policy: x = 0 → Infinity; x < 0 or NaN → NaN.
 *
 * @example
 * stirlingError(1); // => 0.08106146679532726
 */
export function stirlingError(x: number): number {
  if (x >= SERIES_FROM) {
    const x2 = x * x;
    return (S0 - (S1 - (S2 - (S3 - S4 / x2) / x2) / x2) / x2) / x;
  }
  if (x === 0) return Infinity;
  if (!(x > 0)) return NaN;
  return gammaln(x + 1) - (x + 0.5) * Math.log(x) + x - HALF_LN_2PI;
}
