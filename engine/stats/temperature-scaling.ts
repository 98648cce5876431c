// Confidence that means what it says: one temperature, fitted on held-out answers, softens or sharpens a model's logits.

/** The search range of the temperature: beyond it a model is either useless or certain of everything. */
const MIN_TEMPERATURE = 0.05;
const MAX_TEMPERATURE = 50;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const STEPS = 80;

/**
 * The temperature T > 0 minimising the mean negative log-likelihood of `labels` under softmax(logits / T)
 * (Guo et al. 2017, "On calibration of modern neural networks"): held-out logits in, one number out. The
 * argmax never changes, only how sure the probabilities are; T > 1 means the model was overconfident.
 * A label may be a list of classes any of which is right (a partial label): its likelihood is their summed
 * probability. Golden-section search on log T over [0.05, 50] (the likelihood is unimodal in T), 80 steps.
 * Policy: empty input → 1 (nothing to correct); throws RangeError when the lists differ in length or a label
 * is not an index into its row.
 *
 * @example
 * Math.round(100 * temperatureScaling([[4, 0], [4, 0], [4, 0], [0, 4]], [0, 0, 1, 1])) / 100; // => 3.64
 * Math.round(100 * temperatureScaling([[1, 0], [1, 0], [0, 1]], [0, 0, 1])) / 100; // => 0.05
 * Math.round(100 * temperatureScaling([[4, 0, 0], [0, 4, 0], [0, 0, 4]], [[0, 1], [0, 1], [0, 2]])) / 100; // => 0.05
 * temperatureScaling([], []); // => 1
 */
export function temperatureScaling(
  logits: readonly (readonly number[])[],
  labels: readonly (number | readonly number[])[],
): number {
  if (logits.length !== labels.length)
    throw new RangeError(`temperatureScaling: ${logits.length} rows of logits but ${labels.length} labels`);
  const sets = labels.map((label) => (typeof label === 'number' ? [label] : label));
  sets.forEach((set, i) => {
    if (set.length === 0 || set.some((c) => !Number.isInteger(c) || c < 0 || c >= logits[i].length))
      throw new RangeError(`temperatureScaling: label ${JSON.stringify(labels[i])} of row ${i} is not a class index`);
  });
  if (logits.length === 0) return 1;
  const loss = (logT: number): number => {
    const t = Math.exp(logT);
    let sum = 0;
    logits.forEach((row, i) => {
      let max = -Infinity;
      for (const z of row) max = Math.max(max, z / t);
      let total = 0;
      for (const z of row) total += Math.exp(z / t - max);
      // log Σ over the right classes, taken from their own maximum so a far-off label does not underflow to 0.
      let top = -Infinity;
      for (const c of sets[i]) top = Math.max(top, row[c] / t);
      let right = 0;
      for (const c of sets[i]) right += Math.exp(row[c] / t - top);
      sum += max + Math.log(total) - top - Math.log(right);
    });
    return sum / logits.length;
  };
  let a = Math.log(MIN_TEMPERATURE);
  let b = Math.log(MAX_TEMPERATURE);
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = loss(c);
  let fd = loss(d);
  for (let i = 0; i < STEPS; i++) {
    if (fc <= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - GOLDEN * (b - a);
      fc = loss(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + GOLDEN * (b - a);
      fd = loss(d);
    }
  }
  return Math.exp((a + b) / 2);
}
