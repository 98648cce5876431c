// Distinct strings in order of first appearance, for a minute's callers per cell. A Set costs an allocation
// and rehashes as it grows; at 5,000 reports/s a minute closes ~300k callers, so this reuses one
// open-addressing table of indexes across calls (exact: a hash match is confirmed by comparing the strings).
import { callerHash } from '../decide/caller-hash.ts';

export class DistinctInOrder {
  /** Slot → index into the current input + 1 (0 = empty); valid only where `stamps` holds this call's number. */
  private slots = new Int32Array(64);
  private stamps = new Int32Array(64);
  private call = 0;

  /** The distinct values `at(item)` of `items`, first appearance first. */
  distinct<T>(items: readonly T[], at: (item: T) => string): string[] {
    if (items.length === 1) return [at(items[0])];
    this.prepare(items.length);
    const mask = this.slots.length - 1;
    const out: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const value = at(items[i]);
      let slot = callerHash(value) & mask;
      for (;;) {
        if (this.stamps[slot] !== this.call) {
          this.stamps[slot] = this.call;
          this.slots[slot] = i + 1;
          out.push(value);
          break;
        }
        if (at(items[this.slots[slot] - 1]) === value) break;
        slot = (slot + 1) & mask;
      }
    }
    return out;
  }

  /** A table at least twice the input, and a fresh call number (stamps older than it read as empty). */
  private prepare(n: number): void {
    if (this.slots.length < 2 * n) {
      let size = this.slots.length;
      while (size < 2 * n) size *= 2;
      this.slots = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.call = 0;
    }
    if (++this.call === 0x7fffffff) {
      this.stamps.fill(0);
      this.call = 1;
    }
  }
}
