import { describe, expect, it } from 'vitest';
import { FeatureTable, wordKey1, wordKey2 } from '../engine/enrich/feature-table.ts';

/** A small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('feature table', () => {
  const k = 14;
  const random = lcg(7);
  const words = Array.from({ length: 500 }, (_, i) => `词${i}`);
  const weights = words.map(() => Array.from({ length: k }, () => Math.floor(random() * 256) - 128));
  const table = new FeatureTable(words.length, k);
  const offsets = words.map((w, i) => table.insert(wordKey1(w), wordKey2(w), weights[i], w, i % 4));

  it('finds every stored feature by its keys and reports absent ones as -1', () => {
    for (const [i, w] of words.entries()) expect(table.findWord(w)).toBe(offsets[i]);
    expect(table.findWord('不在表里')).toBe(-1);
    expect(table.name(offsets[42])).toBe('词42');
    expect(table.tag(offsets[42])).toBe(2);
  });

  it('sums weights exactly like a plain loop, extremes and more than 256 features included', () => {
    const extremes = new FeatureTable(2, k);
    const low = extremes.insert(1, 1, Array(k).fill(-128), 'low', 0);
    const high = extremes.insert(2, 1, Array(k).fill(127), 'high', 0);
    const sums = new Int32Array(extremes.sumsLength);
    extremes.sum(
      Int32Array.from({ length: 700 }, (_, i) => (i % 3 === 0 ? high : low)),
      700,
      sums,
    );
    expect([...sums.subarray(0, k)]).toEqual(Array(k).fill(234 * 127 - 466 * 128));

    const picks = Array.from({ length: 600 }, () => Math.floor(random() * words.length));
    for (const n of [0, 1, 255, 256, 257, 600]) {
      table.sum(Int32Array.from(picks.map((p) => offsets[p])), n, sums);
      const expected = Array.from({ length: k }, (_, j) => picks.slice(0, n).reduce((s, p) => s + weights[p][j], 0));
      expect([...sums.subarray(0, k)], `n = ${n}`).toEqual(expected);
    }
  });

  it('sums more than sixteen topics, in groups of sixteen', () => {
    const wide = new FeatureTable(3, 20);
    const rows = [0, 1, 2].map((r) => Array.from({ length: 20 }, (_, j) => ((r * 37 + j * 11) % 256) - 128));
    const at = rows.map((w, r) => wide.insert(r + 1, 1, w, `f${r}`, 0));
    const sums = new Int32Array(wide.sumsLength);
    expect(sums.length).toBe(32);
    wide.sum(Int32Array.from([at[0], at[2], at[2], at[1]]), 4, sums);
    expect([...sums.subarray(0, 20)]).toEqual(rows[0].map((w, j) => w + 2 * rows[2][j] + rows[1][j]));
  });
});
