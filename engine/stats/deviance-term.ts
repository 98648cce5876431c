// Loader's bd0: the Poisson deviance term, computed without cancellation when x is close to its mean.

/**
 * The deviance term x·ln(x / mean) + mean − x (Loader 2000, "bd0"), accurate to full relative
 * precision even when x ≈ mean, where the direct formula cancels. x ≥ 0 and mean > 0.
 * Policy: x = 0 → mean.
 *
 * @example
 * devianceTerm(10, 10); // => 0
 * devianceTerm(0, 3); // => 3
 */
export function devianceTerm(x: number, mean: number): number {
  if (x === 0) return mean;
  const difference = x - mean;
  if (Math.abs(difference) < 0.1 * (x + mean)) {
    // Series in v = (x − mean)/(x + mean): 2x·Σ v^(2j+1)/(2j+1) − (x − mean), summed until it stops changing.
    let v = difference / (x + mean);
    let sum = difference * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}
