// IdSet (deduplication's id generations) against a Set of strings, colliding hashes included.
import { describe, expect, it } from 'vitest';
import { fnv1a } from '../engine/fnv1a.ts';
import { IdSet } from '../engine/windows/id-set.ts';

describe('IdSet', () => {
  it('holds exactly what a Set holds through 100,000 adds and lookups, and lists ids in the order added', () => {
    const ids = new IdSet();
    const reference = new Set<string>();
    let s = 99;
    const random = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 100_000; i++) {
      const id = `12345-2026${random(60_000)}`;
      if (random(2) === 0) {
        expect(ids.add(id)).toBe(!reference.has(id));
        reference.add(id);
      } else expect(ids.has(id)).toBe(reference.has(id));
    }
    expect(ids.size).toBe(reference.size);
    expect(ids.values()).toEqual([...reference]);
  });

  it('tells apart ids whose 32-bit hashes collide', () => {
    // Two ids with the same FNV-1a, found by brute force (the birthday bound: about 80k tries).
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null; i++) {
      const id = `r${i}`;
      const other = seen.get(fnv1a(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(fnv1a(id), id);
    }
    const ids = new IdSet([pair[0]]);
    expect(ids.has(pair[1])).toBe(false);
    expect(ids.add(pair[1])).toBe(true);
    expect(ids.has(pair[0]) && ids.has(pair[1])).toBe(true);
    expect(ids.add(pair[0])).toBe(false);
  });
});
