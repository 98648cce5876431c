// Stratified folds: every topic spread evenly over k parts, for cross-validation and the calibration split.
import seedrandom from 'seedrandom';

/**
 * The fold (0 … k−1) of each item: items of each label shuffled with the seed, then dealt round-robin, so every fold
 * holds about 1/k of every label. The same labels, k and seed give the same folds.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: string): number[] {
  const rng = seedrandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  });
  const fold = new Array<number>(labels.length).fill(0);
  // Each label starts where the previous one stopped, so small labels do not all land in fold 0.
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const items = byLabel.get(label)!;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    for (const i of items) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
