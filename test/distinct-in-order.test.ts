import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { DistinctInOrder } from '../engine/windows/distinct-in-order.ts';

describe("distinct strings in order of first appearance (a minute's callers)", () => {
  const same = (s: string) => s;

  it('keeps the first appearance of each value, in order, for one, many and empty inputs', () => {
    const d = new DistinctInOrder();
    expect(d.distinct(['b', 'a', 'b', 'c', 'a'], same)).toEqual(['b', 'a', 'c']);
    expect(d.distinct(['x'], same)).toEqual(['x']);
    expect(d.distinct([], same)).toEqual([]);
  });

  it('agrees with a Set over random inputs of growing size, reusing one table', () => {
    const d = new DistinctInOrder();
    const rng = seedrandom('distinct');
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rng() * (round * 20 + 2));
      const values = Array.from({ length: n }, () => `c-${Math.floor(rng() * n * 0.7)}`);
      expect(d.distinct(values, same)).toEqual([...new Set(values)]);
    }
  });

  it('reads values through the accessor', () => {
    const reports = [{ caller: 'p' }, { caller: 'q' }, { caller: 'p' }];
    expect(new DistinctInOrder().distinct(reports, (r) => r.caller)).toEqual(['p', 'q']);
  });
});
