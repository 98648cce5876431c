import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../engine/stats/index.ts';

/** Independent reference: R's p.adjust(method = "BH") — adjusted p = min over j ≥ i of m·p(j)/j — then p_adj ≤ q. */
function adjustedReject(pValues: number[], q: number, m: number): number[] {
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(pValues.length);
  let running = Infinity;
  for (let rank = order.length; rank >= 1; rank--) {
    running = Math.min(running, (m * pValues[order[rank - 1]]) / rank);
    adjusted[order[rank - 1]] = running;
  }
  return adjusted.flatMap((p, i) => (p <= q ? [i] : []));
}

describe('benjaminiHochberg', () => {
  // Benjamini & Hochberg (1995), section 4: 15 p-values from a clinical trial; at q = 0.05 the
  // procedure rejects the 4 smallest (Bonferroni would reject 3).
  const paper = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1,
  ];

  it('rejects the 4 smallest of the 1995 paper example, wherever they sit in the input', () => {
    expect(benjaminiHochberg(paper, 0.05)).toEqual([0, 1, 2, 3]);
    const shuffled = [
      paper[9],
      paper[3],
      paper[14],
      paper[0],
      paper[7],
      paper[2],
      paper[1],
      ...paper.slice(10, 14),
      paper[4],
      paper[5],
      paper[6],
      paper[8],
    ];
    expect(benjaminiHochberg(shuffled, 0.05)).toEqual([1, 3, 5, 6]);
  });

  it('counts unlisted tests as p = 1 through m', () => {
    expect(benjaminiHochberg(paper.slice(0, 9), 0.05, 15)).toEqual([0, 1, 2, 3]);
    expect(benjaminiHochberg(paper.slice(0, 9), 0.05)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(benjaminiHochberg([0.001, 0.03], 0.05, 1000)).toEqual([]);
  });

  it('rejects equal p-values together (step-up), in a deterministic order', () => {
    expect(benjaminiHochberg([0.04, 0.04, 0.04, 0.04], 0.05)).toEqual([0, 1, 2, 3]);
    expect(benjaminiHochberg([0.2, 0.04, 0.9, 0.04], 0.05)).toEqual([]);
    expect(benjaminiHochberg([0.2, 0.02, 0.9, 0.02], 0.05)).toEqual([1, 3]);
  });

  it('agrees with the adjusted-p-value formulation on random families', () => {
    const random = seedrandom('bh');
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 40);
      const pValues = Array.from({ length: n }, () => (random() < 0.3 ? random() * 0.01 : random()));
      const m = n + Math.floor(random() * 20);
      const q = [0.01, 0.05, 0.1, 0.2][trial % 4];
      expect(benjaminiHochberg(pValues, q, m)).toEqual(adjustedReject(pValues, q, m));
    }
  });

  it('follows the documented policy for degenerate input', () => {
    expect(benjaminiHochberg([], 0.05)).toEqual([]);
    expect(benjaminiHochberg([], 0.05, 10)).toEqual([]);
    expect(benjaminiHochberg([NaN, 0.001], 0.05)).toEqual([1]);
    expect(benjaminiHochberg([0.001, 0.002], 0)).toEqual([]);
    expect(() => benjaminiHochberg([0.01, 0.02], 0.05, 1)).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.01], 0.05, 2.5)).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.01], 1.5)).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.01], NaN)).toThrow(RangeError);
  });
});
