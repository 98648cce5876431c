// Calibration that one temperature cannot give: a slope and an intercept on the log-odds of the stated confidence,
// for a model over-sure at the top and unsure below at once.

/** Confidences are kept this far from 0 and 1, so their log-odds stay finite. */
const EDGE = 1e-6;
const STEPS = 50;

/**
 * The slope a and intercept b for which sigmoid(a · logit(p) + b) best predicts whether an answer stated with
 * confidence p was right: logistic regression of `correct` on logit(p), by Newton's method (Platt 1999, "Probabilistic
 * outputs for support vector machines"), with Platt's smoothed targets (N₊ + 1) / (N₊ + 2) and 1 / (N₋ + 2) in place
 * of 1 and 0, so that a few dozen answers, or all right, give finite values. Slope 1 and intercept 0 leave p as it is;
 * a slope below 1 pulls confidences towards the middle, above 1 pushes them out. Monotone: the order of confidences,
 * hence the best answer, never changes. Policy: empty input → { slope: 1, intercept: 0 }; throws RangeError when the
 * lists differ in length or a confidence is not in [0, 1].
 *
 * @example
 * Math.round(100 * plattScaling([0.99, 0.99, 0.99, 0.7, 0.7, 0.3], [true, true, false, true, false, false]).slope) / 100; // => 0.23
 * plattScaling([], []); // => { slope: 1, intercept: 0 }
 */
export function plattScaling(
  confidences: readonly number[],
  correct: readonly boolean[],
): { slope: number; intercept: number } {
  if (confidences.length !== correct.length)
    throw new RangeError(`plattScaling: ${confidences.length} confidences but ${correct.length} outcomes`);
  confidences.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`plattScaling: confidence ${p} of answer ${i} is not in [0, 1]`);
  });
  if (confidences.length === 0) return { slope: 1, intercept: 0 };
  const right = correct.filter(Boolean).length;
  const hi = (right + 1) / (right + 2);
  const lo = 1 / (confidences.length - right + 2);
  const x = confidences.map((p) => {
    const q = Math.min(1 - EDGE, Math.max(EDGE, p));
    return Math.log(q / (1 - q));
  });
  const t = correct.map((c) => (c ? hi : lo));
  const loss = (a: number, b: number): number => {
    let sum = 0;
    x.forEach((xi, i) => {
      const z = a * xi + b;
      // −[t log σ(z) + (1 − t) log(1 − σ(z))], written to stay finite for large |z|.
      sum += Math.max(z, 0) - t[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    });
    return sum;
  };
  let a = 1;
  let b = 0;
  for (let round = 0; round < STEPS; round++) {
    // Gradient and Hessian of the cross-entropy in (a, b).
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    x.forEach((xi, i) => {
      const p = 1 / (1 + Math.exp(-(a * xi + b)));
      const d = p - t[i];
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * xi;
      gb += d;
      haa += w * xi * xi;
      hab += w * xi;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // A full Newton step can overshoot on log-loss and diverge: halve it until the loss goes down (Lin et al. 2007).
    const before = loss(a, b);
    let step = 1;
    while (step > 1e-8 && loss(a - step * da, b - step * db) > before) step /= 2;
    a -= step * da;
    b -= step * db;
    if (step * (Math.abs(da) + Math.abs(db)) < 1e-10) break;
  }
  return { slope: a, intercept: b };
}
