// Caller ids for the synthetic feed: mostly new people, plus a pool of regulars per cell who call again.
import type { RandomStream } from './random-stream.ts';

const REPEAT_SHARE = 0.15;
const POOL_DAYS = 2;

/** Mints unique, random-looking caller ids and keeps the regulars of each cell. */
export class CallerIds {
  private counter = 0;
  private readonly salt: number;
  private readonly regulars = new Map<number, string[]>();

  constructor(seed: string) {
    let h = 2166136261;
    for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    this.salt = h >>> 0;
  }

  /** A caller id never handed out before (a bijective scramble of a counter, so no collisions). */
  fresh(): string {
    const x = (Math.imul(++this.counter, 0x9e3779b1) ^ this.salt) >>> 0;
    return `c-${x.toString(16).padStart(8, '0')}`;
  }

  /**
   * The caller of an everyday report in a cell: usually someone new, sometimes one of the cell's regulars
   * (a pool of about two days' callers), so some people call several times over the weeks.
   */
  everyday(rng: RandomStream, cell: number, cellDaily: number): string {
    if (!rng.chance(REPEAT_SHARE)) return this.fresh();
    let pool = this.regulars.get(cell);
    if (!pool) {
      pool = [];
      this.regulars.set(cell, pool);
    }
    const size = Math.max(3, Math.round(cellDaily * POOL_DAYS));
    const slot = rng.int(0, size - 1);
    while (pool.length <= slot) pool.push(this.fresh());
    return pool[slot];
  }
}
