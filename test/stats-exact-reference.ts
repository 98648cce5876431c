// Slow exact tail probabilities in BigInt fixed point, an independent check on the fast engine/stats code.

/** Fixed-point scale: values down to 1e-340 keep more than 60 significant digits. */
const DIGITS = 400n;
const SCALE = 10n ** DIGITS;
/** Stop summing once a term is below this fraction of the running sum. */
const RELATIVE_CUTOFF = 10n ** 40n;

/** A rational number num/den, both positive BigInts. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** Converts a fixed-point BigInt (value × 10^400) to the nearest double through its decimal string. */
function toDouble(fixed: bigint): number {
  if (fixed === 0n) return 0;
  const digits = fixed.toString();
  const exponent = digits.length - 1 - Number(DIGITS);
  return Number(`${digits[0]}.${digits.slice(1, 40)}e${exponent}`);
}

/** Σ term_j for j ≥ first, term_{j+1} = term_j · ratio(j), starting from `start` (fixed point), until terms vanish. */
function sumUpward(start: bigint, first: number, ratio: (j: number) => Ratio): bigint {
  let term = start;
  let sum = 0n;
  for (let j = first; term > 0n; j++) {
    sum += term;
    if (term * RELATIVE_CUTOFF < sum) break;
    const r = ratio(j);
    term = (term * r.num) / r.den;
  }
  return sum;
}

/**
 * P(X ≥ k) for X ~ Poisson(mu) with rational mu: e^(−mu) · Σ_{j≥k} mu^j / j!, the sum exact in
 * BigInt and only the final product with Math.exp(−mu) in floating point.
 */
export function exactPoissonUpperTail(k: number, mu: Ratio): number {
  let factorial = 1n;
  for (let j = 2n; j <= BigInt(k); j++) factorial *= j;
  const start = (mu.num ** BigInt(k) * SCALE) / (mu.den ** BigInt(k) * factorial);
  const sum = sumUpward(start, k, (j) => ({ num: mu.num, den: mu.den * BigInt(j + 1) }));
  return toDouble(sum) * Math.exp(-Number(mu.num) / Number(mu.den));
}

/**
 * P(X ≥ k) for the negative binomial with integer size r and rational failure probability
 * q = mean/(mean + r): Σ_{j≥k} C(j + r − 1, j)·(1 − q)^r·q^j, entirely in BigInt.
 */
export function exactNegativeBinomialUpperTail(k: number, size: number, q: Ratio): number {
  const r = BigInt(size);
  const p: Ratio = { num: q.den - q.num, den: q.den };
  let binomial = 1n; // C(k + r − 1, k)
  for (let j = 1n; j <= BigInt(k); j++) binomial = (binomial * (j + r - 1n)) / j;
  const start = (binomial * p.num ** r * q.num ** BigInt(k) * SCALE) / (p.den ** r * q.den ** BigInt(k));
  const sum = sumUpward(start, k, (j) => ({ num: (BigInt(j) + r) * q.num, den: BigInt(j + 1) * q.den }));
  return toDouble(sum);
}
