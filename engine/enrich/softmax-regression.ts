// Multinomial logistic regression trained by AdaGrad on sparse binary features: pure, seeded, reproducible.
import seedrandom from 'seedrandom';

/** One training example: feature indices (repeats allowed) and its class index. */
export interface Example {
  readonly features: readonly number[];
  readonly label: number;
  /**
   * Classes any of which is right (a partial label, e.g. a city category that merges several topics): the loss is
   * −log of their summed probability, so other examples decide how it splits among them. Absent: `label` alone.
   */
  readonly anyOf?: readonly number[];
  /** Every feature's value (1 when absent): below 1 for long texts, so their scores do not grow with length. */
  readonly scale?: number;
}

export interface TrainingOptions {
  readonly classes: number;
  readonly features: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per update on the touched weights. */
  readonly l2: number;
  /** Share of an example's features hidden at each visit, so no single word carries a topic alone. */
  readonly dropout: number;
  readonly seed: string;
}

export interface TrainedWeights {
  /** features × classes, row-major. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** Mean cross-entropy per epoch, to see it converge. */
  readonly losses: number[];
}

/** Fit weights to examples; same examples and options give the same weights bit for bit. */
export function trainSoftmaxRegression(examples: readonly Example[], o: TrainingOptions): TrainedWeights {
  const k = o.classes;
  const weights = new Float64Array(o.features * k);
  const gradSq = new Float64Array(o.features * k).fill(1e-8);
  const bias = new Float64Array(k);
  const biasSq = new Float64Array(k).fill(1e-8);
  const p = new Float64Array(k);
  const order = examples.map((_, i) => i);
  const rng = seedrandom(o.seed);
  const losses: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rng);
    let loss = 0;
    for (const i of order) {
      const ex = { label: examples[i].label, features: drop(examples[i].features, o.dropout, rng) };
      const anyOf = examples[i].anyOf;
      const scale = examples[i].scale ?? 1;
      probabilities(ex.features, weights, bias, p, scale);
      // The target: the label, or the classes of a partial label in proportion to their current probabilities.
      let right = 0;
      if (anyOf) for (const j of anyOf) right += p[j];
      else right = p[ex.label];
      loss -= Math.log(Math.max(right, 1e-12));
      for (let j = 0; j < k; j++) {
        const target = anyOf ? (anyOf.includes(j) ? p[j] / Math.max(right, 1e-12) : 0) : j === ex.label ? 1 : 0;
        const g = p[j] - target;
        biasSq[j] += g * g;
        bias[j] -= (o.learningRate * g) / Math.sqrt(biasSq[j]);
        for (const f of ex.features) {
          const at = f * k + j;
          const gw = scale * g + o.l2 * weights[at];
          gradSq[at] += gw * gw;
          weights[at] -= (o.learningRate * gw) / Math.sqrt(gradSq[at]);
        }
      }
    }
    losses.push(loss / examples.length);
  }
  return { weights, bias, losses };
}

/** Class probabilities of one example under the weights (each feature worth `scale`), written into p. */
export function probabilities(
  features: readonly number[],
  weights: Float64Array,
  bias: Float64Array,
  p: Float64Array,
  scale = 1,
): void {
  const k = bias.length;
  p.fill(0);
  for (const f of features) for (let j = 0; j < k; j++) p[j] += weights[f * k + j];
  for (let j = 0; j < k; j++) p[j] = bias[j] + scale * p[j];
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, p[j]);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += p[j] = Math.exp(p[j] - max);
  for (let j = 0; j < k; j++) p[j] /= sum;
}

/** The features that survive dropout (at least one). */
function drop(features: readonly number[], rate: number, rng: () => number): readonly number[] {
  if (rate === 0 || features.length < 2) return features;
  const kept = features.filter(() => rng() >= rate);
  return kept.length > 0 ? kept : [features[Math.floor(rng() * features.length)]];
}

function shuffle(a: number[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
