import { describe, expect, it } from 'vitest';
import { sortInPlace } from '../engine/windows/sort-in-place.ts';

/** A small deterministic generator, so a failure names a reproducible case. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('sortInPlace', () => {
  it(
    'orders as Array.prototype.sort does, ties kept in input ' + 'order, at every length around the insertion cut-off',
    () => {
      const u = lcg(7);
      for (let n = 0; n <= 40; n++) {
        for (let trial = 0; trial < 20; trial++) {
          const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(u() * 5), i }));
          const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
          const expected = [...items].sort(byKey);
          const same = items;
          expect(sortInPlace(items, byKey), `n=${n}`).toEqual(expected);
          expect(sortInPlace(items, byKey)).toBe(same);
        }
      }
    },
  );

  it('leaves an empty array and a single item alone', () => {
    expect(sortInPlace([], (a: number, b: number) => a - b)).toEqual([]);
    expect(sortInPlace([4], (a, b) => a - b)).toEqual([4]);
  });
});
