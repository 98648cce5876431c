// IntMap (the windows' caller → last-minute map) against a Map, through random exchanges, gets and deletes.
import { describe, expect, it } from 'vitest';
import { IntMap } from '../engine/decide/int-map.ts';

describe('IntMap', () => {
  it('answers like a Map through 200,000 random operations on a few thousand keys, growing on the way', () => {
    let s = 12345;
    const random = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const map = new IntMap();
    const reference = new Map<number, number>();
    // Keys crowd a small range so probe runs are long and deletions shift entries back across them.
    const keys = Array.from({ length: 3000 }, (_, i) => (i < 1500 ? i * 4096 : random(2 ** 30)));
    for (let op = 0; op < 200_000; op++) {
      const key = keys[random(keys.length)];
      const what = random(10);
      if (what < 4) {
        expect(map.exchange(key, op, -1)).toBe(reference.get(key) ?? -1);
        reference.set(key, op);
      } else if (what < 7) expect(map.delete(key)).toBe(reference.delete(key));
      else expect(map.get(key, -1)).toBe(reference.get(key) ?? -1);
      if (op % 10_000 === 0) expect(map.size).toBe(reference.size);
    }
    for (const key of keys) expect(map.get(key, -1)).toBe(reference.get(key) ?? -1);
    expect(map.size).toBe(reference.size);
  });

  it('returns the caller-chosen absent value for a missing key and for an emptied map', () => {
    const map = new IntMap();
    expect(map.get(7, -99)).toBe(-99);
    expect(map.exchange(7, 0, -99)).toBe(-99);
    expect(map.get(7, -99)).toBe(0);
    expect(map.delete(7)).toBe(true);
    expect(map.delete(7)).toBe(false);
    expect(map.get(7, -99)).toBe(-99);
    expect(map.size).toBe(0);
  });
});
