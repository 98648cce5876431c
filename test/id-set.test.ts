// IdSet (deduplication's id generations) against a Set of strings, colliding hashes included.
import { describe, expect, it } from 'vitest';
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
    // "Aa" and "BB" collide in Java's hash, not in FNV-1a; find a real FNV-1a collision by brute force instead.
    const seen = new Map<number, string>();
    const fnv = (x: string) => { let h = 0x811c9dc5; for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 0x01000193); return h | 0; };
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null; i++) {
      const id = `r${i}`;
      const other = seen.get(fnv(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(fnv(id), id);
    }
    const ids = new IdSet([pair[0]]);
    expect(ids.has(pair[1])).toBe(false);
    expect(ids.add(pair[1])).toBe(true);
    expect(ids.has(pair[0]) && ids.has(pair[1])).toBe(true);
    expect(ids.add(pair[0])).toBe(false);
  });
});
